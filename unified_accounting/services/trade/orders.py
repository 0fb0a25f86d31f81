"""Sales and purchase orders through ERPNext's own documents: created (and posted) in one transaction,
read with the invoices made from them, and invoiced with ERPNext's own mappers (make_sales_invoice,
make_purchase_invoice), which carry the order references and let ERPNext refuse over-billing and closed
orders."""

import frappe
from frappe.utils import flt, getdate, today

from unified_accounting.exceptions import ConflictError
from unified_accounting.inputs import OrderConversion, OrderCreate, OrderReceipt
from unified_accounting.mappers.orders import (
	FULFILMENT,
	FULFILMENT_LINK,
	INVOICE_LINK,
	PARTY,
	to_erpnext_order,
	to_erpnext_order_line,
)
from unified_accounting.resources import RESOURCE_BY_NAME
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import Written, apply_update, load
from unified_accounting.services.core.reading import Found
from unified_accounting.services.core.references import resolve_company
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

MAKE_INVOICE = {
	"Sales Order": "erpnext.selling.doctype.sales_order.sales_order.make_sales_invoice",
	"Purchase Order": "erpnext.buying.doctype.purchase_order.purchase_order.make_purchase_invoice",
}
MAKE_RECEIPT = "erpnext.buying.doctype.purchase_order.purchase_order.make_purchase_receipt"


def with_invoices(found: Found) -> Found:
	"""Each order's invoices and receipts/delivery notes (drafts and posted, not cancelled) that the
	caller may read: one query per linked doctype per order doctype on the page."""
	by_doctype: dict[str, list[str]] = {}
	for doctype, row in found.rows:
		by_doctype.setdefault(doctype, []).append(row.name)
	for doctype, names in by_doctype.items():
		for key, (child, order_field, _line_field) in (
			("invoice_ids", INVOICE_LINK[doctype]),
			("fulfillment_ids", FULFILMENT_LINK[doctype]),
		):
			links = linked_documents(child, order_field, names)
			for name in names:
				found.children[(doctype, name)][key] = links.get(name, [])
	return found


def linked_documents(child: str, order_field: str, names: list[str]) -> dict[str, list[dict]]:
	parent = child.removesuffix(" Item")
	links: dict[str, list[dict]] = {}
	if not frappe.has_permission(parent, "read"):
		return links
	rows = frappe.get_list(
		parent,
		filters=[[child, order_field, "in", names], ["docstatus", "<", 2]],
		fields=["name", f"`tab{child}`.{order_field} as order_name"],
		limit_page_length=0,
		distinct=True,
	)
	for row in rows:
		links.setdefault(row.order_name, []).append({"name": row.name})
	return links


def create_order(resource: str, body: OrderCreate) -> Written:
	doctype = RESOURCE_BY_NAME[resource].doctypes[0]
	company = resolve_company(body.company)
	problems = [
		missing_reference(PARTY[doctype][2], body.contact_id, "contact_id"),
		missing_reference("Currency", body.currency, "currency"),
		*custom_field_problems(doctype, body.custom_fields),
		*[
			missing_reference("Item", line.item_id, f"line_items[{i}].item_id")
			for i, line in enumerate(body.line_items)
		],
	]
	raise_if(problems)
	given = {
		**body.model_dump(),
		"company": company,
		"transaction_date": body.transaction_date or getdate(today()),
	}
	doc = frappe.new_doc(doctype)
	doc.update(to_erpnext_order(given, doctype))
	for line in given["line_items"]:
		doc.append("items", to_erpnext_order_line(line, doctype, body.expected_date))
	doc.insert()
	if body.submit:
		doc.submit()
	return Written(doctype, doc.name)


def invoice_order(resource: str, body: OrderConversion) -> Written:
	"""ERPNext's mapper makes the invoice of what is left to bill; chosen lines keep only those, at the
	quantities given (at most what is left: ERPNext refuses over-billing again when it saves)."""
	order = load(RESOURCE_BY_NAME[resource], body.id)
	if order.docstatus != 1:
		raise_if([{"field": "id", "message": f"{order.doctype} {order.name} is not submitted"}])
	invoice = frappe.get_attr(MAKE_INVOICE[order.doctype])(order.name)
	_child, _order_field, line_field = INVOICE_LINK[order.doctype]
	if body.line_items:
		choose_lines(invoice, body.line_items, line_field)
	if not invoice.get("items"):
		raise_if([{"field": "id", "message": f"{order.name} has nothing left to bill"}])
	if body.issue_date:
		invoice.update({"posting_date": body.issue_date, "set_posting_time": 1})
	if body.supplier_invoice_number and invoice.doctype == "Purchase Invoice":
		invoice.bill_no = body.supplier_invoice_number
	# Advances paid against this order settle the invoice, as ERPNext offers them (only those)
	invoice.update({"allocate_advances_automatically": 1, "only_include_allocated_payments": 1})
	documents.insert(invoice, body.submit)
	return Written(invoice.doctype, invoice.name)


