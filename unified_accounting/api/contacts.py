"""Contacts endpoints: Customers and Suppliers in one unified Contact shape."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.inputs import ContactCreate
from unified_accounting.mappers.contacts import to_unified_contact
from unified_accounting.services import contact_writes
from unified_accounting.services import contacts as service


@frappe.whitelist(methods=["GET"])
@unified_api("contacts")
def list_contacts(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	type: str | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of Contacts (customers and suppliers ordered together)."""
	filters, paging = list_arguments(locals())
	found, page = service.list_contacts(filters, paging, include_remote_data)
	page.items = [to_unified_contact(doctype, row, found.ctx) for doctype, row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("contacts")
def get_contact(id: str, type: str | None = None, include_remote_data: bool = False) -> dict:
	"""Return one Contact (`type` is needed only when a customer and a supplier share the id)."""
	found = service.get_contact(id, type, include_remote_data)
	doctype, row = found.rows[0]
	return to_unified_contact(doctype, row, found.ctx)


@frappe.whitelist(methods=["POST"])
@unified_api("contacts", write=True, status=201)
def create_contact(body: ContactCreate) -> dict:
	"""Create a Customer or Supplier, enough to invoice or pay it; return it."""
	written = contact_writes.create_contact(body)
	found = service.get_contact(written.name, body.type)
	doctype, row = found.rows[0]
	return to_unified_contact(doctype, row, found.ctx)
