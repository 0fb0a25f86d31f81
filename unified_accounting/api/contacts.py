"""Contacts endpoints: Customers and Suppliers in one unified Contact shape."""

from typing import Literal

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import ContactAction, ContactCreate, ContactUpdate
from unified_accounting.mappers.contacts import TYPE_BY_DOCTYPE, ContactFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import CONTACTS
from unified_accounting.schemas import Contact
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.trade import contact_writes


@frappe.whitelist(methods=["GET"])
@unified_api("contacts")
def list_contacts(
	filters: ContactFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Contact]:
	"""Return one page of Contacts (customers and suppliers ordered together)."""
	found, page = list_records(CONTACTS, filters, paging, include_remote_data)
	page.items = render(CONTACTS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("contacts")
def get_contact(
	id: str, type: Literal["customer", "supplier"] | None = None, include_remote_data: bool = False
) -> Contact:
	"""Return one Contact (`type` is needed only when a customer and a supplier share the id)."""
	return render(CONTACTS, get_record(CONTACTS, id, include_remote_data, type))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("contacts", write=True, status=201)
def create_contact(body: ContactCreate) -> Contact:
	"""Create a Customer or Supplier, enough to invoice or pay it; return it."""
	written = contact_writes.create_contact(body)
	return render(CONTACTS, get_record(CONTACTS, written.name, kind=body.type))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("contacts", write=True)
def update_contact(body: ContactUpdate) -> Contact:
	"""Update a Customer or Supplier, its addresses, emails and payment terms; return it."""
	written = contact_writes.update_contact(body)
	return render(CONTACTS, get_record(CONTACTS, written.name, kind=TYPE_BY_DOCTYPE[written.doctype]))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("contacts", write=True)
def deactivate_contact(body: ContactAction) -> Contact:
	"""Deactivate a Customer or Supplier (status inactive; reactivate with update_contact); return it."""
	written = contact_writes.deactivate_contact(body)
	return render(CONTACTS, get_record(CONTACTS, written.name, kind=TYPE_BY_DOCTYPE[written.doctype]))[0]
