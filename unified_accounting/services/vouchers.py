"""Listing and reading one voucher doctype with one child table (Journal Entry, Payment Entry)."""

from dataclasses import dataclass

import frappe

from unified_accounting.mappers.common import MapContext
from unified_accounting.services.listing import ListRequest, children_by_parent, list_page
from unified_accounting.services.records import (
	data_fields,
	ensure_doctype_readable,
	ensure_readable,
	load_remote_data,
	map_context,
)


@dataclass
class VoucherSpec:
	resource: str
	doctype: str
	header_fields: tuple[str, ...]
	child_doctype: str
	child_fields: tuple[str, ...]


@dataclass
class VoucherRows:
	rows: list
	children: dict[str, list]  # parent name -> child rows, in order
	ctx: MapContext


def list_vouchers(spec: VoucherSpec, filters: list, bound: dict, paging: dict, include_remote_data: bool):
	"""One page of vouchers with all their child rows: two queries, whatever the page size."""
	ensure_doctype_readable(spec.doctype)
	ctx = map_context([spec.doctype, spec.child_doctype])
	request = ListRequest(
		resource=spec.resource,
		fields_by_doctype={spec.doctype: data_fields(spec.doctype, list(spec.header_fields), ctx)},
		filters_by_doctype={spec.doctype: filters},
		bound_filters=bound,
		**paging,
	)
	pairs, page = list_page(request)
	return finish(spec, [row for _doctype, row in pairs], ctx, include_remote_data), page


def get_voucher(spec: VoucherSpec, name: str, include_remote_data: bool = False) -> VoucherRows:
	ensure_readable(spec.doctype, name)
	ctx = map_context([spec.doctype, spec.child_doctype])
	fields = ["name", *data_fields(spec.doctype, list(spec.header_fields), ctx)]
	rows = frappe.get_list(spec.doctype, fields=fields, filters={"name": name})
	return finish(spec, rows, ctx, include_remote_data)


def finish(spec: VoucherSpec, rows: list, ctx: MapContext, include_remote_data: bool) -> VoucherRows:
	child_fields = data_fields(spec.child_doctype, list(spec.child_fields), ctx)
	children = children_by_parent(spec.child_doctype, spec.doctype, [row.name for row in rows], child_fields)
	if include_remote_data:
		load_remote_data(ctx, [(spec.doctype, row.name) for row in rows])
	return VoucherRows(rows, children, ctx)
