"""Pure mapping of Sales/Purchase Invoice rows (header, items, taxes, applied payments) to the unified Invoice."""

import json

from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	contact_ref,
	iso_date,
	number,
	posting_status,
	tracking_categories,
	trailing_fields,
)

TYPE_BY_DOCTYPE = {"Sales Invoice": "accounts_receivable", "Purchase Invoice": "accounts_payable"}
DOCTYPE_BY_TYPE = {unified: doctype for doctype, unified in TYPE_BY_DOCTYPE.items()}
PARTY = {
	"Sales Invoice": ("customer", "customer_name", "Customer"),
	"Purchase Invoice": ("supplier", "supplier_name", "Supplier"),
}
LINE_ACCOUNT = {"Sales Invoice": "income_account", "Purchase Invoice": "expense_account"}
ITEM_DOCTYPE = {"Sales Invoice": "Sales Invoice Item", "Purchase Invoice": "Purchase Invoice Item"}
TAX_DOCTYPE = {"Sales Invoice": "Sales Taxes and Charges", "Purchase Invoice": "Purchase Taxes and Charges"}

# ERPNext status (as Desk shows it) -> unified status. Returns and invoices settled by a return count as
# paid: their amount is settled by the other document.
STATUS_MAP = {
	"Draft": "draft",
	"Submitted": "open",
	"Unpaid": "open",
	"Unpaid and Discounted": "open",
	"Internal Transfer": "open",
	"Partly Paid": "partially_paid",
	"Partly Paid and Discounted": "partially_paid",
	"Overdue": "overdue",
	"Overdue and Discounted": "overdue",
	"Paid": "paid",
	"Return": "paid",
	"Credit Note Issued": "paid",
	"Debit Note Issued": "paid",
	"Cancelled": "void",
}
ERPNEXT_STATUSES_BY_STATUS: dict[str, list[str]] = {}
for _erpnext, _unified in STATUS_MAP.items():
	ERPNEXT_STATUSES_BY_STATUS.setdefault(_unified, []).append(_erpnext)

HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"status",
	"posting_date",
	"due_date",
	"remarks",
	"currency",
	"conversion_rate",
	"total",
	"discount_amount",
	"total_taxes_and_charges",
	"grand_total",
	"outstanding_amount",
	"is_return",
	"return_against",
	"cost_center",
	"project",
)
EXTRA_HEADER_FIELDS = {
	"Sales Invoice": ("customer", "customer_name", "is_debit_note"),
	"Purchase Invoice": ("supplier", "supplier_name", "bill_no"),
}
ITEM_FIELDS = (
	"item_code",
	"item_name",
	"description",
	"qty",
	"rate",
	"discount_amount",
	"amount",
	"cost_center",
	"project",
	"item_tax_rate",
)
TAX_FIELDS = ("account_head", "description", "rate", "tax_amount")


def header_fields(doctype: str) -> list[str]:
	return [*HEADER_FIELDS, *EXTRA_HEADER_FIELDS[doctype]]


def item_fields(doctype: str) -> list[str]:
	return [*ITEM_FIELDS, LINE_ACCOUNT[doctype]]


def document_type(row: dict) -> str:
	if row.get("is_return"):
		return "credit_note"
	return "debit_note" if row.get("is_debit_note") else "invoice"


def to_unified_invoice(doctype: str, row: dict, children: dict, ctx: MapContext) -> dict:
	"""`children` holds this invoice's `items`, `taxes` and `payments` rows."""
	party_field, name_field, _party_doctype = PARTY[doctype]
	payments = [to_unified_payment(p) for p in children.get("payments", [])]
	status = STATUS_MAP.get(row.get("status"), "open")
	return {
		**base_fields(row, doctype, ctx),
		"type": TYPE_BY_DOCTYPE[doctype],
		"document_type": document_type(row),
		"number": row["name"],
		"supplier_invoice_number": row.get("bill_no") or None,
		"contact": contact_ref(PARTY[doctype][2], row.get(party_field), row.get(name_field)),
		"issue_date": iso_date(row.get("posting_date")),
		"due_date": iso_date(row.get("due_date")),
		"paid_on_date": max((p["date"] for p in payments if p["date"]), default=None)
		if status == "paid"
		else None,
		"memo": row.get("remarks") or None,
		"currency": row.get("currency"),
		"exchange_rate": number(row.get("conversion_rate")),
		"sub_total": number(row.get("total")),
		"total_discount": number(row.get("discount_amount")),
		"total_tax_amount": number(row.get("total_taxes_and_charges")),
		"total_amount": number(row.get("grand_total")),
		"balance": number(row.get("outstanding_amount")),
		"status": status,
		"posting_status": posting_status(row.get("docstatus")),
		"return_against_id": row.get("return_against") or None,
		"line_items": [to_unified_line(doctype, item, ctx) for item in children.get("items", [])],
		"taxes": [to_unified_tax(tax) for tax in children.get("taxes", [])],
		"payments": payments,
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, doctype, ctx),
	}


def to_unified_line(doctype: str, item: dict, ctx: MapContext) -> dict:
	child = ITEM_DOCTYPE[doctype]
	return {
		"id": item["name"],
		"item_id": item.get("item_code") or None,
		"name": item.get("item_name") or None,
		"description": item.get("description") or None,
		"quantity": number(item.get("qty")),
		"unit_price": number(item.get("rate")),
		"discount_amount": number(item.get("discount_amount")) if item.get("discount_amount") else None,
		"total_amount": number(item.get("amount")),
		"account_id": item.get(LINE_ACCOUNT[doctype]) or None,
		"tax_rate": single_tax_rate(item.get("item_tax_rate")),
		"tracking_categories": tracking_categories(item, ctx),
		"custom_fields": trailing_fields(item, child, ctx)["custom_fields"],
	}


def single_tax_rate(item_tax_rate: str | None) -> float | None:
	"""An item tax template's rate, when it sets exactly one."""
	try:
		rates = set(json.loads(item_tax_rate or "{}").values())
	except ValueError:
		return None
	return float(rates.pop()) if len(rates) == 1 else None


def to_unified_tax(tax: dict) -> dict:
	return {
		"account_id": tax.get("account_head"),
		"description": tax.get("description") or None,
		"rate": number(tax.get("rate")) if tax.get("rate") else None,
		"amount": number(tax.get("tax_amount")),
	}


def to_unified_payment(payment: dict) -> dict:
	return {
		"payment_id": payment["payment_id"],
		"type": payment["type"],
		"amount": number(payment.get("amount")),
		"date": iso_date(payment.get("date")),
	}
