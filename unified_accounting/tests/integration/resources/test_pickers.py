"""What writes pick from, over HTTP: payment methods, payment terms, currencies and exchange rates, employees,
each read under the caller's own ERPNext permissions."""

import pytest

import frappe

from erpnext.setup.utils import get_exchange_rate

from unified_accounting.schemas import Currency, Employee, ExchangeRate, PaymentMethod, PaymentTerms
from unified_accounting.tests.integration.resources.test_reference_data import SECOND, ensure, every_page
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, ensure_company, user_permission
from unified_accounting.tests.support.write_fixtures import (
	CUSTOMER,
	accounts,
	accounts_settings,
	first_company,
	single_values,
)

API = "unified_accounting.api"
CARD, SECOND_CASH, TERMS = "UA Pick Card", "UA Pick Second Cash", "UA Pick 50-50"
# A pair and dates no other test uses: rates on 2025-01-10 (both purposes) and 2025-01-11 (buying only).
PAIR, DAY, BUYING_DAY = ("CHF", "JPY"), "2025-01-10", "2025-01-11"


def ensure_employee(first_name: str, company: str) -> str:
	found = frappe.db.get_value("Employee", {"first_name": first_name, "company": company})
	if found:
		return found
	gender = ensure("Gender", "Female", {"gender": "Female"})
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": first_name,
				"last_name": "Picker",
				"company": company,
				"gender": gender,
				"date_of_birth": "1990-04-01",
				"date_of_joining": "2024-02-01",
				"status": "Active",
				"company_email": f"{first_name.lower()}@example.com",
				"prefered_contact_email": "Company Email",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def ensure_rate(day: str, rate: float, for_selling: int) -> str:
	values = {"from_currency": PAIR[0], "to_currency": PAIR[1], "date": day}
	if found := frappe.db.get_value("Currency Exchange", values):
		return found
	values.update(doctype="Currency Exchange", exchange_rate=rate, for_buying=1, for_selling=for_selling)
	return frappe.get_doc(values).insert(ignore_permissions=True).name


@pytest.fixture(scope="module")
def picks():
	"""Committed, re-runnable records in two companies, and three users."""
	company, second = first_company(), ensure_company(SECOND, "UA2")
	made = {"company": company, "second": second, "cash": accounts(company)["cash"]}
	made["second_cash"] = accounts(second)["cash"]
	ensure(
		"Mode of Payment",
		CARD,
		{
			"mode_of_payment": CARD,
			"type": "Bank",
			"enabled": 1,
			"accounts": [{"company": company, "default_account": made["cash"]}],
		},
	)
	ensure(
		"Mode of Payment",
		SECOND_CASH,
		{
			"mode_of_payment": SECOND_CASH,
			"type": "Cash",
			"enabled": 0,
			"accounts": [{"company": second, "default_account": made["second_cash"]}],
		},
	)
	deposit = {
		"invoice_portion": 50,
		"due_date_based_on": "Day(s) after invoice date",
		"description": "deposit",
	}
	rest = {
		"invoice_portion": 50,
		"due_date_based_on": "Month(s) after the end of the invoice month",
		"credit_months": 1,
		"mode_of_payment": CARD,
		"discount_type": "Percentage",
		"discount": 2,
		"discount_validity_based_on": "Day(s) after invoice date",
		"discount_validity": 10,
	}
	ensure("Payment Terms Template", TERMS, {"template_name": TERMS, "terms": [deposit, rest]})
	made["employee"] = ensure_employee("Ada", company)
	made["second_employee"] = ensure_employee("Grace", second)
	made["rate"] = ensure_rate(DAY, 170.5, 1)
	made["buying_rate"] = ensure_rate(BUYING_DAY, 171.25, 0)
	made["accountant"] = ensure_api_user("ua-pick-accounts@example.com", ["Accounts User"])
	made["hr"] = ensure_api_user("ua-pick-hr@example.com", ["HR User"])
	made["nobody"] = ensure_api_user("ua-pick-nobody@example.com", [])
	frappe.db.commit()
	return made


