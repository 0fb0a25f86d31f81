"""Pure mapping of Customer and Supplier rows to the unified Contact and back: field tables, filters."""

from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	columns,
	read_fields,
	reverse,
	same,
	text,
	trailing_fields,
	write_fields,
)
from unified_accounting.mappers.contact_details import to_unified_address, to_unified_emails
from unified_accounting.schemas import Contact

TYPE_BY_DOCTYPE = {"Customer": "customer", "Supplier": "supplier"}
DOCTYPE_BY_TYPE = reverse(TYPE_BY_DOCTYPE)
GROUP_DOCTYPE = {"Customer": "Customer Group", "Supplier": "Supplier Group"}

# (unified, ERPNext, read converter), per doctype: the name and group columns carry the doctype's prefix.
COMMON_FIELDS = (
	("tax_id", "tax_id", text),
	("currency", "default_currency", text),
	("email", "email_id", text),
	("phone", "mobile_no", text),
	("payment_terms_id", "payment_terms", text),
)
FIELDS = {
	doctype: (
		("name", f"{prefix}_name", same),
		("group", f"{prefix}_group", text),
		*COMMON_FIELDS,
	)
	for doctype, prefix in TYPE_BY_DOCTYPE.items()
}


class ContactFilters(CommonFilters):
	# Customers and suppliers belong to no company: the company filter is accepted and does not narrow.
	company: Annotated[str | None, Filter(None)] = None
	type: Annotated[Literal[tuple(DOCTYPE_BY_TYPE)] | None, Filter(None)] = None  # chooses the doctype


def contact_fields(doctype: str) -> list[str]:
	return ["creation", "modified", "disabled", *columns(FIELDS[doctype])]


def to_unified_contact(doctype: str, row: dict, children: dict, ctx: MapContext) -> Contact:
	return {
		**base_fields(row, doctype, ctx),
		"company": None,
		"type": TYPE_BY_DOCTYPE[doctype],
		**read_fields(row, FIELDS[doctype]),
		"status": "inactive" if row.get("disabled") else "active",
		"addresses": [to_unified_address(address) for address in children.get("addresses", [])],
		"emails": to_unified_emails(children.get("people", []), children.get("person_emails", {})),
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_contact(given: dict, doctype: str) -> dict:
	"""Columns of a new Customer or Supplier from the unified fields given, custom fields included."""
	return {**write_fields(given, FIELDS[doctype]), **given.get("custom_fields", {})}
