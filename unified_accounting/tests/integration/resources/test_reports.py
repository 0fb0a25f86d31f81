"""Reports over HTTP against real submitted documents: shapes, consistency between reports and with the
ledger and invoices, filters, ageing buckets, multi-currency, permissions and company restrictions."""

import pytest

import frappe
from frappe.utils import add_days, getdate, today

from unified_accounting.schemas import (
	AgedContact,
	AgedItem,
	AgedReport,
	FinancialStatement,
	ReportLine,
	ReportPeriod,
	TrialBalance,
	TrialBalanceLine,
)
from unified_accounting.tests.support.report_fixtures import (
	CUSTOMER,
	EUR_CUSTOMER,
	SECOND_COMPANY,
	SECOND_CUSTOMER,
	SUPPLIER,
	make_report_set,
)
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, user_permission

REPORTS = "unified_accounting.api.reports."
INVOICES = "unified_accounting.api.invoices.list_invoices"


@pytest.fixture(scope="module")
def made():
	return make_report_set(f"ua-rep-{frappe.generate_hash(length=6)}")


@pytest.fixture(scope="module")
def period(made):
	"""From the start of the fiscal year of today to today: every fixture document is inside."""
	from erpnext.accounts.utils import get_fiscal_year

	start = get_fiscal_year(today(), company=made["company"])[1]
	return {"company": made["company"], "from_date": str(start), "to_date": today()}


def report(api, name: str, **params) -> dict:
	response = api.get(REPORTS + name, params)
	assert response.status == 200, response.body
	return response.json["result"]


def by_id(result: dict) -> dict:
	return {line["id"]: line for line in result["lines"]}


def test_statement_shapes(api, made, period):
	for name in ("balance_sheet", "profit_and_loss", "cash_flow"):
		result = report(api, name, **period)
		assert set(result) == set(FinancialStatement.__annotations__)
		assert result["report"] == name and result["company"] == made["company"]
		assert (result["from_date"], result["to_date"][:4]) == (period["from_date"], period["to_date"][:4])
		assert result["periods"] and all(
			set(p) == set(ReportPeriod.__annotations__) for p in result["periods"]
		)
		assert result["lines"] and all(
			set(line) == set(ReportLine.__annotations__) for line in result["lines"]
		)
		assert all(len(line["amounts"]) in (0, len(result["periods"])) for line in result["lines"])
	tb = report(api, "trial_balance", **period)
	assert set(tb) == set(TrialBalance.__annotations__)
	assert all(set(line) == set(TrialBalanceLine.__annotations__) for line in [*tb["lines"], tb["totals"]])


def test_balance_sheet_balances_including_period_profit(api, period):
	result = report(api, "balance_sheet", **period, periodicity="monthly")
	totals = result["totals"]
	equity_side = sum(
		totals[key] or 0
		for key in ("total_liabilities", "total_equity", "provisional_profit_loss", "unclosed_profit_loss")
	)
	assert totals["total_assets"] == pytest.approx(equity_side, abs=0.01)
	assert totals["total_assets"] == pytest.approx(totals["total_liabilities_and_equity"], abs=0.01)
	assert result["accumulated"] is True and result["periodicity"] == "monthly"
	# balances: every account line's total is its balance at the last period's end
	for line in result["lines"]:
		if line["amounts"]:
			assert line["total"] == line["amounts"][-1]


def test_profit_and_loss_net_profit_equals_balance_sheet_period_profit(api, period):
	pnl = report(api, "profit_and_loss", **period, periodicity="quarterly")
	sheet = report(api, "balance_sheet", **period)
	net = pnl["totals"]["net_profit"]
	assert net == pytest.approx(pnl["totals"]["total_revenue"] - pnl["totals"]["total_expenses"], abs=0.01)
	assert net == pytest.approx(sheet["totals"]["provisional_profit_loss"] or 0, abs=0.01)
	assert net == pytest.approx(sum(by_id(pnl)["net_profit"]["amounts"]), abs=0.01)


def test_trial_balance_debits_equal_credits_and_closing_equals_get_balance_on(api, made, period):
	from erpnext.accounts.utils import get_balance_on

	result = report(api, "trial_balance", **period)
	totals = result["totals"]
	assert totals["debit"] == pytest.approx(totals["credit"], abs=0.01) and totals["debit"] > 0
	assert totals["closing_debit"] == pytest.approx(totals["closing_credit"], abs=0.01)
	assert totals["opening_debit"] == pytest.approx(totals["opening_credit"], abs=0.01)
	assert result["lines"]
	for line in result["lines"]:
		ledger = get_balance_on(
			account=line["account_id"],
			date=getdate(period["to_date"]),
			company=made["company"],
			in_account_currency=False,
		)
		assert line["closing_debit"] - line["closing_credit"] == pytest.approx(ledger, abs=0.01), line["id"]
	assert made["books"]["receivable"] in {line["account_id"] for line in result["lines"]}


