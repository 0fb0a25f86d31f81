"""Pure mapping of what an allocation (or its release) changed to the unified Allocation."""

from unified_accounting.mappers.common import number
from unified_accounting.mappers.invoices import STATUS_MAP
from unified_accounting.object_types import object_type
from unified_accounting.schemas import Allocation, AllocationLine


def to_unified_allocation_line(row: dict) -> AllocationLine:
	"""`row`: the invoice's `doctype`, `name`, `outstanding_amount` and `status` after the call, with the
	call's `applied_amount` and `exchange_gain_loss` for it."""
	return {
		"related_object_type": object_type(row["doctype"]),
		"related_object_id": row["name"],
		"applied_amount": round(number(row["applied_amount"]), 2),
		"balance": number(row["outstanding_amount"]),
		"status": STATUS_MAP.get(row["status"], "open"),
		"exchange_gain_loss": round(number(row.get("exchange_gain_loss")), 2),
	}


def to_unified_allocation(
	doctype: str, name: str, unallocated: float, lines: list[dict], journals: list[str]
) -> Allocation:
	return {
		"id": name,
		# what is applied: a payment, or an invoice that is a credit note or vendor credit
		"object_type": "payment" if doctype == "Payment Entry" else "credit_note",
		"unallocated_amount": abs(number(unallocated)),
		"applied_to": [to_unified_allocation_line(line) for line in lines],
		"journal_entry_ids": sorted(journals),
	}
