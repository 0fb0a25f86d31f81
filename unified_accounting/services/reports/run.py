"""Running ERPNext's own financial reports for the caller: report roles, company User Permissions, filters."""

from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_system_timezone, now_datetime

from unified_accounting.exceptions import InvalidRequestError, NotFoundError, PermissionDeniedError
from unified_accounting.mappers.accounts import CLASSIFICATION_MAP
from unified_accounting.mappers.common import iso_date, iso_timestamp
from unified_accounting.mappers.reports import SECTION_TOTALS, STATEMENT_LINES, StatementContext
from unified_accounting.services.core.settings import get_settings
from unified_accounting.services.reports import filters as build
from unified_accounting.services.reports.filters import bad, readable


class ReportSource(NamedTuple):
	report: str  # the ERPNext Report record: its roles and ref doctype govern access
	execute: str  # dotted path of the report module's execute(filters)


SOURCES = {
	"balance_sheet": ReportSource(
		"Balance Sheet", "erpnext.accounts.report.balance_sheet.balance_sheet.execute"
	),
	"profit_and_loss": ReportSource(
		"Profit and Loss Statement",
		"erpnext.accounts.report.profit_and_loss_statement.profit_and_loss_statement.execute",
	),
	"cash_flow": ReportSource("Cash Flow", "erpnext.accounts.report.cash_flow.cash_flow.execute"),
	"trial_balance": ReportSource(
		"Trial Balance", "erpnext.accounts.report.trial_balance.trial_balance.execute"
	),
	"aged_receivables": ReportSource(
		"Accounts Receivable", "erpnext.accounts.report.accounts_receivable.accounts_receivable.execute"
	),
	"aged_payables": ReportSource(
		"Accounts Payable", "erpnext.accounts.report.accounts_payable.accounts_payable.execute"
	),
}


@dataclass
class ReportRun:
	key: str  # unified report name
	company: str
	company_currency: str
	filters: frappe._dict  # what ERPNext's report was given, after it filled in its own values
	rows: list  # the report's rows the caller may see, as dicts
	message: str | None  # ERPNext's message (e.g. "Previous Financial Year is not closed")


def report_access(key: str):
	"""The Report record behind `key`, checked as Desk's query_report.run checks it: one of the report's
	roles, report permission on its ref doctype, not disabled (403 before any filter is looked at)."""
	from frappe.desk.query_report import get_report_doc

	return get_report_doc(SOURCES[key].report)


def run_report(key: str, report, filters: dict) -> ReportRun:
	"""Run the ERPNext report module behind `key` with `filters`; rows linking records the caller's User
	Permissions exclude are dropped by Frappe's own filter, as in Desk."""
	from frappe.desk.query_report import get_column_as_dict, get_filtered_data

	filters = frappe._dict(filters)
	columns, rows, message, *_rest = [*frappe.get_attr(SOURCES[key].execute)(filters), None, None, None]
	columns = [get_column_as_dict(column) for column in columns or []]
	rows = get_filtered_data(report.ref_doctype, columns, rows or [], frappe.session.user) if rows else []
	currency = frappe.get_cached_value("Company", filters.company, "default_currency")
	return ReportRun(key, filters.company, currency, filters, rows, message)


def resolve_company(company: str | None) -> str:
	"""The company asked for, else the caller's default (User Permissions set it), the settings' default,
	the site's default; 404 when it does not exist, 403 when the caller's permissions exclude it."""
	chosen = (
		company
		or frappe.defaults.get_user_default("Company")
		or get_settings().default_company
		or frappe.defaults.get_global_default("company")
	)
	if not chosen:
		raise InvalidRequestError("company is required.", [{"field": "company", "message": "required"}])
	if not frappe.db.exists("Company", chosen):
		raise NotFoundError(f"Company {chosen} does not exist.")
	if not readable("Company", chosen):
		raise PermissionDeniedError(f"You may not read Company {chosen}.")
	return chosen


def account_info(company: str, rows: list) -> dict[str, dict]:
	"""Name, number, root type and group flag of the accounts the report shows, under the caller's
	Account permissions (ERPNext's rows carry "number - name" only)."""
	names = [row["account"] for row in rows if row and "parent_account" in row and row.get("account")]
	if not names:
		return {}
	found = frappe.get_list(
		"Account",
		filters={"company": company, "name": ["in", names]},
		fields=["name", "account_name", "account_number", "root_type", "is_group"],
		limit_page_length=0,
	)
	return {row.name: row for row in found}


def statement_labels() -> dict[str, tuple[str, str, str | None]]:
	"""ERPNext's summary labels as the report builds them in the caller's language -> unified line."""
	labels = {_(english): line for english, line in STATEMENT_LINES.items()}
	for (root_type, balance), key in SECTION_TOTALS.items():
		label = _("Total {0} ({1})").format(_(root_type), _(balance))
		labels[label] = (key, "total", CLASSIFICATION_MAP[root_type])
	return labels


