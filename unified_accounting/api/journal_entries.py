"""Journal Entries endpoints: multi-line entries with their lines, read and written."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.inputs import DocumentAction, JournalEntryCreate, JournalEntryUpdate
from unified_accounting.mappers.journal_entries import to_unified_journal_entry
from unified_accounting.services import documents, journal_writes
from unified_accounting.services import journal_entries as service

DOCTYPE = "Journal Entry"


@frappe.whitelist(methods=["GET"])
@unified_api("journal_entries")
def list_journal_entries(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	transaction_date_from: datetime.date | None = None,
	transaction_date_to: datetime.date | None = None,
	posting_status: str | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of Journal Entries, each with its lines."""
	filters, paging = list_arguments(locals())
	found, page = service.list_journal_entries(filters, paging, include_remote_data)
	page.items = unified(found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("journal_entries")
def get_journal_entry(id: str, include_remote_data: bool = False) -> dict:
	"""Return one Journal Entry."""
	return unified(service.get_journal_entry(id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True, status=201)
def create_journal_entry(body: JournalEntryCreate) -> dict:
	"""Create a Journal Entry (two or more lines; `submit: true` posts it in the same transaction)."""
	return result(journal_writes.create_journal_entry(body).name, body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def update_journal_entry(body: JournalEntryUpdate) -> dict:
	"""Update a draft Journal Entry; return it."""
	return result(journal_writes.update_journal_entry(body).name, body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def submit_journal_entry(body: DocumentAction) -> dict:
	"""Submit a draft Journal Entry; return it."""
	documents.submit_document(DOCTYPE, body.id)
	return result(body.id)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def cancel_journal_entry(body: DocumentAction) -> dict:
	"""Cancel a submitted Journal Entry; return it."""
	documents.cancel_document(DOCTYPE, body.id)
	return result(body.id)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def delete_journal_entry(body: DocumentAction) -> dict:
	"""Delete a draft or cancelled Journal Entry; return `{"id", "deleted": true}`."""
	documents.delete_document(DOCTYPE, body.id)
	return {"id": body.id, "deleted": True}


def unified(found) -> list[dict]:
	currencies = service.company_currencies(found.rows)
	return [
		to_unified_journal_entry(
			row, found.children.get(row.name, []), currencies.get(row.company), found.ctx
		)
		for row in found.rows
	]


def result(name: str, dry_run: bool = False) -> dict:
	entry = unified(service.get_journal_entry(name))[0]
	if dry_run:
		entry["gl_preview"] = documents.preview_posting(DOCTYPE, name)
	return entry