def open_balances(api, contact: str) -> float:
	"""The balance of every posted invoice of the contact, as list_invoices reports it, status by status."""
	total = 0.0
	for status in ("open", "partially_paid", "overdue", "paid"):
		cursor = None
		while True:
			params = {
				"contact_id": contact,
				"status": status,
				"limit": 500,
				**({"cursor": cursor} if cursor else {}),
			}
			body = api.get(INVOICES, params).json
			assert "result" in body, body
			total += sum(invoice["balance"] for invoice in body["result"])
			if not (cursor := body["next_cursor"]):
				break
	return total


def test_aged_receivables_total_equals_outstanding_of_listed_invoices(api, made):
	result = report(api, "aged_receivables", company=made["company"], contact_id=CUSTOMER)
	assert set(result) == set(AgedReport.__annotations__)
	(contact,) = result["contacts"]
	assert set(contact) == set(AgedContact.__annotations__) and contact["items"] is None
	assert contact["contact"] == {"id": CUSTOMER, "name": CUSTOMER, "type": "customer"}
	assert contact["total"] == pytest.approx(open_balances(api, CUSTOMER), abs=0.01)
	assert contact["total"] == pytest.approx(contact["not_due"] + sum(contact["buckets"]), abs=0.01)
	assert result["totals"]["total"] == contact["total"]


def test_aged_buckets_per_invoice(api, made):
	result = report(api, "aged_receivables", company=made["company"], contact_id=CUSTOMER, include_items=1)
	assert [b["key"] for b in result["buckets"]] == ["0_30", "31_60", "61_90", "over_90"]
	items = {item["id"]: item for item in result["contacts"][0]["items"]}
	assert all(set(item) == set(AgedItem.__annotations__) for item in items.values())
	overdue = items[made["overdue"]]
	# 1000 invoiced, 300 paid, due 40 days ago: in 31-60
	assert (overdue["type"], overdue["outstanding"], overdue["buckets"]) == ("invoice", 700, [0, 700, 0, 0])
	assert (overdue["age_days"], overdue["paid_amount"]) == (40, 300)
	not_due = items[made["not_due"]]
	assert (not_due["not_due"], not_due["buckets"], not_due["due_date"]) == (
		250,
		[0, 0, 0, 0],
		add_days(today(), 20),
	)
	assert items[made["credit_note"]]["type"] == "credit_note"
	assert items[made["credit_note"]]["outstanding"] == -100
	# by issue date and with custom buckets the same invoice moves
	custom = report(
		api,
		"aged_receivables",
		company=made["company"],
		contact_id=CUSTOMER,
		include_items=1,
		ageing_buckets="15,44",
		ageing_based_on="issue_date",
	)
	assert [b["label"] for b in custom["buckets"]] == ["0-15", "16-44", "44+"]
	moved = {item["id"]: item for item in custom["contacts"][0]["items"]}[made["overdue"]]
	assert (moved["age_days"], moved["buckets"]) == (45, [0, 0, 700])


def test_aged_as_of_an_earlier_date(api, made):
	"""Before the payment and the later invoices, the back-dated invoice was open in full."""
	as_of = add_days(today(), -42)
	result = report(
		api,
		"aged_receivables",
		company=made["company"],
		contact_id=CUSTOMER,
		as_of_date=as_of,
		include_items=1,
	)
	items = {item["id"]: item for item in result["contacts"][0]["items"]}
	assert made["not_due"] not in items and made["credit_note"] not in items
	assert (items[made["overdue"]]["outstanding"], items[made["overdue"]]["not_due"]) == (1000, 1000)
	assert result["as_of_date"] == as_of


def test_aged_payables(api, made):
	result = report(api, "aged_payables", company=made["company"], contact_id=SUPPLIER, include_items=1)
	(contact,) = result["contacts"]
	assert contact["contact"]["type"] == "supplier"
	purchase = {item["id"]: item for item in contact["items"]}[made["purchase"]]
	assert (purchase["outstanding"], purchase["buckets"]) == (700, [0, 0, 700, 0])
	assert contact["total"] == pytest.approx(open_balances(api, SUPPLIER), abs=0.01)


