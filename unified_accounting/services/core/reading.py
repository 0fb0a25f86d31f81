"""The generic lister and getter: a resource's spec (resources.py) says which doctypes, columns, filters
and child tables; this reads them under the caller's permissions in a fixed number of queries."""

from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import InvalidRequestError, NotFoundError, PermissionDeniedError
from unified_accounting.filtering import Filters
from unified_accounting.mappers.common import MapContext
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import Resource
from unified_accounting.services.core.listing import ListRequest, children_by_parent, list_page
from unified_accounting.services.core.records import (
	data_fields,
	ensure_may_learn_existence,
	ensure_readable,
	load_remote_data,
	map_context,
)


@dataclass
class Found:
	"""Rows read for a resource, ready for its mapper."""

	rows: list[tuple[str, dict]]  # (doctype, row)
	children: dict[tuple[str, str], dict[str, list]]  # (doctype, name) -> {child key: rows}
	ctx: MapContext


def readable(resource: Resource, filters: Filters | None = None) -> list[str]:
	"""The resource's doctypes the caller may read; none at all is a 403. With a `type` filter, the chosen
	doctype alone when the caller may read it: the others would not be queried, so their permissions and
	metadata (a few ms a request) are only looked at to tell an empty page from a 403."""
	wanted = [dt for dt in resource.doctypes if filters is None or chosen(resource, filters, dt)]
	doctypes = [dt for dt in wanted if frappe.has_permission(dt, "read")]
	if not doctypes:
		doctypes = [dt for dt in resource.doctypes if dt not in wanted and frappe.has_permission(dt, "read")]
	if not doctypes:
		raise PermissionDeniedError(f"You may not read {' or '.join(resource.doctypes)}.")
	return doctypes


def context(resource: Resource, doctypes: list[str]) -> MapContext:
	"""Custom fields of the doctypes and of their child tables that carry them."""
	children = [c.doctype_of[dt] for c in resource.spec.children if c.custom_fields for dt in doctypes]
	return map_context([*doctypes, *children])


def chosen(resource: Resource, filters: Filters, doctype: str) -> bool:
	"""False when a `type` filter names another of the resource's doctypes."""
	kind = getattr(filters, "type", None)
	return not (kind and resource.spec.doctype_by_type and resource.spec.doctype_by_type[kind] != doctype)


def list_records(
	resource: Resource, filters: Filters, paging: Paging, include_remote_data: bool = False
) -> tuple[Found, Page]:
	"""One page of the resource's records, with their child rows."""
	doctypes = readable(resource, filters)
	ctx = context(resource, doctypes)
	request = ListRequest(
		resource=resource.name,
		fields_by_doctype={dt: data_fields(dt, resource.spec.fields(dt), ctx) for dt in doctypes},
		filters_by_doctype={
			dt: [*filters.frappe_filters(dt), *fixed_conditions(resource, dt)]
			if chosen(resource, filters, dt)
			else None
			for dt in doctypes
		},
		bound_filters=filters.bound(),
		paging=paging,
	)
	pairs, page = list_page(request)
	return with_children(resource, pairs, ctx, include_remote_data), page


def find_doctype(resource: Resource, name: str, kind: str | None = None) -> str:
	"""Which of the resource's doctypes an id names: the one way every getter and action answers it.
	404 when none; a name two doctypes share needs `type`."""
	if kind:
		return resource.spec.doctype_by_type[kind]
	if len(resource.doctypes) == 1:
		return ensure_meets_where(resource, resource.doctypes[0], name)
	found = [doctype for doctype in resource.doctypes if frappe.db.exists(doctype, name)]
	if not found:
		ensure_may_learn_existence(*resource.doctypes)
		raise NotFoundError(f"No {resource.spec.noun} {name}.")
	if len(found) > 1:
		raise InvalidRequestError(
			f"{name} is both a {' and a '.join(found)}: pass type ({', '.join(resource.spec.doctype_by_type)}).",
			[{"field": "type", "message": "required: the id is ambiguous"}],
		)
	return found[0]


def fixed_conditions(resource: Resource, doctype: str) -> list[list]:
	"""The spec's `where` for a doctype as Frappe filters (an expense is a Purchase Invoice with is_paid)."""
	where = (resource.spec.where or {}).get(doctype, {})
	return [[field, "=", value] for field, value in where.items()]


def ensure_meets_where(resource: Resource, doctype: str, name: str) -> str:
	"""404 for a record of the doctype that is not one of the resource's (a plain bill asked as an expense);
	a record that does not exist at all is left to ensure_readable (404, or 403 to who may not read)."""
	where = (resource.spec.where or {}).get(doctype)
	stored = frappe.db.get_value(doctype, name, list(where), as_dict=True) if where else None
	if stored and any(stored[field] != value for field, value in where.items()):
		ensure_may_learn_existence(doctype)
		raise NotFoundError(f"No {resource.spec.noun} {name}.")
	return doctype


def get_record(
	resource: Resource, name: str, include_remote_data: bool = False, kind: str | None = None
) -> Found:
	"""One record (404/403 checked), with its child rows."""
	doctype = find_doctype(resource, name, kind)
	ensure_readable(doctype, name)
	ctx = context(resource, [doctype])
	fields = ["name", *data_fields(doctype, resource.spec.fields(doctype), ctx)]
	rows = frappe.get_list(doctype, fields=fields, filters={"name": name})
	return with_children(resource, [(doctype, row) for row in rows], ctx, include_remote_data)


def get_records(resource: Resource, names_by_doctype: dict[str, list[str]]) -> Found:
	"""Many records by id, those the caller may read (the same permission-filtered query as a list), with
	their child rows: a fixed number of queries however many there are. Ids the caller may not read, or
	that no longer exist, are simply absent."""
	doctypes = [dt for dt in names_by_doctype if frappe.has_permission(dt, "read")]
	ctx = context(resource, doctypes)
	pairs = []
	for doctype in doctypes:
		fields = ["name", *data_fields(doctype, resource.spec.fields(doctype), ctx)]
		filters = [["name", "in", names_by_doctype[doctype]], *fixed_conditions(resource, doctype)]
		rows = frappe.get_list(doctype, fields=fields, filters=filters, limit_page_length=0)
		pairs += [(doctype, row) for row in rows]
	return with_children(resource, pairs, ctx, include_remote_data=False)


def with_children(resource: Resource, pairs: list, ctx: MapContext, include_remote_data: bool) -> Found:
	"""Every child table of every record of the page: one query per child table and doctype."""
	children = {(doctype, row.name): {} for doctype, row in pairs}
	for doctype in dict.fromkeys(doctype for doctype, _row in pairs):
		names = [row.name for dt, row in pairs if dt == doctype]
		for child in resource.spec.children:
			table = child.doctype_of[doctype]
			fields = list(child.fields(doctype))
			fields = data_fields(table, fields, ctx) if child.custom_fields else fields
			grouped = children_by_parent(table, doctype, names, fields)
			for name in names:
				children[(doctype, name)][child.key] = grouped.get(name, [])
	if include_remote_data:
		load_remote_data(ctx, [(doctype, row.name) for doctype, row in pairs])
	found = Found(pairs, children, ctx)
	return frappe.get_attr(resource.spec.extras)(found) if resource.spec.extras else found


def render(resource: Resource, found: Found) -> list[dict]:
	"""The found rows in the resource's unified shape."""
	mapper = resource.spec.mapper
	return [mapper(dt, row, found.children[(dt, row.name)], found.ctx) for dt, row in found.rows]
