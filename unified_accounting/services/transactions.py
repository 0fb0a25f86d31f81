"""Reading the general ledger (GL Entry) line by line: the lean path a full export pages through."""

from dataclasses import dataclass

import frappe

from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.transactions import GL_FIELDS, voucher_types
from unified_accounting.services.listing import ListRequest, common_filters, list_page
from unified_accounting.services.records import (
	data_fields,
	ensure_doctype_readable,
	ensure_readable,
	load_remote_data,
	map_context,
)

DOCTYPE = "GL Entry"
DATES = ("updated_after", "updated_before", "created_after", "created_before")


@dataclass
class GLRows:
	rows: list
	ctx: MapContext


def list_transactions(filters: dict, paging: dict, include_remote_data: bool):
	ensure_doctype_readable(DOCTYPE)
	ctx = map_context([DOCTYPE])
	request = ListRequest(
		resource="transactions",
		fields_by_doctype={DOCTYPE: data_fields(DOCTYPE, list(GL_FIELDS), ctx)},
		filters_by_doctype={DOCTYPE: gl_filters(filters)},
		bound_filters=filters,
		**paging,
	)
	pairs, page = list_page(request)
	return finish([row for _doctype, row in pairs], ctx, include_remote_data), page


def get_transaction(name: str, include_remote_data: bool = False) -> GLRows:
	ensure_readable(DOCTYPE, name)
	ctx = map_context([DOCTYPE])
	rows = frappe.get_list(
		DOCTYPE, fields=["name", *data_fields(DOCTYPE, list(GL_FIELDS), ctx)], filters={"name": name}
	)
	return finish(rows, ctx, include_remote_data)


def finish(rows: list, ctx: MapContext, include_remote_data: bool) -> GLRows:
	if include_remote_data:
		load_remote_data(ctx, [(DOCTYPE, row.name) for row in rows])
	return GLRows(rows, ctx)


def gl_filters(filters: dict) -> list:
	result = common_filters(filters.get("company"), **{k: filters.get(k) for k in DATES})
	if not filters.get("include_cancelled"):
		result.append(["is_cancelled", "=", 0])
	if filters.get("account_id"):
		result.append(["account", "=", filters["account_id"]])
	if filters.get("underlying_transaction_type"):
		result.append(["voucher_type", "in", voucher_types(filters["underlying_transaction_type"])])
	if filters.get("underlying_transaction_id"):
		result.append(["voucher_no", "=", filters["underlying_transaction_id"]])
	if filters.get("posting_date_from") is not None:
		result.append(["posting_date", ">=", filters["posting_date_from"]])
	if filters.get("posting_date_to") is not None:
		result.append(["posting_date", "<=", filters["posting_date_to"]])
	return result