def test_multi_currency_aged_in_company_and_contact_currency(api, made):
	base = report(api, "aged_receivables", company=made["company"], contact_id=EUR_CUSTOMER)
	own = report(
		api, "aged_receivables", company=made["company"], contact_id=EUR_CUSTOMER, in_contact_currency=1
	)
	assert (base["currency"], base["contacts"][0]["currency"]) == ("USD", "USD")
	assert (own["currency"], own["contacts"][0]["currency"]) == ("EUR", "EUR")
	# invoices list their balance in invoice currency (EUR): the contact-currency total is their sum
	assert own["contacts"][0]["total"] == pytest.approx(open_balances(api, EUR_CUSTOMER), abs=0.01)
	assert base["contacts"][0]["total"] == pytest.approx(own["contacts"][0]["total"] * 1.1, abs=0.05)
	mixed = report(api, "aged_receivables", company=made["company"], in_contact_currency=1)
	assert mixed["currency"] is None and mixed["totals"]["total"] is None


def test_presentation_currency(api, period):
	usd = report(api, "balance_sheet", **period)
	eur = report(api, "balance_sheet", **period, currency="EUR")
	assert (usd["currency"], eur["currency"], eur["company_currency"]) == ("USD", "EUR", "USD")
	assert eur["totals"]["total_assets"] != usd["totals"]["total_assets"]
	assert eur["totals"]["total_assets"] == pytest.approx(
		eur["totals"]["total_liabilities_and_equity"], abs=0.01
	)


def gl_income(company: str, cost_center: str, start: str, end: str) -> float:
	rows = frappe.get_all(
		"GL Entry",
		filters={
			"company": company,
			"cost_center": cost_center,
			"is_cancelled": 0,
			"posting_date": ["between", [start, end]],
			"account": [
				"in",
				frappe.get_all("Account", {"company": company, "root_type": "Income"}, pluck="name"),
			],
		},
		fields=["sum(credit) - sum(debit) as net"],
	)
	return float(rows[0].net or 0)


def test_cost_center_filter(api, made, period):
	spec = f"cost_center:{made['cost_center']}"
	pnl = report(api, "profit_and_loss", **period, tracking_categories=spec)
	expected = gl_income(made["company"], made["cost_center"], period["from_date"], period["to_date"])
	assert pnl["totals"]["total_revenue"] == pytest.approx(expected, abs=0.01)
	assert expected != 0  # the fixtures' invoice and credit note in the cost center
	assert pnl["filters"]["tracking_categories"] == [{"type": "cost_center", "id": made["cost_center"]}]
	everything = report(api, "profit_and_loss", **period)
	assert everything["totals"]["total_revenue"] > pnl["totals"]["total_revenue"]
	flow = report(api, "cash_flow", **period, tracking_categories=spec)
	assert flow["totals"]["net_profit"] == pytest.approx(pnl["totals"]["net_profit"], abs=0.01)


def test_project_filter(api, made, period):
	pnl = report(api, "profit_and_loss", **period, tracking_categories=f"project:{made['project']}")
	lines = frappe.get_all(
		"Sales Invoice Item", filters={"project": made["project"], "docstatus": 1}, pluck="base_net_amount"
	)
	assert pnl["totals"]["total_revenue"] == pytest.approx(sum(lines), abs=0.01)
	assert pnl["totals"]["total_revenue"] >= 250 and pnl["totals"]["total_expenses"] is None


def test_cash_flow_sections_and_totals(api, period):
	flow = report(api, "cash_flow", **period)
	pnl = report(api, "profit_and_loss", **period)
	lines = by_id(flow)
	assert [line["id"] for line in flow["lines"] if line["type"] == "section"] == [
		"operating",
		"investing",
		"financing",
	]
	assert (lines["net_profit"]["type"], lines["net_profit"]["parent_id"]) == ("line", "operating")
	assert flow["totals"]["net_profit"] == pytest.approx(pnl["totals"]["net_profit"], abs=0.01)
	operating = [line["total"] for line in flow["lines"] if line["parent_id"] == "operating"]
	assert flow["totals"]["net_cash_from_operating"] == pytest.approx(sum(operating), abs=0.01)
	sections = ("net_cash_from_operating", "net_cash_from_investing", "net_cash_from_financing")
	assert flow["totals"]["net_change_in_cash"] == pytest.approx(
		sum(flow["totals"][k] for k in sections), abs=0.01
	)


def test_fiscal_year_and_periods(api, made, period):
	from erpnext.accounts.utils import get_fiscal_year

	fiscal_year, start, end = get_fiscal_year(today(), company=made["company"])[:3]
	result = report(
		api, "profit_and_loss", company=made["company"], fiscal_year=fiscal_year, periodicity="monthly"
	)
	assert (result["from_date"], result["to_date"]) == (str(start), str(end))
	assert len(result["periods"]) == 12 and result["periods"][0]["from_date"] == str(start)
	by_range = report(api, "profit_and_loss", company=made["company"], from_date=str(start), to_date=str(end))
	assert result["totals"] == by_range["totals"]
	accumulated = report(
		api,
		"profit_and_loss",
		company=made["company"],
		fiscal_year=fiscal_year,
		periodicity="monthly",
		accumulated=1,
	)
	net = by_id(accumulated)["net_profit"]
	assert net["total"] == net["amounts"][-1] == pytest.approx(result["totals"]["net_profit"], abs=0.01)