def client(user) -> ApiClient:
	return ApiClient(SITE, user.token)


# --- payment methods ---------------------------------------------------------------------------------


def test_payment_methods_carry_their_account_per_company(picks):
	accountant = client(picks["accountant"])
	methods = {
		m["id"]: m
		for m in every_page(accountant, f"{API}.payment_methods.list_payment_methods", {"limit": 2})
	}
	card = methods[CARD]
	assert card["type"] == "bank" and card["status"] == "active" and card["company"] is None
	assert card["accounts"] == [{"company": picks["company"], "account_id": picks["cash"]}]
	assert methods[SECOND_CASH]["type"] == "cash" and methods[SECOND_CASH]["status"] == "inactive"
	assert set(methods) == set(frappe.get_all("Mode of Payment", pluck="name"))
	got = accountant.get(f"{API}.payment_methods.get_payment_method", {"id": CARD})
	assert got.status == 200 and got.json["result"] == card
	assert set(card) == set(PaymentMethod.__annotations__)


def test_payment_method_filters_narrow_by_company_type_and_status(picks):
	accountant = client(picks["accountant"])
	path = f"{API}.payment_methods.list_payment_methods"
	in_first = {m["id"] for m in every_page(accountant, path, {"company": picks["company"], "limit": 50})}
	assert CARD in in_first and SECOND_CASH not in in_first
	in_second = every_page(accountant, path, {"company": picks["second"], "limit": 50})
	assert SECOND_CASH in {m["id"] for m in in_second}
	assert all(any(a["company"] == picks["second"] for a in m["accounts"]) for m in in_second)
	banks = every_page(accountant, path, {"type": "bank", "status": "active", "limit": 50})
	assert CARD in {m["id"] for m in banks} and {(m["type"], m["status"]) for m in banks} == {
		("bank", "active")
	}
	bad = accountant.get(path, {"type": "crypto"})
	assert bad.status == 400 and bad.json["error"]["details"][0]["field"] == "type"


def test_payment_methods_follow_erpnext_roles(picks):
	nobody = client(picks["nobody"])
	assert nobody.get(f"{API}.payment_methods.list_payment_methods").status == 403
	assert nobody.get(f"{API}.payment_methods.get_payment_method", {"id": CARD}).status == 403
	missing = client(picks["accountant"]).get(
		f"{API}.payment_methods.get_payment_method", {"id": "UA No Such Method"}
	)
	assert missing.status == 404 and missing.json["error"]["type"] == "not_found"


# --- payment terms -----------------------------------------------------------------------------------


def test_payment_terms_list_their_terms_in_order_with_discounts(picks):
	accountant = client(picks["accountant"])
	listed = every_page(accountant, f"{API}.payment_terms.list_payment_terms", {"limit": 1})
	assert {t["id"] for t in listed} == set(frappe.get_all("Payment Terms Template", pluck="name"))
	terms = accountant.get(f"{API}.payment_terms.get_payment_terms", {"id": TERMS}).json["result"]
	assert terms == next(t for t in listed if t["id"] == TERMS)
	assert terms["name"] == TERMS and set(terms) == set(PaymentTerms.__annotations__)
	first, second = terms["terms"]
	assert first["invoice_portion"] == 50 and first["description"] == "deposit"
	assert first["due_date_based_on"] == "days_after_invoice_date" and first["discount"] is None
	assert first["discount_type"] is None and first["discount_validity"] is None
	assert second["due_date_based_on"] == "months_after_end_of_invoice_month" and second["credit_months"] == 1
	assert second["payment_method_id"] == CARD
	assert (second["discount_type"], second["discount"], second["discount_validity"]) == ("percentage", 2, 10)
	assert second["discount_validity_based_on"] == "days_after_invoice_date"


