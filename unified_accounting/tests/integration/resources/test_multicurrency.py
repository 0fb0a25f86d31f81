"""Multi-currency journal entries over HTTP: lines on foreign-currency accounts with per-line exchange
rates, balanced in company currency, refused with the difference named in both currencies."""

import pytest

import frappe

from unified_accounting.tests.support.invoice_fixtures import ensure_exchange_rate
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, ensure_company, user_permission
from unified_accounting.tests.support.write_fixtures import accounts, first_company, gl

CREATE = "unified_accounting.api.journal_entries.create_journal_entry"
ROLES = ["Accounts Manager", "Accounts User"]


def ensure_eur_account(company: str, name: str, currency: str = "EUR") -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	account = f"{name} - {abbr}"
	if not frappe.db.exists("Account", account):
		cash = frappe.db.get_value("Account", {"company": company, "account_type": "Cash", "is_group": 0})
		parent = frappe.db.get_value("Account", cash, "parent_account")
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"parent_account": parent,
				"company": company,
				"account_type": "Bank",
				"account_currency": currency,
			}
		).insert(ignore_permissions=True)
	return account


@pytest.fixture(scope="module")
def books():
	company = first_company()
	assert frappe.get_cached_value("Company", company, "default_currency") == "USD"
	ensure_exchange_rate("EUR", "USD", 1.1)
	made = {**accounts(company), "company": company, "eur_bank": ensure_eur_account(company, "UA Bank EUR")}
	second = ensure_company("UA Second Company", "UA2")
	made["second"] = second
	made["second_eur_bank"] = ensure_eur_account(second, "UA Bank EUR")
	made["second_cash"] = accounts(second)["cash"]
	frappe.db.commit()
	return made


@pytest.fixture(scope="module")
def client():
	return ApiClient(frappe.local.site, ensure_api_user("ua-fx@example.com", ROLES).token)


def entries_of(company: str) -> int:
	return frappe.db.count("Journal Entry", {"company": company})


def test_foreign_line_with_its_rate_posts_in_both_currencies(client, books):
	body = {
		"company": books["company"],
		"memo": "EUR transfer",
		"lines": [
			{"account_id": books["eur_bank"], "debit": 100, "exchange_rate": 1.2},
			{"account_id": books["cash"], "credit": 120},
		],
		"submit": True,
	}
	created = client.post(CREATE, body)
	assert created.status == 201, created.body
	entry = created.json["result"]
	assert entry["currency"] == "EUR" and entry["exchange_rate"] == 1.2
	assert (entry["total_debit"], entry["total_credit"]) == (120, 120)
	eur, usd = entry["lines"]
	assert (eur["currency"], eur["exchange_rate"]) == ("EUR", 1.2)
	assert (eur["debit_in_account_currency"], eur["debit"]) == (100, 120)
	assert (usd["currency"], usd["exchange_rate"], usd["credit_in_account_currency"]) == ("USD", 1, 120)
	doc = frappe.get_doc("Journal Entry", entry["id"])
	assert doc.multi_currency == 1 and doc.docstatus == 1
	assert gl(entry["id"]) == {books["eur_bank"]: 120, books["cash"]: -120}
	eur_gl = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": entry["id"], "account": books["eur_bank"], "is_cancelled": 0},
		fields=["debit_in_account_currency", "account_currency"],
	)
	assert [(row.debit_in_account_currency, row.account_currency) for row in eur_gl] == [(100, "EUR")]


def test_rate_defaults_to_currency_exchange(client, books):
	from erpnext.setup.utils import get_exchange_rate

	rate = get_exchange_rate("EUR", "USD", frappe.utils.today())
	body = {
		"company": books["company"],
		"lines": [
			{"account_id": books["eur_bank"], "credit": 10},
			{"account_id": books["cash"], "debit": round(10 * rate, 2)},
		],
	}
	created = client.post(CREATE, body)
	assert created.status == 201, created.body
	assert created.json["result"]["lines"][0]["exchange_rate"] == rate


def test_unbalanced_names_the_difference_in_both_currencies(client, books):
	before = entries_of(books["company"])
	body = {
		"company": books["company"],
		"lines": [
			{"account_id": books["eur_bank"], "debit": 100, "exchange_rate": 1.2},
			{"account_id": books["cash"], "credit": 100},
		],
		"submit": True,
	}
	refused = client.post(CREATE, body)
	assert refused.status == 422 and refused.json["error"]["type"] == "validation_error"
	message = refused.json["error"]["message"]
	assert "difference 20.00 USD" in message and "16.67 EUR at 1.2" in message
	assert entries_of(books["company"]) == before


