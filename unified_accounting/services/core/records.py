"""Shared reads for every resource: one record under permissions, custom fields, dimensions, remote data."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import frappe
from frappe.model import get_permitted_fields
from frappe.utils import get_system_timezone
from frappe.utils.caching import request_cache

from unified_accounting.exceptions import NotFoundError, PermissionDeniedError
from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.custom_fields import NO_VALUE_FIELDTYPES
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PARENT_DOCTYPE
from unified_accounting.services.core.listing import ListRequest, list_page
from unified_accounting.services.core.settings import get_settings


@dataclass
class FactRows:
	"""Rows of a one-doctype resource, what was read about them besides (by row name), their map context."""

	rows: list[dict]
	facts: dict
	ctx: MapContext


def ensure_readable(doctype: str, name: str) -> None:
	"""404 when the record does not exist, 403 when the caller may not read it. The read check is the same
	permission-filtered query a list runs (roles, User Permissions, owner rules), without loading the
	whole document."""
	if not frappe.db.exists(doctype, name):
		ensure_may_learn_existence(doctype)
		raise NotFoundError(f"{doctype} {name} does not exist.")
	if not frappe.has_permission(doctype, "read") or not frappe.get_list(
		doctype, filters={"name": name}, pluck="name", limit_page_length=1
	):
		raise PermissionDeniedError(f"You may not read {doctype} {name}.")


def ensure_may_learn_existence(*doctypes: str) -> None:
	"""As Frappe answers a missing record (permissions.handle_does_not_exist_error): 403, not 404, to a
	caller who may read none of these doctypes (shares aside), so 404 vs 403 reveals nothing to them."""
	if not any(frappe.has_permission(dt, "read", ignore_share_permissions=True) for dt in doctypes):
		raise PermissionDeniedError(f"You may not read {' or '.join(doctypes)}.")


def ensure_doctype_readable(doctype: str) -> None:
	"""403 when the caller may not read this doctype at all."""
	if not frappe.has_permission(doctype, "read"):
		raise PermissionDeniedError(f"You may not read {doctype}.")


def readable_columns(doctype: str) -> frozenset[str]:
	"""The columns of `doctype` the caller may read at their field permission levels: what get_list keeps
	of a select list (DatabaseQuery.apply_fieldlevel_read_permissions asks get_permitted_fields the same
	way), for SQL that selects columns itself."""
	return frozenset(get_permitted_fields(doctype, ignore_virtual=True))


def custom_field_specs(doctype: str) -> list[tuple[str, str]]:
	"""(fieldname, fieldtype) of every data-carrying Custom Field the caller may read (field permission
	levels apply; child tables are judged by their parent's permissions), from live metadata; empty when
	the admin has switched custom fields off."""
	return user_custom_field_specs(doctype, frappe.session.user)


@request_cache  # asked for every line and child table of a write: once per doctype and user a request
def user_custom_field_specs(doctype: str, user: str) -> list[tuple[str, str]]:
	if not get_settings().expose_custom_fields:
		return []
	permitted = set(get_permitted_fields(doctype, parenttype=PARENT_DOCTYPE.get(doctype), user=user))
	return [
		(f.fieldname, f.fieldtype)
		for f in frappe.get_meta(doctype).get_custom_fields()
		if f.fieldtype not in NO_VALUE_FIELDTYPES and f.fieldname in permitted
	]


DIMENSIONS_KEY = "unified_accounting:dimension_fields"


@request_cache
def dimension_fields() -> list[tuple[str, str]]:
	"""(fieldname, document_type) of every enabled Accounting Dimension, as ERPNext's get_dimensions lists
	them: cached in Redis (every read asks), dropped whenever an Accounting Dimension changes."""
	return frappe.cache.get_value(DIMENSIONS_KEY, generator=enabled_dimensions)


def enabled_dimensions() -> list[tuple[str, str]]:
	rows = frappe.get_all(
		"Accounting Dimension",
		filters={"disabled": 0},
		fields=["fieldname", "document_type"],
		order_by="creation asc",
	)
	return [(row.fieldname, row.document_type) for row in rows]


def forget_dimensions(*_args, **_kwargs) -> None:
	"""doc_events of Accounting Dimension, and Frappe's clear_cache hook. Forgotten again when the
	transaction ends, so a list rebuilt meanwhile from uncommitted rows does not outlive a rollback."""
	frappe.cache.delete_value(DIMENSIONS_KEY)
	if getattr(frappe.local, "db", None):
		frappe.db.after_commit.add(lambda: frappe.cache.delete_value(DIMENSIONS_KEY))
		frappe.db.after_rollback.add(lambda: frappe.cache.delete_value(DIMENSIONS_KEY))


def map_context(doctypes: list[str]) -> MapContext:
	"""Everything mappers need for these doctypes, read once per request."""
	return MapContext(
		tz=ZoneInfo(get_system_timezone()),
		custom_fields={doctype: custom_field_specs(doctype) for doctype in doctypes},
		dimensions=dimension_fields(),
	)


def load_remote_data(ctx: MapContext, pairs: list[tuple[str, str]]) -> None:
	"""The full ERPNext documents, as `/api/resource/<doctype>/<name>` returns them (one load each:
	asked for explicitly with include_remote_data=1)."""
	for doctype, name in pairs:
		doc = frappe.get_doc(doctype, name)
		doc.check_permission("read")
		doc.apply_fieldlevel_read_permissions()
		ctx.remote_data[(doctype, name)] = doc.as_dict(convert_dates_to_str=True)


def data_fields(doctype: str, fields: list[str], ctx: MapContext) -> list[str]:
	"""The fields to select: the mapper's own, plus custom fields and dimension columns that exist."""
	meta = frappe.get_meta(doctype)
	extra = [name for name, _type in ctx.custom_fields.get(doctype, [])]
	extra += [name for name, _doctype in ctx.dimensions if meta.has_field(name)]
	return list(dict.fromkeys([*fields, *extra]))


def list_doctype(
	resource: str, doctype: str, fields: list[str], filters, paging: Paging
) -> tuple[list[dict], MapContext, Page]:
	"""One page of a one-doctype resource (403 when the caller may not read the doctype), with the rows'
	map context: `filters` is the resource's `filtering.Filters`."""
	ensure_doctype_readable(doctype)
	ctx = map_context([doctype])
	request = ListRequest(
		resource=resource,
		fields_by_doctype={doctype: data_fields(doctype, fields, ctx)},
		filters_by_doctype={doctype: filters.frappe_filters(doctype)},
		bound_filters=filters.bound(),
		paging=paging,
	)
	pairs, page = list_page(request)
	return [row for _doctype, row in pairs], ctx, page
