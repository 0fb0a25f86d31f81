"""Reading Customers and Suppliers as one list of contacts."""

from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import InvalidRequestError, NotFoundError, PermissionDeniedError
from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.contacts import DOCTYPE_BY_TYPE, contact_fields
from unified_accounting.services.listing import ListRequest, common_filters, list_page
from unified_accounting.services.records import data_fields, ensure_readable, load_remote_data, map_context

DOCTYPES = tuple(DOCTYPE_BY_TYPE.values())
DATES = ("updated_after", "updated_before", "created_after", "created_before")


@dataclass
class ContactRows:
	rows: list[tuple[str, dict]]
	ctx: MapContext


def list_contacts(filters: dict, paging: dict, include_remote_data: bool):
	doctypes = [dt for dt in DOCTYPES if frappe.has_permission(dt, "read")]
	if not doctypes:
		raise PermissionDeniedError("You may not read Customers or Suppliers.")
	if filters.get("type") and filters["type"] not in DOCTYPE_BY_TYPE:
		raise InvalidRequestError(
			"Invalid filter values: type.", [{"field": "type", "message": "must be customer or supplier"}]
		)
	ctx = map_context(doctypes)
	# Customers and suppliers belong to no company: the company filter does not narrow them.
	base = common_filters(None, **{k: filters.get(k) for k in DATES})
	request = ListRequest(
		resource="contacts",
		fields_by_doctype={dt: data_fields(dt, contact_fields(dt), ctx) for dt in doctypes},
		filters_by_doctype={
			dt: None if filters.get("type") and DOCTYPE_BY_TYPE[filters["type"]] != dt else list(base)
			for dt in doctypes
		},
		bound_filters=filters,
		**paging,
	)
	pairs, page = list_page(request)
	return finish(pairs, ctx, include_remote_data), page


def get_contact(name: str, kind: str | None, include_remote_data: bool = False) -> ContactRows:
	doctype = resolve(name, kind)
	ensure_readable(doctype, name)
	ctx = map_context([doctype])
	rows = frappe.get_list(
		doctype, fields=["name", *data_fields(doctype, contact_fields(doctype), ctx)], filters={"name": name}
	)
	return finish([(doctype, row) for row in rows], ctx, include_remote_data)


def resolve(name: str, kind: str | None) -> str:
	"""Which doctype an id names; a name used by both a customer and a supplier needs `type`."""
	if kind:
		if kind not in DOCTYPE_BY_TYPE:
			raise InvalidRequestError(
				"Invalid type.", [{"field": "type", "message": "must be customer or supplier"}]
			)
		return DOCTYPE_BY_TYPE[kind]
	found = [dt for dt in DOCTYPES if frappe.db.exists(dt, name)]
	if not found:
		raise NotFoundError(f"No customer or supplier {name}.")
	if len(found) > 1:
		raise InvalidRequestError(
			f"{name} is both a customer and a supplier: pass type=customer or type=supplier.",
			[{"field": "type", "message": "required: the id is ambiguous"}],
		)
	return found[0]


def finish(pairs: list, ctx: MapContext, include_remote_data: bool) -> ContactRows:
	if include_remote_data:
		load_remote_data(ctx, [(doctype, row.name) for doctype, row in pairs])
	return ContactRows(pairs, ctx)
