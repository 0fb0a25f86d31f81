"""Invoices endpoints: Sales Invoices (accounts_receivable) and Purchase Invoices (accounts_payable)."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.inputs import DocumentAction, InvoiceCreate, InvoiceUpdate
from unified_accounting.mappers.invoices import to_unified_invoice
from unified_accounting.services import documents, invoice_writes
from unified_accounting.services import invoices as service


@frappe.whitelist(methods=["GET"])
@unified_api("invoices")
def list_invoices(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	type: str | None = None,
	status: str | None = None,
	contact_id: str | None = None,
	issue_date_from: datetime.date | None = None,
	issue_date_to: datetime.date | None = None,
	due_date_from: datetime.date | None = None,
	due_date_to: datetime.date | None = None,
	number: str | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of Invoices of both kinds, ordered together, each with its line items, taxes and
	applied payments."""
	filters, paging = list_arguments(locals())
	service.validate_filters(filters)
	found, page = service.list_invoices(filters, paging, include_remote_data)
	page.items = unified(found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("invoices")
def get_invoice(id: str, include_remote_data: bool = False) -> dict:
	"""Return one Invoice."""
	return unified(service.get_invoice(id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True, status=201)
def create_invoice(body: InvoiceCreate) -> dict:
	"""Create an Invoice (and submit it with `submit: true`, in the same transaction); return it."""
	return result(invoice_writes.create_invoice(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def update_invoice(body: InvoiceUpdate) -> dict:
	"""Update a draft Invoice (submitted ones: only fields ERPNext allows after submit); return it."""
	return result(invoice_writes.update_invoice(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def submit_invoice(body: DocumentAction) -> dict:
	"""Submit a draft Invoice, posting it to the ledger; return it."""
	found = invoice_writes.find_invoice(body.id)
	documents.submit_document(found.doctype, found.name)
	return result(found, body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def cancel_invoice(body: DocumentAction) -> dict:
	"""Cancel a submitted Invoice (409 while other submitted documents link to it); return it."""
	found = invoice_writes.find_invoice(body.id)
	documents.cancel_document(found.doctype, found.name)
	return result(found)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def delete_invoice(body: DocumentAction) -> dict:
	"""Delete a draft or cancelled Invoice; return `{"id", "deleted": true}`."""
	found = invoice_writes.find_invoice(body.id)
	documents.delete_document(found.doctype, found.name)
	return {"id": found.name, "deleted": True}


def unified(found) -> list[dict]:
	return [to_unified_invoice(dt, row, found.children[(dt, row.name)], found.ctx) for dt, row in found.rows]


def result(written, dry_run: bool = False) -> dict:
	"""The invoice as it now stands; dry runs add the GL it would post (then everything is rolled back)."""
	invoice = unified(service.get_invoice(written.name))[0]
	if dry_run:
		invoice["gl_preview"] = documents.preview_posting(written.doctype, written.name)
	return invoice
