"""Pure mapping of Sales/Purchase Invoices (header, items, taxes, applied payments) to the unified Invoice
and back: doctype tables, field tables, status map, filters."""

import datetime
import json
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
	reverse_all,
	same,
	text,
	tracking_categories,
	trailing_fields,
	write_fields,
)
from unified_accounting.mappers.custom_fields import custom_fields_of
from unified_accounting.schemas import Invoice, InvoiceLineItem, InvoicePayment, InvoiceTax

TYPE_BY_DOCTYPE = {"Sales Invoice": "accounts_receivable", "Purchase Invoice": "accounts_payable"}
DOCTYPE_BY_TYPE = reverse(TYPE_BY_DOCTYPE)
PARTY = {
	"Sales Invoice": ("customer", "customer_name", "Customer"),
	"Purchase Invoice": ("supplier", "supplier_name", "Supplier"),
}
LINE_ACCOUNT = {"Sales Invoice": "income_account", "Purchase Invoice": "expense_account"}
ORDER_LINK = {
	"Sales Invoice": ("sales_order", "so_detail"),
	"Purchase Invoice": ("purchase_order", "po_detail"),
}
ITEM_DOCTYPE = {"Sales Invoice": "Sales Invoice Item", "Purchase Invoice": "Purchase Invoice Item"}
TAX_DOCTYPE = {"Sales Invoice": "Sales Taxes and Charges", "Purchase Invoice": "Purchase Taxes and Charges"}
TEMPLATE_DOCTYPE = {
	"Sales Invoice": "Sales Taxes and Charges Template",
	"Purchase Invoice": "Purchase Taxes and Charges Template",
}
DEFAULT_UOM = "Nos"  # lines without an item

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
ERPNEXT_STATUSES_BY_STATUS = reverse_all(STATUS_MAP)

# (unified, ERPNext, read converter): header fields read and written one-to-one.
FIELDS = (
	("supplier_invoice_number", "bill_no", text),  # Purchase Invoice only
	("issue_date", "posting_date", iso_date),
	("due_date", "due_date", iso_date),
	("payment_terms_id", "payment_terms_template", text),
	("memo", "remarks", text),
	("currency", "currency", same),
	("exchange_rate", "conversion_rate", number),
	("return_against_id", "return_against", text),
)
TOTALS = (  # read only: ERPNext computes them
	("sub_total", "total", number),
	("total_discount", "discount_amount", number),
	("total_tax_amount", "total_taxes_and_charges", number),
	("total_amount", "grand_total", number),
	("balance", "outstanding_amount", number),
)
LINE_FIELDS = (
	("item_id", "item_code", text),
	("name", "item_name", text),
	("description", "description", text),
	("quantity", "qty", number),
	("unit_price", "rate", number),
	("total_amount", "amount", number),
)
TAX_FIELDS = (("account_id", "account_head", same), ("description", "description", text))

HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"status",
	"is_return",
	"cost_center",
	"project",
	*(column for column in columns(FIELDS, TOTALS) if column != "bill_no"),
)
EXTRA_HEADER_FIELDS = {
	"Sales Invoice": ("customer", "customer_name", "is_debit_note"),
	"Purchase Invoice": ("supplier", "supplier_name", "bill_no"),
}
ITEM_FIELDS = (*columns(LINE_FIELDS), "discount_amount", "cost_center", "project", "item_tax_rate")
TAX_COLUMNS = (*columns(TAX_FIELDS), "rate", "tax_amount")


class InvoiceFilters(CommonFilters):
	type: Annotated[Literal[tuple(DOCTYPE_BY_TYPE)] | None, Filter(None)] = None  # chooses the doctype
	status: Annotated[
		Literal[tuple(ERPNEXT_STATUSES_BY_STATUS)] | None,
		Filter("status", "in", ERPNEXT_STATUSES_BY_STATUS),
	] = None
	contact_id: Annotated[str | None, Filter({dt: party[0] for dt, party in PARTY.items()})] = None
	issue_date_from: Annotated[datetime.date | None, Filter("posting_date", ">=")] = None
	issue_date_to: Annotated[datetime.date | None, Filter("posting_date", "<=")] = None
	due_date_from: Annotated[datetime.date | None, Filter("due_date", ">=")] = None
	due_date_to: Annotated[datetime.date | None, Filter("due_date", "<=")] = None
	number: Annotated[str | None, Filter("name")] = None


def allocated(row) -> float:
	return abs(row.get("allocated_amount") or 0)


def journal_amount(row) -> float:
	return abs((row.get("credit_in_account_currency") or 0) - (row.get("debit_in_account_currency") or 0))


# Where settlements of an invoice are recorded: (doctype, child table, link field, amount columns, amount, type).
SETTLEMENTS = (
	(
		"Payment Entry",
		"Payment Entry Reference",
		"reference_doctype",
		("allocated_amount",),
		allocated,
		"payment",
	),
	(
		"Journal Entry",
		"Journal Entry Account",
		"reference_type",
		("debit_in_account_currency", "credit_in_account_currency"),
		journal_amount,
		"journal_entry",
	),
)
AMOUNT_BY_KIND = {kind: amount for *_rest, amount, kind in SETTLEMENTS}


def header_fields(doctype: str) -> list[str]:
	return [*HEADER_FIELDS, *EXTRA_HEADER_FIELDS[doctype]]


def item_fields(doctype: str) -> list[str]:
	return [*ITEM_FIELDS, LINE_ACCOUNT[doctype], *ORDER_LINK[doctype]]


