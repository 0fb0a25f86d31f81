"""Payments endpoints: Payment Entries and what they were applied to, read and written."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.inputs import DocumentAction, PaymentCreate, PaymentUpdate
from unified_accounting.mappers.payments import to_unified_payment
from unified_accounting.services import documents, payment_writes
from unified_accounting.services import payments as service

DOCTYPE = "Payment Entry"


@frappe.whitelist(methods=["GET"])
@unified_api("payments")
def list_payments(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	type: str | None = None,
	contact_id: str | None = None,
	invoice_id: str | None = None,
	transaction_date_from: datetime.date | None = None,
	transaction_date_to: datetime.date | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of Payments, each with what it was applied to."""
	filters, paging = list_arguments(locals())
	found, page = service.list_payments(filters, paging, include_remote_data)
	page.items = unified(found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("payments")
def get_payment(id: str, include_remote_data: bool = False) -> dict:
	"""Return one Payment."""
	return unified(service.get_payment(id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True, status=201)
def create_payment(body: PaymentCreate) -> dict:
	"""Create a Payment, applied to invoices or left unallocated; ERPNext's payment logic sets outstanding
	amounts and invoice status. `submit: true` posts it in the same transaction."""
	return result(payment_writes.create_payment(body).name, body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def update_payment(body: PaymentUpdate) -> dict:
	"""Update a draft Payment; return it."""
	return result(payment_writes.update_payment(body).name, body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def submit_payment(body: DocumentAction) -> dict:
	"""Submit a draft Payment; return it."""
	documents.submit_document(DOCTYPE, body.id)
	return result(body.id)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def cancel_payment(body: DocumentAction) -> dict:
	"""Cancel a submitted Payment (its invoices become outstanding again); return it."""
	documents.cancel_document(DOCTYPE, body.id)
	return result(body.id)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def delete_payment(body: DocumentAction) -> dict:
	"""Delete a draft or cancelled Payment; return `{"id", "deleted": true}`."""
	documents.delete_document(DOCTYPE, body.id)
	return {"id": body.id, "deleted": True}


def unified(found) -> list[dict]:
	return [to_unified_payment(row, found.children.get(row.name, []), found.ctx) for row in found.rows]


def result(name: str, dry_run: bool = False) -> dict:
	payment = unified(service.get_payment(name))[0]
	if dry_run:
		payment["gl_preview"] = documents.preview_posting(DOCTYPE, name)
	return payment
