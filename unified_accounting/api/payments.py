"""Payments endpoints: Payment Entries and what they were applied to, read and written."""

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import (
	Allocate,
	DocumentAction,
	PaymentCreate,
	PaymentUpdate,
	TransferCreate,
	Unallocate,
)
from unified_accounting.mappers.payments import PaymentFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PAYMENTS
from unified_accounting.schemas import Allocation, Deleted, Payment
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.reading import render
from unified_accounting.services.money import allocations, payment_writes, transfers
from unified_accounting.services.money import payments as service


@frappe.whitelist(methods=["GET"])
@unified_api("payments")
def list_payments(
	filters: PaymentFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Payment]:
	"""Return one page of Payments, each with what it was applied to."""
	found, page = service.list_payments(filters, paging, include_remote_data)
	page.items = render(PAYMENTS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("payments")
def get_payment(id: str, include_remote_data: bool = False) -> Payment:
	"""Return one Payment."""
	return render(PAYMENTS, service.get_payment(id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True, status=201)
def create_payment(body: PaymentCreate) -> Payment:
	"""Create a Payment, applied to invoices or left unallocated; ERPNext's payment logic sets outstanding
	amounts and invoice status. `submit: true` posts it in the same transaction."""
	return result(payment_writes.create_payment(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True, status=201)
def create_transfer(body: TransferCreate) -> Payment:
	"""Move money between two bank, card or cash accounts of a company (a card pay-down, a sweep): an
	Internal Transfer, posted in the same transaction unless `submit: false`; return it as a Payment of
	type `internal_transfer`."""
	return result(transfers.create_transfer(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def update_payment(body: PaymentUpdate) -> Payment:
	"""Update a draft Payment; return it."""
	return result(payment_writes.update_payment(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def submit_payment(body: DocumentAction) -> Payment:
	"""Submit a draft Payment; return it (a dry run adds `gl_preview`)."""
	return lifecycle.submit(PAYMENTS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def cancel_payment(body: DocumentAction) -> Payment:
	"""Cancel a submitted Payment (its invoices become outstanding again); return it."""
	return lifecycle.cancel(PAYMENTS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def delete_payment(body: DocumentAction) -> Deleted:
	"""Delete a draft or cancelled Payment; return `{"id", "deleted": true}`."""
	return lifecycle.delete(PAYMENTS, body)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def allocate_payment(body: Allocate) -> Allocation:
	"""Apply a posted payment's unallocated amount to open invoices of its contact, after the fact, with
	ERPNext's Payment Reconciliation; return each invoice's new balance and status and any exchange
	gain/loss ERPNext posted (a dry run shows them and keeps nothing)."""
	payment = documents.load(PAYMENTS, body.id)
	return allocations.result(allocations.allocate(payment, body.applied_to))


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def unallocate_payment(body: Unallocate) -> Allocation:
	"""Release a posted payment from invoices it was applied to (`invoice_ids`, default all) with ERPNext's
	Unreconcile Payment: the invoices are outstanding again and the amount unallocated."""
	payment = documents.load(PAYMENTS, body.id)
	return allocations.result(allocations.unallocate_payment(payment, body.invoice_ids))


def record(name: str) -> Payment:
	return render(PAYMENTS, service.get_payment(name))[0]


def result(written: Written, dry_run: bool = False) -> Payment:
	"""The payment a write left (also used by the batch endpoints)."""
	return lifecycle.result(record, written, dry_run)
