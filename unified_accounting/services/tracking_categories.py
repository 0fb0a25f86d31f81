"""Reading Cost Centers, Projects and every enabled Accounting Dimension's records as tracking categories."""

import frappe

from unified_accounting.exceptions import InvalidRequestError, PermissionDeniedError
from unified_accounting.mappers.tracking_categories import CategorySource
from unified_accounting.services.listing import ListRequest, common_filters, list_page
from unified_accounting.services.records import data_fields, dimension_fields, map_context

DATES = ("updated_after", "updated_before", "created_after", "created_before")
NAME_FIELDS = {"Cost Center": "cost_center_name", "Project": "project_name"}


def sources() -> list[CategorySource]:
	"""One source per doctype, from live metadata: cost centers, projects, then each dimension."""
	kinds = [("cost_center", "Cost Center"), ("project", "Project"), *dimension_fields()]
	found = []
	for kind, doctype in kinds:
		meta = frappe.get_meta(doctype)
		name_field = NAME_FIELDS.get(doctype) or (
			meta.title_field if meta.has_field(meta.title_field or "") else None
		)
		parent_field = (meta.nsm_parent_field or f"parent_{frappe.scrub(doctype)}") if meta.is_tree else None
		found.append(
			CategorySource(
				type=kind,
				doctype=doctype,
				name_field=name_field,
				parent_field=parent_field if parent_field and meta.has_field(parent_field) else None,
				has_company=bool(meta.has_field("company")),
				has_disabled=bool(meta.has_field("disabled")),
			)
		)
	return found


def list_tracking_categories(filters: dict, paging: dict):
	every = sources()
	kinds = {source.type for source in every}
	if filters.get("type") and filters["type"] not in kinds:
		detail = {"field": "type", "message": f"must be one of: {', '.join(sorted(kinds))}"}
		raise InvalidRequestError("Invalid filter values: type.", [detail])
	readable = [
		s for s in every if frappe.has_permission(s.doctype, "read") and filters.get("type") in (None, s.type)
	]
	if not readable and not filters.get("type"):
		raise PermissionDeniedError("You may not read Cost Centers, Projects or accounting dimensions.")
	ctx = map_context([s.doctype for s in readable])
	by_doctype = {s.doctype: s for s in readable}
	request = ListRequest(
		resource="tracking_categories",
		fields_by_doctype={s.doctype: data_fields(s.doctype, s.fields(), ctx) for s in readable},
		filters_by_doctype={s.doctype: category_filters(s, filters) for s in readable},
		bound_filters=filters,
		**paging,
	)
	pairs, page = list_page(request)
	return [(by_doctype[doctype], row) for doctype, row in pairs], ctx, page


def category_filters(source: CategorySource, filters: dict) -> list | None:
	"""A company filter leaves out doctypes that have no company (they belong to every company)."""
	dates = common_filters(None, **{k: filters.get(k) for k in DATES})
	if filters.get("company"):
		if not source.has_company:
			return dates
		dates.append(["company", "=", filters["company"]])
	return dates