def document_type(row: dict) -> str:
	if row.get("is_return"):
		return "credit_note"
	return "debit_note" if row.get("is_debit_note") else "invoice"


def paid_on_date(status: str, payments: list[dict]) -> str | None:
	if status != "paid":
		return None
	return max((p["date"] for p in payments if p["date"]), default=None)


def to_unified_invoice(doctype: str, row: dict, children: dict, ctx: MapContext) -> Invoice:
	"""`children` holds this invoice's `items`, `taxes` and `payments` rows."""
	party_field, name_field, party_doctype = PARTY[doctype]
	payments = [to_unified_settlement(p) for p in children.get("payments", [])]
	status = STATUS_MAP.get(row.get("status"), "open")
	return {
		**base_fields(row, doctype, ctx),
		"type": TYPE_BY_DOCTYPE[doctype],
		"document_type": document_type(row),
		"number": row["name"],
		**read_fields(row, FIELDS),
		**read_fields(row, TOTALS),
		"contact": contact_ref(party_doctype, row.get(party_field), row.get(name_field)),
		"paid_on_date": paid_on_date(status, payments),
		"status": status,
		"posting_status": posting_status(row.get("docstatus")),
		"line_items": [to_unified_line(doctype, item, ctx) for item in children.get("items", [])],
		"taxes": [to_unified_tax(tax) for tax in children.get("taxes", [])],
		"payments": payments,
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, doctype, ctx),
	}


def to_unified_line(doctype: str, item: dict, ctx: MapContext) -> InvoiceLineItem:
	discount = item.get("discount_amount")
	return {
		"id": item["name"],
		**read_fields(item, LINE_FIELDS),
		"discount_amount": number(discount) if discount else None,
		"account_id": item.get(LINE_ACCOUNT[doctype]) or None,
		"tax_rate": single_tax_rate(item.get("item_tax_rate")),
		"order_id": text(item.get(ORDER_LINK[doctype][0])),
		"order_line_id": text(item.get(ORDER_LINK[doctype][1])),
		"tracking_categories": tracking_categories(item, ctx),
		"custom_fields": custom_fields_of(item, ctx.custom_fields.get(ITEM_DOCTYPE[doctype], [])),
	}


def single_tax_rate(item_tax_rate: str | None) -> float | None:
	"""An item tax template's rate, when it sets exactly one."""
	if not item_tax_rate or item_tax_rate == "{}":
		return None  # most lines: no item tax template
	try:
		rates = set(json.loads(item_tax_rate).values())
	except ValueError:
		return None
	return float(rates.pop()) if len(rates) == 1 else None


def to_unified_tax(tax: dict) -> InvoiceTax:
	return {
		**read_fields(tax, TAX_FIELDS),
		"rate": number(tax.get("rate")) if tax.get("rate") else None,
		"amount": number(tax.get("tax_amount")),
	}


def to_unified_settlement(row: dict) -> InvoicePayment:
	"""A Payment Entry Reference or Journal Entry Account row naming the invoice (`kind`: which)."""
	return {
		"payment_id": row["name"],
		"type": row["kind"],
		"amount": number(AMOUNT_BY_KIND[row["kind"]](row)),
		"date": iso_date(row.get("posting_date")),
	}


def to_erpnext_invoice(given: dict, doctype: str, tracking: dict) -> dict:
	"""Header columns from a create body (a dict, company and dates resolved); None values left out."""
	fields = {
		**write_fields(given, FIELDS),
		"company": given["company"],
		PARTY[doctype][0]: given["contact_id"],
		"set_posting_time": 1,
		"taxes_and_charges": given.get("tax_template_id"),
		"is_return": int(given.get("document_type") == "credit_note"),
		**tracking,
		**given.get("custom_fields", {}),
	}
	if doctype == "Sales Invoice":
		fields.pop("bill_no", None)
		fields["is_debit_note"] = int(given.get("document_type") == "debit_note")
	return {k: v for k, v in fields.items() if v is not None}


def to_erpnext_invoice_update(given: dict, doctype: str) -> dict:
	"""Header columns for the unified fields an update gave (contact included)."""
	fields = write_fields(given, FIELDS)
	if given.get("contact_id") is not None:
		fields[PARTY[doctype][0]] = given["contact_id"]
	return fields


def to_erpnext_line(line: dict, doctype: str, account: str | None, tracking: dict, credit_note: bool) -> dict:
	"""An item row; quantities are positive in the API and negative on ERPNext credit notes."""
	item_id, name, description = line.get("item_id"), line.get("name"), line.get("description")
	fields = {
		"item_code": item_id,
		"item_name": name or (None if item_id else (description or "")[:140]),
		"description": description or name,
		"qty": -line["quantity"] if credit_note else line["quantity"],
		"rate": line["unit_price"],
		LINE_ACCOUNT[doctype]: account,
		**tracking,
		**line.get("custom_fields", {}),
	}
	if not item_id:
		fields.update({"uom": DEFAULT_UOM, "conversion_factor": 1})
	return {k: v for k, v in fields.items() if v is not None}


def to_erpnext_tax(tax: dict, doctype: str, account: str | None) -> dict:
	"""A tax row: a percent of the net total, or a fixed amount."""
	fields = {"account_head": account, "description": tax.get("description") or account}
	if tax.get("rate") is not None:
		fields.update({"charge_type": "On Net Total", "rate": tax["rate"]})
	else:
		fields.update({"charge_type": "Actual", "tax_amount": tax.get("amount")})
	if doctype == "Purchase Invoice":
		fields.update({"category": "Total", "add_deduct_tax": "Add"})
	return fields
