"""Pure mapping of Company rows, their fiscal years, accounting periods and closing dates to CompanyInfo."""

from typing import Annotated

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import MapContext, base_fields, iso_date, trailing_fields

# (Company field, unified key of CompanyDefaultAccounts), declared once.
DEFAULT_ACCOUNT_FIELDS = (
	("default_receivable_account", "receivable_account_id"),
	("default_payable_account", "payable_account_id"),
	("default_income_account", "income_account_id"),
	("default_expense_account", "expense_account_id"),
	("default_bank_account", "bank_account_id"),
	("default_cash_account", "cash_account_id"),
	("round_off_account", "round_off_account_id"),
	("write_off_account", "write_off_account_id"),
	("exchange_gain_loss_account", "exchange_gain_loss_account_id"),
	("cost_center", "cost_center_id"),
)
COMPANY_FIELDS = (
	"creation",
	"modified",
	"company_name",
	"abbr",
	"country",
	"default_currency",
	"tax_id",
	*(erpnext for erpnext, _unified in DEFAULT_ACCOUNT_FIELDS),
)
FISCAL_YEAR_FIELDS = ("name", "year", "year_start_date", "year_end_date", "disabled")
PERIOD_FIELDS = ("name", "period_name", "start_date", "end_date", "company")


def to_unified_fiscal_year(row: dict) -> dict:
	return {
		"id": row["name"],
		"name": row.get("year") or row["name"],
		"start_date": iso_date(row.get("year_start_date")),
		"end_date": iso_date(row.get("year_end_date")),
		"status": "inactive" if row.get("disabled") else "active",
	}


def to_unified_period(row: dict, closed: list[dict]) -> dict:
	return {
		"id": row["name"],
		"name": row.get("period_name") or row["name"],
		"start_date": iso_date(row.get("start_date")),
		"end_date": iso_date(row.get("end_date")),
		"closed_document_types": [c["document_type"] for c in closed if c.get("closed")],
	}


def fiscal_years_of(company: str, years: list[dict] | None, year_companies: dict[str, list[str]]):
	"""Fiscal Years apply to the companies in their table, or to every company when the table is empty."""
	if years is None:
		return None
	return [
		to_unified_fiscal_year(year)
		for year in years
		if not year_companies.get(year["name"]) or company in year_companies[year["name"]]
	]


def to_unified_company_info(row: dict, facts: dict, ctx: MapContext) -> dict:
	"""`facts`: fiscal_years, year_companies, periods, closed_documents, closed_until, frozen_until,
	may_post_frozen, as gathered by the service for the whole page."""
	name = row["name"]
	periods = facts["periods"]
	return {
		**base_fields(row, "Company", ctx),
		"company": name,
		"name": row.get("company_name") or name,
		"abbreviation": row.get("abbr"),
		"country": row.get("country") or None,
		"currency": row.get("default_currency"),
		"tax_id": row.get("tax_id") or None,
		"default_accounts": {
			unified: row.get(erpnext) or None for erpnext, unified in DEFAULT_ACCOUNT_FIELDS
		},
		"fiscal_years": fiscal_years_of(name, facts["fiscal_years"], facts["year_companies"]),
		"accounting_periods": None
		if periods is None
		else [
			to_unified_period(p, facts["closed_documents"].get(p["name"], []))
			for p in periods
			if p.get("company") == name
		],
		"books_closed_until": iso_date(facts["closed_until"].get(name)),
		"frozen_until": iso_date(facts["frozen_until"]),
		"caller_may_post_frozen": bool(facts["may_post_frozen"]),
		**trailing_fields(row, "Company", ctx),
	}


class CompanyFilters(CommonFilters):
	company: Annotated[str | None, Filter("name")] = None  # one company, by id
