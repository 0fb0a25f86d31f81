"""Reading Journal Entries with their lines, and the company currencies their amounts are in."""

import frappe

from unified_accounting.mappers.journal_entries import JournalEntryFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import JOURNAL_ENTRIES
from unified_accounting.services.reading import Found, get_record, list_records


def list_journal_entries(
	filters: JournalEntryFilters, paging: Paging, include_remote_data: bool = False
) -> tuple[Found, Page]:
	return list_records(JOURNAL_ENTRIES, filters, paging, include_remote_data)


def get_journal_entry(name: str, include_remote_data: bool = False) -> Found:
	return get_record(JOURNAL_ENTRIES, name, include_remote_data)


def with_currencies(found: Found) -> Found:
	"""The spec's extras (resources.py): the company currency each entry's amounts are in."""
	companies = {row.company for _doctype, row in found.rows}
	found.ctx.currencies = {c: frappe.get_cached_value("Company", c, "default_currency") for c in companies}
	return found
