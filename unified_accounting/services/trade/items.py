"""Reading Items with their effective default accounts per company and their standard prices."""

import frappe
from frappe.utils import getdate

from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.items import (
	COMPANY_DEFAULT_FIELDS,
	DEFAULT_FIELDS,
	ITEM_FIELDS,
	PRICE_FIELDS,
	ItemFilters,
)
from unified_accounting.pagination import Paging
from unified_accounting.services.core.listing import children_by_parent
from unified_accounting.services.core.records import (
	FactRows,
	data_fields,
	ensure_readable,
	list_doctype,
	load_remote_data,
	map_context,
)

DOCTYPE = "Item"


def list_items(filters: ItemFilters, paging: Paging, include_remote_data: bool):
	rows, ctx, page = list_doctype("items", DOCTYPE, list(ITEM_FIELDS), filters, paging)
	return finish(rows, ctx, filters.company, include_remote_data), page


def get_item(name: str, company: str | None, include_remote_data: bool = False) -> FactRows:
	ensure_readable(DOCTYPE, name)
	ctx = map_context([DOCTYPE])
	rows = frappe.get_list(
		DOCTYPE, fields=["name", *data_fields(DOCTYPE, list(ITEM_FIELDS), ctx)], filters={"name": name}
	)
	return finish(rows, ctx, company, include_remote_data)


def finish(rows: list, ctx: MapContext, company: str | None, include_remote_data: bool) -> FactRows:
	"""Defaults, prices and tax templates of a whole page in a fixed number of queries."""
	names = [row.name for row in rows]
	groups = list({row.item_group for row in rows if row.item_group})
	if include_remote_data:
		load_remote_data(ctx, [(DOCTYPE, name) for name in names])
	facts = {
		"own_defaults": defaults_by_company("Item", names),
		"group_defaults": defaults_by_company("Item Group", groups)
		if frappe.has_permission("Item Group", "read")
		else {},
		"companies": readable_companies(company),
		"prices": standard_prices(names),
		"price_lists": (
			frappe.db.get_single_value("Selling Settings", "selling_price_list"),
			frappe.db.get_single_value("Buying Settings", "buying_price_list"),
		),
		"tax_templates": {
			parent: [line.item_tax_template for line in lines if line.item_tax_template]
			for parent, lines in children_by_parent("Item Tax", DOCTYPE, names, ["item_tax_template"]).items()
		},
		"today": getdate(),
	}
	return FactRows(rows, facts, ctx)


def defaults_by_company(parent_doctype: str, parents: list[str]) -> dict[str, dict[str, dict]]:
	found = children_by_parent("Item Default", parent_doctype, parents, list(DEFAULT_FIELDS))
	return {parent: {line.company: line for line in lines} for parent, lines in found.items()}


def readable_companies(company: str | None) -> list:
	"""The companies whose accounts are shown: those the caller may read (User Permissions apply)."""
	if not frappe.has_permission("Company", "read"):
		return []
	filters = {"name": company} if company else {}
	return frappe.get_list(
		"Company",
		fields=list(COMPANY_DEFAULT_FIELDS),
		filters=filters,
		order_by="name asc",
		limit_page_length=0,
	)


def standard_prices(names: list[str]) -> dict[str, list] | None:
	"""Item Prices for everyone (no customer or supplier) on every price list the caller may read; None
	when the caller may not read Item Price."""
	if not frappe.has_permission("Item Price", "read"):
		return None
	if not names:
		return {}
	rows = frappe.get_list(
		"Item Price",
		fields=list(PRICE_FIELDS),
		filters=[
			["item_code", "in", names],
			["ifnull(customer, '')", "=", ""],
			["ifnull(supplier, '')", "=", ""],
		],
		limit_page_length=0,
	)
	grouped: dict[str, list] = {}
	for row in rows:
		grouped.setdefault(row.item_code, []).append(row)
	return grouped