def test_rate_on_a_company_currency_line_is_refused(client, books):
	body = {
		"company": books["company"],
		"lines": [
			{"account_id": books["eur_bank"], "debit": 100, "exchange_rate": 1.2},
			{"account_id": books["cash"], "credit": 120, "exchange_rate": 1.5},
		],
	}
	refused = client.post(CREATE, body)
	assert refused.status == 400
	assert [d["field"] for d in refused.json["error"]["details"]] == ["lines[1].exchange_rate"]


def test_missing_rate_is_refused_before_erpnext(client, books):
	"""No Currency Exchange for CHF and no rate given: 400 naming the line, nothing written. (ERPNext's
	online rate lookup is switched off for the test: it must not reach the network.)"""
	chf = ensure_eur_account(books["company"], "UA Bank CHF", "CHF")
	frappe.db.set_single_value("Currency Exchange Settings", "disabled", 1)
	frappe.db.commit()
	before = entries_of(books["company"])
	try:
		body = {
			"company": books["company"],
			"lines": [{"account_id": chf, "debit": 10}, {"account_id": books["cash"], "credit": 11}],
		}
		refused = client.post(CREATE, body)
	finally:
		frappe.db.set_single_value("Currency Exchange Settings", "disabled", 0)
		frappe.db.commit()
	assert refused.status == 400
	detail = refused.json["error"]["details"][0]
	assert detail["field"] == "lines[0].exchange_rate" and "CHF to USD" in detail["message"]
	assert entries_of(books["company"]) == before


def test_restricted_user_cannot_post_to_another_company(books):
	user = ensure_api_user("ua-fx-restricted@example.com", ROLES)
	before = entries_of(books["second"])
	with user_permission(user.name, "Company", books["company"]):
		restricted = ApiClient(frappe.local.site, user.token)
		body = {
			"company": books["second"],
			"lines": [
				{"account_id": books["second_eur_bank"], "debit": 10, "exchange_rate": 1.2},
				{"account_id": books["second_cash"], "credit": 12},
			],
		}
		refused = restricted.post(CREATE, body)
		assert refused.status == 403 and refused.json["error"]["type"] == "permission_denied"
	assert entries_of(books["second"]) == before


def test_party_line_on_a_foreign_receivable(client, books):
	"""A EUR customer's EUR receivable against a USD income account: ERPNext checks the party account."""
	from unified_accounting.tests.support.invoice_fixtures import EUR_CUSTOMER, ensure_eur_customer

	ensure_eur_customer(books["company"])
	frappe.db.commit()
	receivable = frappe.db.get_value(
		"Party Account", {"parent": EUR_CUSTOMER, "company": books["company"]}, "account"
	)
	body = {
		"company": books["company"],
		"lines": [
			{
				"account_id": receivable,
				"debit": 50,
				"exchange_rate": 1.1,
				"contact": {"type": "customer", "id": EUR_CUSTOMER},
			},
			{"account_id": books["income"], "credit": 55},
		],
		"submit": True,
	}
	created = client.post(CREATE, body)
	assert created.status == 201, created.body
	line = created.json["result"]["lines"][0]
	assert (line["currency"], line["debit_in_account_currency"], line["debit"]) == ("EUR", 50, 55)
	assert line["contact"]["id"] == EUR_CUSTOMER
	assert gl(created.json["result"]["id"])[receivable] == 55


def test_update_recomputes_rates_and_balance(client, books):
	draft = client.post(
		CREATE,
		{
			"company": books["company"],
			"lines": [
				{"account_id": books["cash"], "debit": 5},
				{"account_id": books["expense"], "credit": 5},
			],
		},
	).json["result"]
	update = "unified_accounting.api.journal_entries.update_journal_entry"
	lines = [
		{"account_id": books["eur_bank"], "debit": 10, "exchange_rate": 1.25},
		{"account_id": books["cash"], "credit": 12.5},
	]
	updated = client.post(update, {"id": draft["id"], "lines": lines})
	assert updated.status == 200, updated.body
	assert frappe.db.get_value("Journal Entry", draft["id"], "multi_currency") == 1
	assert updated.json["result"]["total_debit"] == 12.5
	refused = client.post(update, {"id": draft["id"], "lines": [lines[0], {**lines[1], "credit": 10}]})
	assert refused.status == 422 and "(= 2.00 EUR at 1.25)" in refused.json["error"]["message"]
	assert frappe.db.get_value("Journal Entry", draft["id"], "total_debit") == 12.5
