"""Unified report parameters -> the filters ERPNext's report modules take, each bad value a 400 naming it."""

import datetime

import frappe
from frappe.utils import getdate, today

from unified_accounting.exceptions import InvalidRequestError, PermissionDeniedError
from unified_accounting.services.core.records import dimension_fields

PERIODICITY = {
	"monthly": "Monthly",
	"quarterly": "Quarterly",
	"half_yearly": "Half-Yearly",
	"yearly": "Yearly",
}


def readable(doctype: str, name: str) -> bool:
	"""Read or select permission on one record, as Frappe checks a report's Link filters."""
	return bool(
		frappe.has_permission(doctype, "read", doc=name) or frappe.has_permission(doctype, "select", doc=name)
	)


def excluded_by_user_permissions(doctype: str, name: str) -> bool:
	"""Filtering by a cost center, project or dimension record reveals nothing the ledger does not show the
	caller already (Desk checks no permission on these filters); only User Permissions restricting that
	doctype to other records refuse it."""
	allowed = frappe.permissions.get_user_permissions(frappe.session.user).get(doctype)
	return bool(allowed) and name not in {entry.get("doc") for entry in allowed}


def period_filters(
	company: str,
	from_date: datetime.date | None,
	to_date: datetime.date | None,
	fiscal_year: str | None,
	to_fiscal_year: str | None,
) -> dict:
	"""ERPNext's period filters: a date range, one or more fiscal years, or the company's current fiscal
	year when neither is given."""
	if fiscal_year and (from_date or to_date):
		raise bad("fiscal_year", "give either fiscal_year or from_date/to_date, not both")
	if to_fiscal_year and not fiscal_year:
		raise bad("to_fiscal_year", "needs fiscal_year")
	if fiscal_year:
		first, last = fiscal_year_dates(fiscal_year, "fiscal_year"), None
		last = fiscal_year_dates(to_fiscal_year, "to_fiscal_year") if to_fiscal_year else first
		if last[1] < first[0]:
			raise bad("to_fiscal_year", "must not end before fiscal_year starts")
		return {
			"filter_based_on": "Fiscal Year",
			"from_fiscal_year": fiscal_year,
			"to_fiscal_year": to_fiscal_year or fiscal_year,
			"period_start_date": first[0],
			"period_end_date": last[1],
		}
	if bool(from_date) != bool(to_date):
		raise bad("to_date" if from_date else "from_date", "from_date and to_date go together")
	if not from_date:
		from_date, to_date = current_fiscal_year(company)[1:3]
	if getdate(from_date) > getdate(to_date):
		raise bad("to_date", "must not be before from_date")
	return {"filter_based_on": "Date Range", "period_start_date": from_date, "period_end_date": to_date}


def fiscal_year_dates(name: str, field: str) -> tuple[datetime.date, datetime.date]:
	dates = frappe.db.get_value("Fiscal Year", name, ["year_start_date", "year_end_date"])
	if not dates:
		raise bad(field, f"no Fiscal Year {name}")
	return getdate(dates[0]), getdate(dates[1])


def current_fiscal_year(company: str, date=None) -> tuple:
	"""(name, start, end) of the company's fiscal year containing `date` (today by default); 422 when none."""
	from erpnext.accounts.utils import get_fiscal_year

	return tuple(get_fiscal_year(date or today(), company=company)[:3])


def tracking_filters(spec: str | None) -> dict[str, list[str]]:
	"""`cost_center:Main - C,project:P-1,department:Sales` -> ERPNext's report filters {cost_center: [...],
	project: [...], department: [...]}. Unknown kinds or records are a 400; records the caller's User
	Permissions exclude a 403."""
	if not spec:
		return {}
	kinds = {"cost_center": "Cost Center", "project": "Project", **dict(dimension_fields())}
	found: dict[str, list[str]] = {}
	for part in (p.strip() for p in spec.split(",") if p.strip()):
		kind, _sep, name = (s.strip() for s in part.partition(":"))
		if kind not in kinds or not name:
			raise bad("tracking_categories", f"'{part}' is not <type>:<id> with type one of {sorted(kinds)}")
		if not frappe.db.exists(kinds[kind], name):
			raise bad("tracking_categories", f"no {kinds[kind]} {name}")
		if excluded_by_user_permissions(kinds[kind], name):
			raise PermissionDeniedError(f"Your User Permissions exclude {kinds[kind]} {name}.")
		found.setdefault(kind, []).append(name)
	return found


def ensure_currency(currency: str | None) -> None:
	if currency and not frappe.db.exists("Currency", currency):
		raise bad("currency", f"no Currency {currency}")


