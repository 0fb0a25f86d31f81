"""Pure mapping of Payment Entry rows and their references to the unified Payment."""

from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	contact_ref,
	iso_date,
	number,
	posting_status,
	snake,
	tracking_categories,
	trailing_fields,
)

PAYMENT_TYPE_MAP = {
	"Receive": "accounts_receivable",
	"Pay": "accounts_payable",
	"Internal Transfer": "internal_transfer",
}
ERPNEXT_PAYMENT_TYPE = {unified: erpnext for erpnext, unified in PAYMENT_TYPE_MAP.items()}
RELATED_TYPES = {"Sales Invoice": "invoice", "Purchase Invoice": "invoice", "Journal Entry": "journal_entry"}

HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"payment_type",
	"posting_date",
	"party_type",
	"party",
	"party_name",
	"paid_from",
	"paid_to",
	"paid_from_account_currency",
	"paid_to_account_currency",
	"source_exchange_rate",
	"target_exchange_rate",
	"paid_amount",
	"received_amount",
	"unallocated_amount",
	"mode_of_payment",
	"reference_no",
	"cost_center",
	"project",
)
REFERENCE_FIELDS = ("reference_doctype", "reference_name", "allocated_amount")


def bank_side(row: dict) -> dict:
	"""Receive: money arrives in paid_to; Pay (and transfers): it leaves paid_from."""
	if row.get("payment_type") == "Receive":
		return {
			"account_id": row.get("paid_to"),
			"party_account_id": row.get("paid_from"),
			"currency": row.get("paid_to_account_currency"),
			"exchange_rate": row.get("target_exchange_rate"),
			"total_amount": row.get("received_amount"),
		}
	return {
		"account_id": row.get("paid_from"),
		"party_account_id": row.get("paid_to"),
		"currency": row.get("paid_from_account_currency"),
		"exchange_rate": row.get("source_exchange_rate"),
		"total_amount": row.get("paid_amount"),
	}


def to_unified_application(reference: dict) -> dict:
	doctype = reference.get("reference_doctype")
	return {
		"related_object_type": RELATED_TYPES.get(doctype) or snake(doctype),
		"related_object_id": reference.get("reference_name"),
		"applied_amount": number(reference.get("allocated_amount")),
	}


def to_unified_payment(row: dict, references: list[dict], ctx: MapContext) -> dict:
	side = bank_side(row)
	return {
		**base_fields(row, "Payment Entry", ctx),
		"type": PAYMENT_TYPE_MAP.get(row.get("payment_type"), snake(row.get("payment_type"))),
		"transaction_date": iso_date(row.get("posting_date")),
		"contact": contact_ref(row.get("party_type"), row.get("party"), row.get("party_name")),
		"account_id": side["account_id"],
		"party_account_id": side["party_account_id"],
		"payment_method": row.get("mode_of_payment") or None,
		"reference": row.get("reference_no") or None,
		"currency": side["currency"],
		"exchange_rate": number(side["exchange_rate"]) if side["exchange_rate"] else None,
		"total_amount": number(side["total_amount"]),
		"unallocated_amount": number(row.get("unallocated_amount")),
		"posting_status": posting_status(row.get("docstatus")),
		"applied_to": [to_unified_application(reference) for reference in references],
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, "Payment Entry", ctx),
	}
