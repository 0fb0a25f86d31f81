"""Pure mapping of Payment Entries and their references to the unified Payment and back: payment types,
bank/party sides, field tables, filters."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	columns,
	contact_ref,
	iso_date,
	number,
	posting_status,
	read_fields,
	reverse,
	snake,
	text,
	tracking_categories,
	trailing_fields,
	write_fields,
)
from unified_accounting.object_types import object_type
from unified_accounting.schemas import Payment, PaymentApplication, PaymentDeduction

DOCTYPE, REFERENCE_DOCTYPE = "Payment Entry", "Payment Entry Reference"
PAYMENT_TYPE_MAP = {
	"Receive": "accounts_receivable",
	"Pay": "accounts_payable",
	"Internal Transfer": "internal_transfer",
}
ERPNEXT_PAYMENT_TYPE = reverse(PAYMENT_TYPE_MAP)

# (unified, ERPNext, read converter)
FIELDS = (
	("transaction_date", "posting_date", iso_date),
	("payment_method", "mode_of_payment", text),
	("reference", "reference_no", text),
)
WRITE_ONLY_FIELDS = (("memo", "remarks", text),)
# Receive: money arrives in paid_to; Pay (and transfers): it leaves paid_from. (unified, receive, pay)
SIDES = (
	("account_id", "paid_to", "paid_from"),
	("party_account_id", "paid_from", "paid_to"),
	("currency", "paid_to_account_currency", "paid_from_account_currency"),
	("exchange_rate", "target_exchange_rate", "source_exchange_rate"),
	("total_amount", "received_amount", "paid_amount"),
)
HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"payment_type",
	"party_type",
	"party",
	"party_name",
	"unallocated_amount",
	"clearance_date",
	"cost_center",
	"project",
	*columns(FIELDS),
	*(column for _unified, receive, pay in SIDES for column in (receive, pay)),
)
REFERENCE_FIELDS = ("reference_doctype", "reference_name", "allocated_amount")
DEDUCTION_FIELDS = ("account", "amount", "cost_center", "description")


class PaymentFilters(CommonFilters):
	type: Annotated[
		Literal[tuple(ERPNEXT_PAYMENT_TYPE)] | None, Filter("payment_type", values=ERPNEXT_PAYMENT_TYPE)
	] = None
	contact_id: Annotated[str | None, Filter("party")] = None
	invoice_id: Annotated[str | None, Filter("reference_name", child=REFERENCE_DOCTYPE)] = None
	transaction_date_from: Annotated[datetime.date | None, Filter("posting_date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("posting_date", "<=")] = None


def bank_side(row: dict) -> dict:
	"""The bank/cash side and the party side of a payment, by its direction."""
	receive = row.get("payment_type") == "Receive"
	return {unified: row.get(on_receive if receive else on_pay) for unified, on_receive, on_pay in SIDES}


def to_unified_application(reference: dict) -> PaymentApplication:
	doctype = reference.get("reference_doctype")
	return {
		"related_object_type": object_type(doctype),
		"related_object_id": reference.get("reference_name"),
		"applied_amount": number(reference.get("allocated_amount")),
	}


def to_unified_deduction(row: dict) -> PaymentDeduction:
	return {
		"account_id": row.get("account"),
		"amount": number(row.get("amount")),
		"cost_center_id": text(row.get("cost_center")),
		"description": text(row.get("description")),
	}


def to_erpnext_deduction(deduction: dict, account: str, cost_center: str) -> dict:
	return {
		"account": account,
		"amount": deduction["amount"],
		"cost_center": cost_center,
		"description": deduction.get("description"),
	}


def to_unified_payment(doctype: str, row: dict, children: dict, ctx: MapContext) -> Payment:
	"""`children`: the Payment Entry Reference rows (`references`) and Payment Entry Deduction rows."""
	side = bank_side(row)
	return {
		**base_fields(row, doctype, ctx),
		"type": PAYMENT_TYPE_MAP.get(row.get("payment_type"), snake(row.get("payment_type"))),
		**read_fields(row, FIELDS),
		"contact": contact_ref(row.get("party_type"), row.get("party"), row.get("party_name")),
		"account_id": side["account_id"],
		"party_account_id": side["party_account_id"],
		"currency": side["currency"],
		"exchange_rate": number(side["exchange_rate"]) if side["exchange_rate"] else None,
		"total_amount": number(side["total_amount"]),
		"unallocated_amount": number(row.get("unallocated_amount")),
		"refund": is_refund(row),
		"posting_status": posting_status(row.get("docstatus")),
		"cleared_on": iso_date(row.get("clearance_date")),
		"applied_to": [to_unified_application(ref) for ref in children.get("references", [])],
		"deductions": [to_unified_deduction(row) for row in children.get("deductions", [])],
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_payment(given: dict, tracking: dict) -> dict:
	"""Columns for the unified fields given (create or update), custom fields included."""
	return {**write_fields(given, FIELDS + WRITE_ONLY_FIELDS), **tracking, **given.get("custom_fields", {})}


def to_erpnext_sides(payment_type: str, bank: str, party_account: str) -> dict:
	"""paid_from / paid_to of an unallocated payment from its bank and party accounts."""
	receive = ERPNEXT_PAYMENT_TYPE[payment_type] == "Receive"
	values = {"account_id": bank, "party_account_id": party_account}
	return {(r if receive else p): values[unified] for unified, r, p in SIDES if unified in values}


def to_erpnext_reference(doctype: str, application: dict, sign: int = 1) -> dict:
	"""A Payment Entry Reference row applying the payment to an invoice (sign -1: to a credit note)."""
	return {
		"reference_doctype": doctype,
		"reference_name": application["related_object_id"],
		"allocated_amount": sign * application["applied_amount"],
	}


def is_refund(row: dict) -> bool:
	"""Money against the contact's usual direction: paid to a customer, received from a supplier."""
	return (row.get("payment_type"), row.get("party_type")) in (("Pay", "Customer"), ("Receive", "Supplier"))
