"""Invoices endpoints: Sales Invoices (accounts_receivable) and Purchase Invoices (accounts_payable)."""

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import Allocate, DocumentAction, InvoiceCreate, InvoiceUpdate, Unallocate
from unified_accounting.mappers.invoices import InvoiceFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import INVOICES
from unified_accounting.schemas import Allocation, Deleted, Invoice
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.money import allocations
from unified_accounting.services.trade import invoice_writes


@frappe.whitelist(methods=["GET"])
@unified_api("invoices")
def list_invoices(
	filters: InvoiceFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Invoice]:
	"""Return one page of Invoices of both kinds, ordered together, each with its line items, taxes and
	applied payments."""
	found, page = list_records(INVOICES, filters, paging, include_remote_data)
	page.items = render(INVOICES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("invoices")
def get_invoice(id: str, include_remote_data: bool = False) -> Invoice:
	"""Return one Invoice."""
	return render(INVOICES, get_record(INVOICES, id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True, status=201)
def create_invoice(body: InvoiceCreate) -> Invoice:
	"""Create an Invoice (and submit it with `submit: true`, in the same transaction); return it."""
	return result(invoice_writes.create_invoice(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def update_invoice(body: InvoiceUpdate) -> Invoice:
	"""Update a draft Invoice (submitted ones: only fields ERPNext allows after submit); return it."""
	return result(invoice_writes.update_invoice(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def submit_invoice(body: DocumentAction) -> Invoice:
	"""Submit a draft Invoice, posting it to the ledger; return it (a dry run adds `gl_preview`)."""
	return lifecycle.submit(INVOICES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def cancel_invoice(body: DocumentAction) -> Invoice:
	"""Cancel a submitted Invoice (409 while other submitted documents link to it); return it."""
	return lifecycle.cancel(INVOICES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def delete_invoice(body: DocumentAction) -> Deleted:
	"""Delete a draft or cancelled Invoice; return `{"id", "deleted": true}`."""
	return lifecycle.delete(INVOICES, body)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def apply_credit_note(body: Allocate) -> Allocation:
	"""Apply a posted credit note (customer credit or vendor credit) to open invoices of its contact with
	ERPNext's Payment Reconciliation, which posts the Credit/Debit Note journal; return each invoice's new
	balance and status (a dry run shows them and keeps nothing)."""
	credit_note = documents.load(INVOICES, body.id)
	return allocations.result(allocations.allocate(credit_note, body.applied_to))


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def unapply_credit_note(body: Unallocate) -> Allocation:
	"""Take a credit note back from invoices it was applied to (`invoice_ids`, default all): ERPNext cancels
	the journals that applied it, and the invoices are outstanding again."""
	credit_note = documents.load(INVOICES, body.id)
	return allocations.result(allocations.unapply_credit_note(credit_note, body.invoice_ids))


def record(name: str) -> Invoice:
	return render(INVOICES, get_record(INVOICES, name))[0]


def result(written: Written, dry_run: bool = False) -> Invoice:
	"""The invoice a write left (also used by the batch endpoints)."""
	return lifecycle.result(record, written, dry_run)
