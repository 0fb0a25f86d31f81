"""Journal Entries endpoints: multi-line entries with their lines, read and written."""

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import DocumentAction, JournalEntryCreate, JournalEntryUpdate
from unified_accounting.mappers.journal_entries import JournalEntryFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import JOURNAL_ENTRIES
from unified_accounting.schemas import Deleted, JournalEntry
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.ledger import journal_writes


@frappe.whitelist(methods=["GET"])
@unified_api("journal_entries")
def list_journal_entries(
	filters: JournalEntryFilters, paging: Paging, include_remote_data: bool = False
) -> Page[JournalEntry]:
	"""Return one page of Journal Entries, each with its lines."""
	found, page = list_records(JOURNAL_ENTRIES, filters, paging, include_remote_data)
	page.items = render(JOURNAL_ENTRIES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("journal_entries")
def get_journal_entry(id: str, include_remote_data: bool = False) -> JournalEntry:
	"""Return one Journal Entry."""
	return render(JOURNAL_ENTRIES, get_record(JOURNAL_ENTRIES, id, include_remote_data))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True, status=201)
def create_journal_entry(body: JournalEntryCreate) -> JournalEntry:
	"""Create a Journal Entry (two or more lines; `submit: true` posts it in the same transaction)."""
	return result(journal_writes.create_journal_entry(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def update_journal_entry(body: JournalEntryUpdate) -> JournalEntry:
	"""Update a draft Journal Entry; return it."""
	return result(journal_writes.update_journal_entry(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def submit_journal_entry(body: DocumentAction) -> JournalEntry:
	"""Submit a draft Journal Entry; return it (a dry run adds `gl_preview`)."""
	return lifecycle.submit(JOURNAL_ENTRIES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def cancel_journal_entry(body: DocumentAction) -> JournalEntry:
	"""Cancel a submitted Journal Entry; return it."""
	return lifecycle.cancel(JOURNAL_ENTRIES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def delete_journal_entry(body: DocumentAction) -> Deleted:
	"""Delete a draft or cancelled Journal Entry; return `{"id", "deleted": true}`."""
	return lifecycle.delete(JOURNAL_ENTRIES, body)


def record(name: str) -> JournalEntry:
	return render(JOURNAL_ENTRIES, get_record(JOURNAL_ENTRIES, name))[0]


def result(written: Written, dry_run: bool = False) -> JournalEntry:
	"""The journal entry a write left (also used by the batch endpoints)."""
	return lifecycle.result(record, written, dry_run)
