"""Reading tax templates, item tax templates and tax accounts as one list of tax rates."""

from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import InvalidRequestError, NotFoundError, PermissionDeniedError
from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.tax_rates import SOURCE_BY_TYPE, TAX_SOURCES, TaxRateFilters, TaxSource
from unified_accounting.pagination import Paging
from unified_accounting.services.core.listing import ListRequest, children_by_parent, list_page
from unified_accounting.services.core.records import (
	data_fields,
	ensure_may_learn_existence,
	ensure_readable,
	load_remote_data,
	map_context,
)

# Only ledger accounts of type Tax are tax rates.
ACCOUNT_FILTERS = [["account_type", "=", "Tax"], ["is_group", "=", 0]]


@dataclass
class TaxRateRows:
	rows: list[tuple[TaxSource, dict]]
	lines: dict[tuple[str, str], list]  # (doctype, name) -> tax lines
	ctx: MapContext


def list_tax_rates(filters: TaxRateFilters, paging: Paging, include_remote_data: bool):
	readable = [s for s in TAX_SOURCES if frappe.has_permission(s.doctype, "read")]
	if not readable:
		raise PermissionDeniedError("You may not read tax templates or tax accounts.")
	ctx = map_context([s.doctype for s in readable])
	request = ListRequest(
		resource="tax_rates",
		fields_by_doctype={s.doctype: data_fields(s.doctype, list(s.header_fields), ctx) for s in readable},
		filters_by_doctype={s.doctype: source_filters(s, filters) for s in readable},
		bound_filters=filters.bound(),
		paging=paging,
	)
	pairs, page = list_page(request)
	by_doctype = {s.doctype: s for s in readable}
	return finish([(by_doctype[doctype], row) for doctype, row in pairs], ctx, include_remote_data), page


def source_filters(source: TaxSource, filters: TaxRateFilters) -> list | None:
	"""None leaves a doctype out when another type was asked for."""
	if filters.type and filters.type != source.type:
		return None
	return filters.frappe_filters(source.doctype) + (ACCOUNT_FILTERS if source.child_doctype is None else [])


def get_tax_rate(name: str, kind: str | None, include_remote_data: bool = False) -> TaxRateRows:
	source = resolve(name, kind)
	ensure_readable(source.doctype, name)
	ctx = map_context([source.doctype])
	rows = frappe.get_list(
		source.doctype,
		fields=["name", *data_fields(source.doctype, list(source.header_fields), ctx)],
		filters={"name": name},
	)
	return finish([(source, row) for row in rows], ctx, include_remote_data)


def resolve(name: str, kind: str | None) -> TaxSource:
	"""Which doctype an id names; an id shared by two doctypes needs `type`."""
	if kind:
		source = SOURCE_BY_TYPE[kind]
		if source.child_doctype is None and not frappe.db.exists(
			"Account", {"name": name, "account_type": "Tax"}
		):
			ensure_may_learn_existence(source.doctype)
			raise NotFoundError(f"No tax account {name}.")
		return source
	found = [
		s
		for s in TAX_SOURCES
		if frappe.db.exists(
			s.doctype, {"name": name, **({"account_type": "Tax"} if s.child_doctype is None else {})}
		)
	]
	if not found:
		ensure_may_learn_existence(*(s.doctype for s in TAX_SOURCES))
		raise NotFoundError(f"No tax template or tax account {name}.")
	if len(found) > 1:
		raise InvalidRequestError(
			f"{name} names more than one kind of tax rate: pass type.",
			[{"field": "type", "message": f"required: one of {', '.join(s.type for s in found)}"}],
		)
	return found[0]


def finish(pairs: list, ctx: MapContext, include_remote_data: bool) -> TaxRateRows:
	"""Tax lines of every template on the page: one query per kind of template."""
	lines = {}
	for source in {s for s, _row in pairs if s.child_doctype}:
		names = [row.name for s, row in pairs if s is source]
		for parent, rows in children_by_parent(
			source.child_doctype, source.doctype, names, list(source.child_fields)
		).items():
			lines[(source.doctype, parent)] = rows
	if include_remote_data:
		load_remote_data(ctx, [(source.doctype, row.name) for source, row in pairs])
	return TaxRateRows(pairs, lines, ctx)
