"""Pure mapping of GL Entry rows to the unified Transaction (one general ledger line) and to the GL
preview of a dry run; filters over the ledger."""

import datetime
from typing import Annotated

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	contact_ref,
	iso_date,
	number,
	reverse_all,
	snake,
	tracking_categories,
	trailing_fields,
)
from unified_accounting.object_types import RENAMED, object_type
from unified_accounting.schemas import Transaction

GL_FIELDS = (
	"company",
	"creation",
	"modified",
	"posting_date",
	"account",
	"debit",
	"credit",
	"account_currency",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"transaction_currency",
	"debit_in_transaction_currency",
	"credit_in_transaction_currency",
	"party_type",
	"party",
	"voucher_type",
	"voucher_no",
	"remarks",
	"is_cancelled",
	"cost_center",
	"project",
)
PREVIEW_FIELDS = ("account", "debit", "credit", "party_type", "party", "cost_center", "project", "against")
VOUCHER_TYPES_BY_UNIFIED = reverse_all(RENAMED)


def voucher_types(unified: str) -> list[str]:
	"""ERPNext voucher types for a unified type: the known names, else the snake_case doctype name."""
	return VOUCHER_TYPES_BY_UNIFIED.get(unified) or [unified.replace("_", " ").replace("-", " ").title()]


class TransactionFilters(CommonFilters):
	account_id: Annotated[str | None, Filter("account")] = None
	underlying_transaction_type: Annotated[str | None, Filter("voucher_type", "in", voucher_types)] = None
	underlying_transaction_id: Annotated[str | None, Filter("voucher_no")] = None
	posting_date_from: Annotated[datetime.date | None, Filter("posting_date", ">=")] = None
	posting_date_to: Annotated[datetime.date | None, Filter("posting_date", "<=")] = None
	# Cancelled lines (and their reversals) are left out unless asked for.
	include_cancelled: Annotated[bool, Filter("is_cancelled", values={False: 0, True: None})] = False


def optional_number(value) -> float | None:
	return None if value is None else number(value)


def to_unified_transaction(doctype: str, row: dict, children: dict, ctx: MapContext) -> Transaction:
	debit, credit = number(row.get("debit")), number(row.get("credit"))
	voucher_type = row.get("voucher_type")
	return {
		**base_fields(row, doctype, ctx),
		"transaction_date": iso_date(row.get("posting_date")),
		"account_id": row.get("account"),
		"debit": debit,
		"credit": credit,
		"net_amount": round(debit - credit, 9),
		"currency": row.get("account_currency"),
		"debit_in_account_currency": number(row.get("debit_in_account_currency")),
		"credit_in_account_currency": number(row.get("credit_in_account_currency")),
		"transaction_currency": row.get("transaction_currency") or None,
		"debit_in_transaction_currency": optional_number(row.get("debit_in_transaction_currency")),
		"credit_in_transaction_currency": optional_number(row.get("credit_in_transaction_currency")),
		"contact": contact_ref(row.get("party_type"), row.get("party")),
		"underlying_transaction": {
			"type": object_type(voucher_type),
			"erpnext_doctype": voucher_type,
			"id": row.get("voucher_no"),
		},
		"description": row.get("remarks") or None,
		"is_cancelled": bool(row.get("is_cancelled")),
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, doctype, ctx),
	}


def to_unified_gl_preview(row: dict) -> dict:
	"""One GL entry a dry-run posting would make."""
	debit, credit = number(row.get("debit")), number(row.get("credit"))
	party = row.get("party")
	return {
		"account_id": row.get("account"),
		"debit": debit,
		"credit": credit,
		"net_amount": debit - credit,
		"contact": {"id": party, "type": snake(row.get("party_type"))} if party else None,
		"cost_center": row.get("cost_center"),
		"project": row.get("project"),
	}
