"""Reading Customers and Suppliers as one list of contacts."""

from unified_accounting.mappers.contacts import ContactFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import CONTACTS
from unified_accounting.services.reading import Found, get_record, list_records


def list_contacts(
	filters: ContactFilters, paging: Paging, include_remote_data: bool = False
) -> tuple[Found, Page]:
	"""Customers and suppliers ordered together (`type` keeps one kind)."""
	found, page = list_records(CONTACTS, filters, paging, include_remote_data)
	return found, page


def get_contact(name: str, kind: str | None = None, include_remote_data: bool = False) -> Found:
	"""`kind` (customer | supplier) is needed only when a customer and a supplier share the id."""
	return get_record(CONTACTS, name, include_remote_data, kind)
