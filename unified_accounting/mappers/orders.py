"""Pure mapping of Sales Orders and Purchase Orders (header and lines, with fulfilled and billed amounts)
to the unified Order, and of create bodies back to order fields."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	DOCSTATUS_BY_POSTING_STATUS,
	MapContext,
	base_fields,
	columns,
	contact_ref,
	iso_date,
	number,
	posting_status,
	read_fields,
	reverse_all,
	same,
	snake,
	text,
	trailing_fields,
)
from unified_accounting.schemas import Order, OrderLine, Quote

TYPE_BY_DOCTYPE = {"Sales Order": "sales_order", "Purchase Order": "purchase_order"}
PARTY = {
	"Sales Order": ("customer", "customer_name", "Customer"),
	"Purchase Order": ("supplier", "supplier_name", "Supplier"),
}
ITEM_DOCTYPE = {"Sales Order": "Sales Order Item", "Purchase Order": "Purchase Order Item"}
# per doctype: (expected date, fulfilled quantity on a line, percent fulfilled on the header)
FULFILMENT = {
	"Sales Order": ("delivery_date", "delivered_qty", "per_delivered"),
	"Purchase Order": ("schedule_date", "received_qty", "per_received"),
}
# the invoice line field naming the order and the order line, per order doctype
INVOICE_LINK = {
	"Sales Order": ("Sales Invoice Item", "sales_order", "so_detail"),
	"Purchase Order": ("Purchase Invoice Item", "purchase_order", "po_detail"),
}
# the receipt/delivery line field naming the order and the order line, per order doctype
FULFILMENT_LINK = {
	"Sales Order": ("Delivery Note Item", "against_sales_order", "so_detail"),
	"Purchase Order": ("Purchase Receipt Item", "purchase_order", "purchase_order_item"),
}
STATUS_MAP = {
	"Draft": "draft",
	"On Hold": "on_hold",
	"To Deliver and Bill": "to_fulfill_and_bill",
	"To Receive and Bill": "to_fulfill_and_bill",
	"To Bill": "to_bill",
	"To Deliver": "to_fulfill",
	"To Receive": "to_fulfill",
	"Delivered": "to_bill",  # a purchase order delivered by the supplier to the customer (drop ship)
	"Completed": "completed",
	"Closed": "closed",
	"Cancelled": "cancelled",
}
ERPNEXT_STATUSES = reverse_all(STATUS_MAP)

FIELDS = (
	("transaction_date", "transaction_date", iso_date),
	("currency", "currency", same),
	("exchange_rate", "conversion_rate", number),
)
TOTALS = (
	("sub_total", "total", number),
	("total_tax_amount", "total_taxes_and_charges", number),
	("total_amount", "grand_total", number),
	("percent_billed", "per_billed", number),
)
LINE_FIELDS = (
	("item_id", "item_code", same),
	("name", "item_name", text),
	("description", "description", text),
	("quantity", "qty", number),
	("unit", "uom", text),
	("unit_price", "rate", number),
	("total_amount", "amount", number),
	("billed_amount", "billed_amt", number),
)
HEADER_FIELDS = ("company", "creation", "modified", "docstatus", "status", *columns(FIELDS, TOTALS))


class OrderFilters(CommonFilters):
	contact_id: Annotated[str | None, Filter({dt: party[0] for dt, party in PARTY.items()})] = None
	status: Annotated[Literal[tuple(ERPNEXT_STATUSES)] | None, Filter("status", "in", ERPNEXT_STATUSES)] = (
		None
	)
	posting_status: Annotated[
		Literal[tuple(DOCSTATUS_BY_POSTING_STATUS)] | None,
		Filter("docstatus", values=DOCSTATUS_BY_POSTING_STATUS),
	] = None
	transaction_date_from: Annotated[datetime.date | None, Filter("transaction_date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("transaction_date", "<=")] = None
	number: Annotated[str | None, Filter("name")] = None


def header_fields(doctype: str) -> list[str]:
	expected, _line, percent = FULFILMENT[doctype]
	party, name, _party_doctype = PARTY[doctype]
	return [*HEADER_FIELDS, expected, percent, party, name]


def item_fields(doctype: str) -> list[str]:
	expected, fulfilled, _percent = FULFILMENT[doctype]
	return [*columns(LINE_FIELDS), expected, fulfilled]


def line_status(quantity: float, billed_quantity: float) -> str:
	if billed_quantity <= 0:
		return "open"
	return "billed" if billed_quantity >= quantity - 1e-9 else "partially_billed"


def to_unified_order_line(doctype: str, item: dict) -> OrderLine:
	expected, fulfilled, _percent = FULFILMENT[doctype]
	rate, billed = number(item.get("rate")), number(item.get("billed_amt"))
	billed_quantity = round(billed / rate, 6) if rate else 0.0
	fields = read_fields(item, LINE_FIELDS)
	return {
		"id": item["name"],
		**{
			key: fields[key]
			for key in ("item_id", "name", "description", "quantity", "unit", "unit_price", "total_amount")
		},
		"fulfilled_quantity": number(item.get(fulfilled)),
		"billed_amount": billed,
		"billed_quantity": billed_quantity,
		"expected_date": iso_date(item.get(expected)),
		"status": line_status(fields["quantity"], billed_quantity),
	}


def to_unified_order(doctype: str, row: dict, children: dict, ctx: MapContext) -> Order:
	"""`children`: the order's `line_items`, `invoice_ids` and `fulfillment_ids` ({"name": ...} rows)."""
	expected, _fulfilled, percent = FULFILMENT[doctype]
	party, name, party_doctype = PARTY[doctype]
	return {
		**base_fields(row, doctype, ctx),
		"type": TYPE_BY_DOCTYPE[doctype],
		"number": row["name"],
		"contact": contact_ref(party_doctype, row.get(party), row.get(name)),
		**read_fields(row, FIELDS[:1]),
		"expected_date": iso_date(row.get(expected)),
		**read_fields(row, FIELDS[1:]),
		**read_fields(row, TOTALS[:3]),
		"percent_billed": number(row.get("per_billed")),
		"percent_fulfilled": number(row.get(percent)),
		"status": STATUS_MAP.get(row.get("status")) or snake(row.get("status")) or "draft",
		"posting_status": posting_status(row.get("docstatus")),
		"line_items": [to_unified_order_line(doctype, item) for item in children.get("line_items", [])],
		"invoice_ids": sorted({r["name"] for r in children.get("invoice_ids", [])}),
		"fulfillment_ids": sorted({r["name"] for r in children.get("fulfillment_ids", [])}),
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_order(given: dict, doctype: str) -> dict:
	"""Header fields of a create body (company and dates resolved); None values left out."""
	expected, _fulfilled, _percent = FULFILMENT[doctype]
	fields = {
		"company": given["company"],
		PARTY[doctype][0]: given["contact_id"],
		"transaction_date": given["transaction_date"],
		expected: given.get("expected_date"),
		"currency": given.get("currency"),
		"conversion_rate": given.get("exchange_rate"),
		**given.get("custom_fields", {}),
	}
	return {k: v for k, v in fields.items() if v is not None}


def to_erpnext_order_line(line: dict, doctype: str, expected_date) -> dict:
	expected, _fulfilled, _percent = FULFILMENT[doctype]
	fields = {
		"item_code": line["item_id"],
		"item_name": line.get("name"),
		"description": line.get("description"),
		"qty": line["quantity"],
		"rate": line["unit_price"],
		expected: line.get("expected_date") or expected_date,
	}
	return {k: v for k, v in fields.items() if v is not None}


QUOTE_FIELDS = (
	("transaction_date", "transaction_date", iso_date),
	("valid_until", "valid_till", iso_date),
	("currency", "currency", same),
	("exchange_rate", "conversion_rate", number),
	*TOTALS[:3],
)
QUOTE_HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"status",
	"quotation_to",
	"party_name",
	"customer_name",
	*columns(QUOTE_FIELDS),
)
QUOTE_LINE_FIELDS = columns(LINE_FIELDS[:-1])
QUOTE_STATUSES = ("Draft", "Open", "Replied", "Partially Ordered", "Ordered", "Lost", "Cancelled", "Expired")


class QuoteFilters(CommonFilters):
	contact_id: Annotated[str | None, Filter("party_name")] = None
	status: Annotated[
		Literal[tuple(snake(s) for s in QUOTE_STATUSES)] | None,
		Filter("status", values={snake(s): s for s in QUOTE_STATUSES}),
	] = None
	transaction_date_from: Annotated[datetime.date | None, Filter("transaction_date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("transaction_date", "<=")] = None


def to_unified_quote(doctype: str, row: dict, children: dict, ctx: MapContext) -> Quote:
	"""A Quotation: to a customer, a lead or a prospect (`contact.type`)."""
	lines = [read_fields(item, LINE_FIELDS[:-1]) for item in children.get("line_items", [])]
	return {
		**base_fields(row, doctype, ctx),
		"number": row["name"],
		"contact": contact_ref(row.get("quotation_to"), row.get("party_name"), row.get("customer_name")),
		**read_fields(row, QUOTE_FIELDS),
		"status": snake(row.get("status")) or "draft",
		"posting_status": posting_status(row.get("docstatus")),
		"line_items": [
			{"id": item["name"], **line}
			for item, line in zip(children.get("line_items", []), lines, strict=True)
		],
		**trailing_fields(row, doctype, ctx),
	}