@pytest.mark.parametrize(
	"name, params, field",
	[
		("balance_sheet", {"periodicity": "weekly"}, "periodicity"),
		("balance_sheet", {"fiscal_year": "2026", "from_date": "2026-01-01"}, "fiscal_year"),
		("profit_and_loss", {"from_date": "2026-05-01"}, "to_date"),
		("profit_and_loss", {"from_date": "2026-05-01", "to_date": "2026-04-01"}, "to_date"),
		("profit_and_loss", {"tracking_categories": "colour:red"}, "tracking_categories"),
		("profit_and_loss", {"tracking_categories": "cost_center:No Such CC"}, "tracking_categories"),
		("cash_flow", {"tracking_categories": "project:X"}, "tracking_categories"),
		("trial_balance", {"from_date": "2026-01-01", "to_date": "2099-01-01"}, "to_date"),
		("trial_balance", {"currency": "XXX"}, "currency"),
		("aged_receivables", {"ageing_buckets": "60,30"}, "ageing_buckets"),
		("aged_receivables", {"ageing_based_on": "whenever"}, "ageing_based_on"),
		("aged_payables", {"contact_id": "No Such Supplier"}, "contact_id"),
		("aged_payables", {"colour": "red"}, "colour"),
	],
)
def test_bad_parameters_are_400_naming_the_field(api, made, name, params, field):
	response = api.get(REPORTS + name, {"company": made["company"], **params})
	assert response.status == 400, response.body
	assert field in [d["field"] for d in response.json["error"]["details"]]


def test_unknown_company_and_wrong_method(api):
	assert api.get(REPORTS + "balance_sheet", {"company": "No Such Company"}).status == 404
	assert api.post(REPORTS + "trial_balance", {}).status == 405


def test_caller_without_report_roles_is_refused(made):
	user = ensure_api_user("ua-reports-stock@example.com", ["Stock User"])
	client = ApiClient(frappe.local.site, user.token)
	for name in (
		"balance_sheet",
		"profit_and_loss",
		"cash_flow",
		"trial_balance",
		"aged_receivables",
		"aged_payables",
	):
		response = client.get(REPORTS + name, {"company": made["company"]})
		assert response.status == 403, (name, response.body)
		assert response.json["error"]["type"] == "permission_denied"
	# the report's roles are checked before any filter: no hint whether a company exists
	assert client.get(REPORTS + "balance_sheet", {"company": "No Such Company"}).status == 403


def test_company_restricted_user_sees_nothing_of_another_company(made):
	user = ensure_api_user("ua-reports-restricted@example.com", ["Accounts User"])
	client = ApiClient(frappe.local.site, user.token)
	admin_view = report(
		ApiClient(
			frappe.local.site,
			ensure_api_user("ua-reports-admin@example.com", ["Accounts Manager", "Accounts User"]).token,
		),
		"aged_receivables",
		company=SECOND_COMPANY,
	)
	assert SECOND_CUSTOMER in {c["contact"]["id"] for c in admin_view["contacts"]}
	with user_permission(user.name, "Company", made["company"]):
		for name in ("balance_sheet", "profit_and_loss", "cash_flow", "trial_balance", "aged_receivables"):
			refused = client.get(REPORTS + name, {"company": SECOND_COMPANY})
			assert refused.status == 403, (name, refused.body)
			own = client.get(REPORTS + name)  # no company: the user's default, the permitted one
			assert own.status == 200, own.body
			assert own.json["result"]["company"] == made["company"]
			assert SECOND_COMPANY not in str(own.json["result"]) and SECOND_CUSTOMER not in str(
				own.json["result"]
			)


def test_tracking_filter_outside_the_callers_user_permissions_is_refused(made, period):
	user = ensure_api_user("ua-reports-restricted@example.com", ["Accounts User"])
	client = ApiClient(frappe.local.site, user.token)
	main = made["books"]["cost_center"]
	with user_permission(user.name, "Cost Center", main):
		params = {**period, "tracking_categories": f"cost_center:{made['cost_center']}"}
		assert client.get(REPORTS + "profit_and_loss", params).status == 403
		allowed = client.get(
			REPORTS + "profit_and_loss", {**period, "tracking_categories": f"cost_center:{main}"}
		)
		assert allowed.status == 200, allowed.body
		# and without one, ERPNext's own queries keep the entries of other cost centers out
		everything = client.get(REPORTS + "profit_and_loss", period).json["result"]
		assert everything["totals"]["total_revenue"] == allowed.json["result"]["totals"]["total_revenue"]
