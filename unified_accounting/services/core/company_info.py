"""Reading the companies a caller may see, with the facts a client needs before it writes to them."""

import frappe
from frappe.query_builder.functions import Max

from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.company_info import (
	COMPANY_FIELDS,
	FISCAL_YEAR_FIELDS,
	PERIOD_FIELDS,
	CompanyFilters,
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

DOCTYPE = "Company"


def list_companies(filters: CompanyFilters, paging: Paging, include_remote_data: bool):
	rows, ctx, page = list_doctype("company_info", DOCTYPE, list(COMPANY_FIELDS), filters, paging)
	return finish(rows, ctx, include_remote_data), page


def get_company(name: str, include_remote_data: bool = False) -> FactRows:
	ensure_readable(DOCTYPE, name)
	ctx = map_context([DOCTYPE])
	rows = frappe.get_list(
		DOCTYPE, fields=["name", *data_fields(DOCTYPE, list(COMPANY_FIELDS), ctx)], filters={"name": name}
	)
	return finish(rows, ctx, include_remote_data)


def finish(rows: list, ctx: MapContext, include_remote_data: bool) -> FactRows:
	if include_remote_data:
		load_remote_data(ctx, [(DOCTYPE, row.name) for row in rows])
	return FactRows(rows, page_facts([row.name for row in rows]), ctx)


def page_facts(companies: list[str]) -> dict:
	"""Fiscal years, periods and closing dates for a page of companies, a fixed number of queries."""
	years = fiscal_years()
	periods = accounting_periods(companies)
	return {
		"fiscal_years": years,
		"year_companies": {
			name: [row.company for row in rows]
			for name, rows in children_by_parent(
				"Fiscal Year Company", "Fiscal Year", [y.name for y in years or []], ["company"]
			).items()
		},
		"periods": periods,
		"closed_documents": children_by_parent(
			"Closed Document",
			"Accounting Period",
			[p.name for p in periods or []],
			["document_type", "closed"],
		),
		"closed_until": books_closed_until(companies),
		"frozen_until": frappe.db.get_single_value("Accounts Settings", "acc_frozen_upto"),
		"may_post_frozen": may_post_frozen(),
	}


def fiscal_years() -> list | None:
	if not frappe.has_permission("Fiscal Year", "read"):
		return None
	return frappe.get_list(
		"Fiscal Year", fields=list(FISCAL_YEAR_FIELDS), order_by="year_start_date asc", limit_page_length=0
	)


def accounting_periods(companies: list[str]) -> list | None:
	if not frappe.has_permission("Accounting Period", "read"):
		return None
	if not companies:
		return []
	return frappe.get_list(
		"Accounting Period",
		fields=list(PERIOD_FIELDS),
		filters={"company": ("in", companies)},
		order_by="start_date asc",
		limit_page_length=0,
	)


def books_closed_until(companies: list[str]) -> dict:
	"""Latest submitted Period Closing Voucher end date per company. Read without the voucher's own
	permission: the date is a posting rule of a company the caller may read, not the voucher's content."""
	if not companies:
		return {}
	pcv = frappe.qb.DocType("Period Closing Voucher")
	rows = (
		frappe.qb.from_(pcv)
		.select(pcv.company, Max(pcv.period_end_date))
		.where((pcv.docstatus == 1) & pcv.company.isin(companies))
		.groupby(pcv.company)
	).run()
	return dict(rows)


def may_post_frozen() -> bool:
	"""ERPNext lets the frozen-accounts modifier role post on or before the frozen date, never Administrator."""
	role = frappe.db.get_single_value("Accounts Settings", "frozen_accounts_modifier")
	return bool(role) and role in frappe.get_roles() and frappe.session.user != "Administrator"