def test_payment_terms_follow_erpnext_roles(picks):
	assert client(picks["nobody"]).get(f"{API}.payment_terms.list_payment_terms").status == 403
	assert client(picks["hr"]).get(f"{API}.payment_terms.get_payment_terms", {"id": TERMS}).status == 403


# --- currencies and exchange rates -------------------------------------------------------------------


def test_currencies_list_the_enabled_ones(picks):
	accountant = client(picks["accountant"])
	active = every_page(accountant, f"{API}.currencies.list_currencies", {"status": "active", "limit": 100})
	assert {c["id"] for c in active} == set(frappe.get_all("Currency", {"enabled": 1}, pluck="name"))
	company_currency = frappe.get_cached_value("Company", picks["company"], "default_currency")
	assert company_currency in {c["id"] for c in active}
	eur = accountant.get(f"{API}.currencies.get_currency", {"id": "EUR"}).json["result"]
	stored = frappe.db.get_value("Currency", "EUR", ["symbol", "fraction_units", "enabled"], as_dict=True)
	assert (eur["symbol"], eur["fraction_units"]) == (stored.symbol, stored.fraction_units)
	assert eur["status"] == ("active" if stored.enabled else "inactive")
	assert set(eur) == set(Currency.__annotations__)


def test_exchange_rates_are_erpnexts_and_name_their_record(picks):
	accountant = client(picks["accountant"])
	path = f"{API}.currencies.get_exchange_rate"
	with accounts_settings(allow_stale=0, stale_days=5):
		for day, purpose, record, rate in (
			("2025-01-12", None, picks["buying_rate"], 171.25),
			("2025-01-12", "buying", picks["buying_rate"], 171.25),
			("2025-01-12", "selling", picks["rate"], 170.5),
			("2025-01-10", None, picks["rate"], 170.5),
		):
			params = {"from_currency": PAIR[0], "to_currency": PAIR[1], "date": day}
			got = accountant.get(path, {**params, **({"purpose": purpose} if purpose else {})})
			assert got.status == 200, got.body
			result = got.json["result"]
			args = {"buying": "for_buying", "selling": "for_selling"}.get(purpose)
			assert result["rate"] == rate == get_exchange_rate(*PAIR, day, args), (day, purpose)
			assert (result["source"], result["source_id"]) == ("currency_exchange", record), (day, purpose)
			assert (
				result["source_date"] == frappe.db.get_value("Currency Exchange", record, "date").isoformat()
			)
			assert set(result) == set(ExchangeRate.__annotations__)


def test_no_rate_is_a_404_never_a_silent_one(picks):
	accountant = client(picks["accountant"])
	path = f"{API}.currencies.get_exchange_rate"
	same = accountant.get(path, {"from_currency": "CHF", "to_currency": "CHF"}).json["result"]
	assert (same["rate"], same["source"], same["source_id"]) == (1, "same_currency", None)
	with (
		accounts_settings(allow_stale=0, stale_days=5),
		single_values("Currency Exchange Settings", disabled=1),
	):
		stale = accountant.get(path, {"from_currency": PAIR[0], "to_currency": PAIR[1], "date": "2025-01-30"})
		assert stale.status == 404 and stale.json["error"]["type"] == "not_found", stale.body
		assert "CHF to JPY on 2025-01-30" in stale.json["error"]["message"]
		assert "_server_messages" not in stale.json
		assert get_exchange_rate(*PAIR, "2025-01-30") == 0  # what ERPNext itself answers
	unknown = accountant.get(path, {"from_currency": "XQQ", "to_currency": "USD"})
	assert unknown.status == 400 and [d["field"] for d in unknown.json["error"]["details"]] == [
		"from_currency"
	]
	missing = accountant.get(path, {"from_currency": "USD"})
	assert missing.status == 400 and "to_currency" in {d["field"] for d in missing.json["error"]["details"]}
	assert client(picks["nobody"]).get(path, {"from_currency": "USD", "to_currency": "EUR"}).status == 403


# --- employees ---------------------------------------------------------------------------------------