def report_periods(filters: dict) -> list[dict]:
	"""The period columns, computed by ERPNext's get_period_list with the arguments execute() uses."""
	from erpnext.accounts.report.financial_statements import get_period_list

	periods = get_period_list(
		filters.get("from_fiscal_year"),
		filters.get("to_fiscal_year"),
		filters["period_start_date"],
		filters["period_end_date"],
		filters["filter_based_on"],
		filters["periodicity"],
		company=filters["company"],
		# keys, labels and dates do not depend on the fiscal-year lookups, which cost two per period
		ignore_fiscal_year=True,
	)
	return [
		{"key": p.key, "label": p.label, "from_date": iso_date(p.from_date), "to_date": iso_date(p.to_date)}
		for p in periods
	]


def generated_at() -> str:
	return iso_timestamp(now_datetime().replace(microsecond=0), ZoneInfo(get_system_timezone()))


def financial_statement(key: str, company: str | None, period: dict, periodicity: str, options: dict):
	"""Run the balance sheet, P&L or cash flow; return (ERPNext's rows, mapper context, report facts).
	`period`: from_date, to_date, fiscal_year, to_fiscal_year; `options`: tracking_categories, currency,
	finance_book, accumulated, include_zero_lines, include_opening_closing."""
	report = report_access(key)
	company = resolve_company(company)
	tracking = build.tracking_filters(options.get("tracking_categories"))
	build.ensure_currency(options.get("currency"))
	if key == "cash_flow":
		refuse_for_cash_flow(tracking, options)
	filters = build.statement_filters(
		company, build.period_filters(company, **period), periodicity, {**options, "tracking": tracking}
	)
	filters["show_opening_and_closing_balance"] = int(bool(options.get("include_opening_closing")))
	periods = report_periods(filters)
	run = run_report(key, report, filters)
	accumulated = key == "balance_sheet" or bool(options.get("accumulated"))
	ctx = StatementContext(key, periods, accumulated, account_info(company, run.rows), statement_labels())
	meta = {
		"company": company,
		"currency": options.get("currency") or run.company_currency,
		"company_currency": run.company_currency,
		"from_date": periods[0]["from_date"],
		"to_date": periods[-1]["to_date"],
		"periodicity": periodicity,
		"filters": applied(filters, tracking, ("from_fiscal_year", "to_fiscal_year", "finance_book")),
		"warnings": [run.message] if run.message else [],
		"generated_at": generated_at(),
	}
	return run.rows, ctx, meta


def refuse_for_cash_flow(tracking: dict, options: dict) -> None:
	"""ERPNext's cash flow applies only cost centers to every line and is in company currency."""
	if set(tracking) - {"cost_center"}:
		raise bad("tracking_categories", "the cash flow can be filtered by cost_center only")
	if options.get("currency"):
		raise bad("currency", "the cash flow is always in the company's currency")


def trial_balance(company: str | None, period: dict, options: dict):
	"""Run the trial balance; return (ERPNext's rows, account info, report facts)."""
	report = report_access("trial_balance")
	company = resolve_company(company)
	tracking = build.tracking_filters(options.get("tracking_categories"))
	build.ensure_currency(options.get("currency"))
	filters = build.trial_balance_filters(company, **period, options={**options, "tracking": tracking})
	run = run_report("trial_balance", report, filters)
	meta = {
		"company": company,
		"currency": options.get("currency") or run.company_currency,
		"company_currency": run.company_currency,
		"fiscal_year": filters["fiscal_year"],
		"from_date": iso_date(filters["from_date"]),
		"to_date": iso_date(filters["to_date"]),
		"net_values": bool(options.get("net_values")),
		"filters": applied(filters, tracking, ("finance_book",)),
		"generated_at": generated_at(),
	}
	return run.rows, account_info(company, run.rows), meta


def aged_report(key: str, company: str | None, as_of, options: dict):
	"""Run Accounts Receivable / Payable; return (ERPNext's rows, bucket bounds, report facts).
	`options`: ageing_buckets, ageing_based_on, contact_id, tracking_categories, finance_book,
	in_contact_currency."""
	from erpnext.accounts.utils import get_currency_precision

	report = report_access(key)
	company = resolve_company(company)
	tracking = build.tracking_filters(options.get("tracking_categories"))
	if "project" in tracking:
		raise bad("tracking_categories", "aged reports can be filtered by cost_center and dimensions")
	bounds = build.ageing_bounds(options.get("ageing_buckets") or "30,60,90")
	filters = build.aged_filters(company, key, as_of, bounds, {**options, "tracking": tracking})
	run = run_report(key, report, filters)
	meta = {
		"report": key,
		"company": company,
		"currency": run.company_currency,
		"as_of_date": iso_date(filters["report_date"]),
		"ageing_based_on": options.get("ageing_based_on") or "due_date",
		"filters": applied(filters, tracking, ("party", "finance_book")),
		"generated_at": generated_at(),
		"precision": int(get_currency_precision() or 2),
	}
	return run.rows, bounds, meta


def applied(filters: dict, tracking: dict, keys: tuple[str, ...]) -> dict:
	"""The filters echoed back: tracking categories as given, and the named ERPNext filters that are set."""
	names = {"party": "contact_id", "from_fiscal_year": "fiscal_year"}
	echoed = {names.get(key, key): filters[key] for key in keys if filters.get(key)}
	return {
		**echoed,
		"tracking_categories": [{"type": k, "id": v} for k, ids in tracking.items() for v in ids],
	}