def bad(field: str, message: str) -> InvalidRequestError:
	return InvalidRequestError(f"Invalid parameters: {field}.", [{"field": field, "message": message}])


def statement_filters(company: str, period: dict, periodicity: str, options: dict) -> dict:
	"""Filters for the balance sheet, P&L and cash flow, with Desk's defaults (default finance book
	entries included)."""
	return {
		"company": company,
		**period,
		"periodicity": PERIODICITY[periodicity],
		"presentation_currency": options.get("currency"),
		"finance_book": options.get("finance_book"),
		"include_default_book_entries": 1,
		"accumulated_values": int(bool(options.get("accumulated"))),
		"show_zero_values": int(bool(options.get("include_zero_lines"))),
		**options.get("tracking", {}),
	}


def trial_balance_filters(
	company: str,
	from_date: datetime.date | None,
	to_date: datetime.date | None,
	fiscal_year: str | None,
	options: dict,
) -> dict:
	"""The trial balance covers one fiscal year: the one named, else the one containing from_date (or
	today); from/to default to its bounds and must lie inside it (ERPNext would silently clamp them)."""
	if fiscal_year:
		start, end = fiscal_year_dates(fiscal_year, "fiscal_year")
	else:
		fiscal_year, start, end = current_fiscal_year(company, from_date or to_date)
		start, end = getdate(start), getdate(end)
	from_date, to_date = getdate(from_date or start), getdate(to_date or end)
	for field, value in (("from_date", from_date), ("to_date", to_date)):
		if not start <= value <= end:
			raise bad(field, f"must lie in fiscal year {fiscal_year} ({start} to {end})")
	if from_date > to_date:
		raise bad("to_date", "must not be before from_date")
	return {
		"company": company,
		"fiscal_year": fiscal_year,
		"from_date": from_date,
		"to_date": to_date,
		"presentation_currency": options.get("currency"),
		"finance_book": options.get("finance_book"),
		"include_default_book_entries": 1,
		"with_period_closing_entry_for_opening": 1,
		"with_period_closing_entry_for_current_period": 1,
		"show_net_values": int(bool(options.get("net_values"))),
		"show_zero_values": int(bool(options.get("include_zero_lines"))),
		**options.get("tracking", {}),
	}


def ageing_bounds(spec: str) -> list[int]:
	"""`30,60,90` -> [30, 60, 90]: the upper bound in days of every bucket but the last (open-ended)."""
	try:
		bounds = [int(part) for part in spec.split(",") if part.strip()]
	except ValueError:
		bounds = []
	if not bounds or len(bounds) > 10 or bounds[0] < 1 or bounds != sorted(set(bounds)):
		raise bad("ageing_buckets", "1 to 10 increasing whole numbers of days, e.g. 30,60,90")
	return bounds


def aged_filters(
	company: str, key: str, as_of: datetime.date | None, bounds: list[int], options: dict
) -> dict:
	"""Filters for ERPNext's Accounts Receivable / Payable: aged as of the report date, not today."""
	party_type = "Customer" if key == "aged_receivables" else "Supplier"
	filters = {
		"company": company,
		"report_date": getdate(as_of or today()),
		"ageing_based_on": "Posting Date" if options.get("ageing_based_on") == "issue_date" else "Due Date",
		"calculate_ageing_with": "Report Date",
		"range": ", ".join(str(b) for b in bounds),
		"finance_book": options.get("finance_book"),
		"in_party_currency": int(bool(options.get("in_contact_currency"))),
		**options.get("tracking", {}),
	}
	if contacts := [c.strip() for c in (options.get("contact_id") or "").split(",") if c.strip()]:
		for contact in contacts:
			if not frappe.db.exists(party_type, contact):
				raise bad("contact_id", f"no {party_type} {contact}")
			if not readable(party_type, contact):
				raise PermissionDeniedError(f"You may not read {party_type} {contact}.")
		filters.update(party_type=party_type, party=contacts)
	elif permitted := permitted_parties(party_type):
		filters.update(party_type=party_type, party=permitted)
	return filters


def permitted_parties(party_type: str) -> list[str]:
	"""The customers/suppliers User Permissions restrict the caller to: ERPNext's aged reports apply no
	User Permission on the party, so without this a caller restricted to one customer saw them all."""
	invoices = "Sales Invoice" if party_type == "Customer" else "Purchase Invoice"
	allowed = frappe.permissions.get_user_permissions(frappe.session.user).get(party_type) or []
	return sorted({e.get("doc") for e in allowed if e.get("applicable_for") in (None, "", invoices)})