def test_employees_are_for_hr_readers_and_follow_company_restrictions(picks):
	hr = client(picks["hr"])
	path = f"{API}.employees.list_employees"
	everyone = {e["id"]: e for e in every_page(hr, path, {"limit": 2})}
	assert set(everyone) == set(frappe.get_all("Employee", pluck="name"))
	ada = everyone[picks["employee"]]
	assert (ada["name"], ada["first_name"], ada["last_name"]) == ("Ada Picker", "Ada", "Picker")
	assert (ada["company"], ada["status"], ada["start_date"]) == (picks["company"], "active", "2024-02-01")
	assert ada["work_email"] == ada["email"] == "ada@example.com"
	assert set(ada) == set(Employee.__annotations__) and "date_of_birth" not in ada
	assert hr.get(f"{API}.employees.get_employee", {"id": picks["employee"]}).json["result"] == ada
	mine = every_page(hr, path, {"company": picks["second"], "limit": 50})
	assert picks["second_employee"] in {e["id"] for e in mine} and {e["company"] for e in mine} == {
		picks["second"]
	}
	with user_permission(picks["hr"].name, "Company", picks["company"]):
		seen = {e["id"] for e in every_page(hr, path, {"limit": 50})}
		assert picks["employee"] in seen and picks["second_employee"] not in seen
		hidden = hr.get(f"{API}.employees.get_employee", {"id": picks["second_employee"]})
		assert hidden.status == 403 and "Grace" not in str(hidden.body)
	assert client(picks["accountant"]).get(path).status == 403  # ERPNext gives Employee to HR roles only


def test_employee_status_filter(picks):
	hr = client(picks["hr"])
	path = f"{API}.employees.list_employees"
	active = every_page(hr, path, {"status": "active", "limit": 50})
	assert picks["employee"] in {e["id"] for e in active} and {e["status"] for e in active} == {"active"}
	assert every_page(hr, path, {"status": "left", "user_id": "nobody@example.com", "limit": 50}) == []
	assert hr.get(path, {"status": "retired"}).status == 400


# --- payment terms on invoices -----------------------------------------------------------------------


def test_an_invoice_takes_payment_terms_and_erpnext_schedules_them(picks, api):
	books = write_fixtures.books()
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"issue_date": "2026-11-10",
		"due_date": "2026-11-20",  # replaced by the schedule's last date
		"payment_terms_id": TERMS,
		"line_items": [
			{"name": "Consulting", "quantity": 1, "unit_price": 1000, "account_id": books["income"]}
		],
		"submit": True,
	}
	created = api.post(f"{API}.invoices.create_invoice", body)
	assert created.status == 201, created.body
	invoice = created.json["result"]
	doc = frappe.get_doc("Sales Invoice", invoice["id"])
	assert invoice["payment_terms_id"] == doc.payment_terms_template == TERMS
	schedule = [(str(row.due_date), row.payment_amount) for row in doc.payment_schedule]
	assert schedule == [("2026-11-10", 500), ("2026-12-31", 500)]  # 50% now, 50% a month after November
	assert invoice["due_date"] == str(doc.due_date) == "2026-12-31"
	got = api.get(f"{API}.invoices.get_invoice", {"id": invoice["id"]}).json["result"]
	assert got["payment_terms_id"] == TERMS


def test_an_unknown_payment_terms_template_is_a_400_and_leaves_nothing(picks, api):
	books = write_fixtures.books()
	before = frappe.db.count("Sales Invoice", {"customer": CUSTOMER})
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"payment_terms_id": "UA No Such Terms",
		"line_items": [{"name": "Consulting", "unit_price": 10, "account_id": books["income"]}],
	}
	refused = api.post(f"{API}.invoices.create_invoice", body)
	assert refused.status == 400 and refused.json["error"]["details"][0]["field"] == "payment_terms_id"
	assert frappe.db.count("Sales Invoice", {"customer": CUSTOMER}) == before