def receive_order(body: OrderReceipt) -> Written:
	"""ERPNext's make_purchase_receipt makes the receipt of what is left to receive (three-way match: the
	receipt and the bill both name the order lines); chosen lines keep only those, at the quantities
	given. Returns the order, whose received quantities move when the receipt is posted."""
	order = load(RESOURCE_BY_NAME["purchase_orders"], body.id)
	if order.docstatus != 1:
		raise_if([{"field": "id", "message": f"Purchase Order {order.name} is not submitted"}])
	raise_if([missing_reference("Warehouse", body.warehouse_id, "warehouse_id", company=order.company)])
	receipt = frappe.get_attr(MAKE_RECEIPT)(order.name)
	if body.line_items:
		choose_lines(receipt, body.line_items, FULFILMENT_LINK[order.doctype][2], "receive")
	if not receipt.get("items"):
		raise_if([{"field": "id", "message": f"{order.name} has nothing left to receive"}])
	for row in receipt.get("items"):
		row.received_qty, row.rejected_qty = row.qty, 0
		if body.warehouse_id:
			row.warehouse = body.warehouse_id
	if body.receipt_date:
		receipt.update({"posting_date": body.receipt_date, "set_posting_time": 1})
	if body.supplier_delivery_note:
		receipt.supplier_delivery_note = body.supplier_delivery_note
	receipt.insert()
	if body.submit:
		receipt.submit()
	return Written(order.doctype, order.name)


def choose_lines(invoice, chosen: list, line_field: str, verb: str = "bill") -> None:
	mapped = {row.get(line_field): row for row in invoice.get("items")}
	problems, kept = [], []
	for i, line in enumerate(chosen):
		row = mapped.get(line.line_id)
		if row is None:
			message = f"not a line of this order with something left to {verb}"
			problems.append({"field": f"line_items[{i}].line_id", "message": message})
		elif line.quantity > flt(row.qty) + 1e-9:
			message = f"exceeds the quantity still to {verb}, {flt(row.qty):g}"
			problems.append({"field": f"line_items[{i}].quantity", "message": message})
		else:
			row.qty = line.quantity
			kept.append(row)
	raise_if(problems)
	invoice.set("items", kept)


def close_order(resource: str, name: str) -> Written:
	"""ERPNext's update_status("Closed"), which Desk's Close button calls; submit permission needed."""
	order = load(RESOURCE_BY_NAME[resource], name)
	if order.docstatus != 1:
		raise ConflictError(f"{order.doctype} {name} is not posted; only posted orders are closed.")
	order.check_permission("submit")
	order.update_status("Closed")
	return Written(order.doctype, order.name)


def update_order(resource: str, body) -> Written:
	"""Drafts take any change (lines replaced as given); posted orders only allow-on-submit fields."""
	doc = load(RESOURCE_BY_NAME[resource], body.id)
	expected, _fulfilled, _percent = FULFILMENT[doc.doctype]
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	fields = {"transaction_date": given.get("transaction_date"), expected: given.get("expected_date")}
	if body.contact_id is not None:
		fields[PARTY[doc.doctype][0]] = body.contact_id
	problems = [
		missing_reference(PARTY[doc.doctype][2], body.contact_id, "contact_id"),
		*custom_field_problems(doc.doctype, body.custom_fields),
	]
	children = {}
	if body.line_items is not None:
		lines = given["line_items"]
		problems += [
			missing_reference("Item", line["item_id"], f"line_items[{i}].item_id")
			for i, line in enumerate(lines)
		]
		day = body.expected_date or doc.get(expected)
		children["items"] = [to_erpnext_order_line(line, doc.doctype, day) for line in lines]
	raise_if(problems)
	fields = {key: value for key, value in fields.items() if value is not None}
	return apply_update(doc, {**fields, **body.custom_fields}, children)
