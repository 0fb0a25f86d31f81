"""Sales Orders endpoints (order to cash): read with their lines, fulfilled and billed amounts and invoices,
created and posted, closed, and invoiced with ERPNext's own mapper."""

import frappe

from unified_accounting.api import invoices, lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import DocumentAction, OrderConversion, OrderCreate, OrderUpdate
from unified_accounting.mappers.orders import OrderFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import SALES_ORDERS
from unified_accounting.schemas import Deleted, Invoice, Order
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.trade import orders as service


@frappe.whitelist(methods=["GET"])
@unified_api("sales_orders")
def list_sales_orders(
	filters: OrderFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Order]:
	"""Return one page of Sales Orders, each with its lines and the invoices made from it."""
	found, page = list_records(SALES_ORDERS, filters, paging, include_remote_data)
	page.items = render(SALES_ORDERS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("sales_orders")
def get_sales_order(id: str, include_remote_data: bool = False) -> Order:
	"""Return one Sales Order."""
	return record(id, include_remote_data)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True, status=201)
def create_sales_order(body: OrderCreate) -> Order:
	"""Create a Sales Order (lines need an item); `submit: true` posts it in the same transaction."""
	return lifecycle.result(record, service.create_order("sales_orders", body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def update_sales_order(body: OrderUpdate) -> Order:
	"""Change a draft Sales Order (lines replaced as given), or on a posted one what ERPNext allows after submit;
	return it."""
	return lifecycle.result(record, service.update_order("sales_orders", body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def submit_sales_order(body: DocumentAction) -> Order:
	"""Submit a draft Sales Order; return it."""
	return lifecycle.submit(SALES_ORDERS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def close_sales_order(body: DocumentAction) -> Order:
	"""Close a posted Sales Order (ERPNext's update_status: nothing more is fulfilled or billed); return it."""
	return lifecycle.result(record, service.close_order("sales_orders", body.id))


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def cancel_sales_order(body: DocumentAction) -> Order:
	"""Cancel a posted Sales Order (ERPNext refuses while invoices or deliveries link to it); return it."""
	return lifecycle.cancel(SALES_ORDERS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def delete_sales_order(body: DocumentAction) -> Deleted:
	"""Delete a draft or cancelled Sales Order; return `{"id", "deleted": true}`."""
	return lifecycle.delete(SALES_ORDERS, body)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True, status=201)
def invoice_sales_order(body: OrderConversion) -> Invoice:
	"""Invoice a posted Sales Order with ERPNext's make_sales_invoice: every line still to bill, or the chosen lines and quantities; ERPNext refuses
	over-billing and closed or cancelled orders. `submit: true` posts the invoice; return it."""
	return invoices.result(service.invoice_order("sales_orders", body), body.dry_run)


def record(name: str, include_remote_data: bool = False) -> Order:
	return render(SALES_ORDERS, get_record(SALES_ORDERS, name, include_remote_data))[0]
