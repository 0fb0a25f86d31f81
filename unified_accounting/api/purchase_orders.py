"""Purchase Orders endpoints (bill from PO): read with their lines, received and billed amounts, invoices and
receipts, created and posted, closed, received and billed with ERPNext's own mappers."""

import frappe

from unified_accounting.api import invoices, lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import DocumentAction, OrderConversion, OrderCreate, OrderReceipt, OrderUpdate
from unified_accounting.mappers.orders import OrderFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PURCHASE_ORDERS
from unified_accounting.schemas import Deleted, Invoice, Order
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.trade import orders as service


@frappe.whitelist(methods=["GET"])
@unified_api("purchase_orders")
def list_purchase_orders(
	filters: OrderFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Order]:
	"""Return one page of Purchase Orders, each with its lines and the invoices made from it."""
	found, page = list_records(PURCHASE_ORDERS, filters, paging, include_remote_data)
	page.items = render(PURCHASE_ORDERS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("purchase_orders")
def get_purchase_order(id: str, include_remote_data: bool = False) -> Order:
	"""Return one Purchase Order."""
	return record(id, include_remote_data)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True, status=201)
def create_purchase_order(body: OrderCreate) -> Order:
	"""Create a Purchase Order (lines need an item); `submit: true` posts it in the same transaction."""
	return lifecycle.result(record, service.create_order("purchase_orders", body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def update_purchase_order(body: OrderUpdate) -> Order:
	"""Change a draft Purchase Order (lines replaced as given), or on a posted one what ERPNext allows after submit;
	return it."""
	return lifecycle.result(record, service.update_order("purchase_orders", body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def submit_purchase_order(body: DocumentAction) -> Order:
	"""Submit a draft Purchase Order; return it."""
	return lifecycle.submit(PURCHASE_ORDERS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def close_purchase_order(body: DocumentAction) -> Order:
	"""Close a posted Purchase Order (ERPNext's update_status: nothing more is fulfilled or billed); return it."""
	return lifecycle.result(record, service.close_order("purchase_orders", body.id))


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def cancel_purchase_order(body: DocumentAction) -> Order:
	"""Cancel a posted Purchase Order (ERPNext refuses while invoices or deliveries link to it); return it."""
	return lifecycle.cancel(PURCHASE_ORDERS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def delete_purchase_order(body: DocumentAction) -> Deleted:
	"""Delete a draft or cancelled Purchase Order; return `{"id", "deleted": true}`."""
	return lifecycle.delete(PURCHASE_ORDERS, body)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True, status=201)
def bill_purchase_order(body: OrderConversion) -> Invoice:
	"""Bill a posted Purchase Order with ERPNext's make_purchase_invoice: every line still to bill, or the chosen lines and quantities; ERPNext refuses
	over-billing and closed or cancelled orders. `submit: true` posts the invoice; return it."""
	return invoices.result(service.invoice_order("purchase_orders", body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def receive_purchase_order(body: OrderReceipt) -> Order:
	"""Receive a posted Purchase Order with ERPNext's make_purchase_receipt (a Purchase Receipt: the three-
	way match of order, receipt and bill): every line still to receive, or the chosen lines and
	quantities. `submit: true` posts it; return the order with its received quantities and receipts."""
	return record(service.receive_order(body).name)


def record(name: str, include_remote_data: bool = False) -> Order:
	return render(PURCHASE_ORDERS, get_record(PURCHASE_ORDERS, name, include_remote_data))[0]
