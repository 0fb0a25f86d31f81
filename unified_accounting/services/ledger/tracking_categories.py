"""Reading Cost Centers, Projects and every enabled Accounting Dimension's records as tracking categories."""

import frappe

from unified_accounting.exceptions import InvalidRequestError, PermissionDeniedError
from unified_accounting.filtering import choice_problem
from unified_accounting.mappers.tracking_categories import CategorySource, TrackingCategoryFilters
from unified_accounting.pagination import Paging
from unified_accounting.services.core.listing import ListRequest, list_page
from unified_accounting.services.core.records import data_fields, dimension_fields, map_context

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


def list_tracking_categories(filters: TrackingCategoryFilters, paging: Paging):
	"""One page over every source (a `type` keeps one); (source, row) pairs, the map context and the Page."""
	every = sources()
	kinds = {source.type for source in every}
	if filters.type and filters.type not in kinds:
		raise InvalidRequestError("Invalid parameters: type.", [choice_problem("type", kinds)])
	readable = [
		s for s in every if frappe.has_permission(s.doctype, "read") and filters.type in (None, s.type)
	]
	if not readable and not filters.type:
		raise PermissionDeniedError("You may not read Cost Centers, Projects or accounting dimensions.")
	ctx = map_context([s.doctype for s in readable])
	by_doctype = {s.doctype: s for s in readable}
	request = ListRequest(
		resource="tracking_categories",
		fields_by_doctype={s.doctype: data_fields(s.doctype, s.fields(), ctx) for s in readable},
		filters_by_doctype={s.doctype: category_filters(s, filters) for s in readable},
		bound_filters=filters.bound(),
		paging=paging,
	)
	pairs, page = list_page(request)
	return [(by_doctype[doctype], row) for doctype, row in pairs], ctx, page


def category_filters(source: CategorySource, filters: TrackingCategoryFilters) -> list:
	"""A company filter leaves out doctypes that have no company (they belong to every company)."""
	result = filters.frappe_filters(source.doctype)
	if filters.company and source.has_company:
		result.insert(0, ["company", "=", filters.company])
	return result
