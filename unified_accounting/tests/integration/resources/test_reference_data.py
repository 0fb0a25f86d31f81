"""Reference data over HTTP: tax rates, items and company info, with cursors and restricted users."""

import json

import pytest

import frappe

from unified_accounting.schemas import CompanyInfo, Item, TaxRate
from unified_accounting.tests.support.utils import (
	ApiClient,
	count_queries,
	ensure_api_user,
	ensure_company,
	user_permission,
)
from unified_accounting.tests.support.write_fixtures import accounts, first_company

API = "unified_accounting.api"
SECOND = "UA Second Company"
ROLES = [
	"Accounts Manager",
	"Accounts User",
	"Purchase User",
	"Sales Master Manager",
	"Purchase Master Manager",
]
ITEM = "UA-REF-ITEM"


def ensure(doctype: str, name: str, values: dict) -> str:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
	return name


@pytest.fixture(scope="module")
def ref():
	"""Committed, re-runnable reference records in two companies."""
	company, second = first_company(), ensure_company(SECOND, "UA2")
	abbr = frappe.get_cached_value("Company", company, "abbr")
	books = accounts(company)
	tax = books["tax"]
	made = {"company": company, "second": second, "books": books, "tax_account": tax}
	made["sales"] = ensure(
		"Sales Taxes and Charges Template",
		f"UA Ref Sales VAT - {abbr}",
		{
			"title": "UA Ref Sales VAT",
			"company": company,
			"taxes": [
				{"charge_type": "On Net Total", "account_head": tax, "description": "VAT", "rate": 19},
				{"charge_type": "Actual", "account_head": tax, "description": "Fee", "tax_amount": 5},
			],
		},
	)
	made["purchase"] = ensure(
		"Purchase Taxes and Charges Template",
		f"UA Ref Purchase VAT - {abbr}",
		{
			"title": "UA Ref Purchase VAT",
			"company": company,
			"taxes": [
				{"charge_type": "On Net Total", "account_head": tax, "description": "VAT", "rate": 7},
				{
					"charge_type": "On Net Total",
					"account_head": tax,
					"description": "Withheld",
					"rate": 2,
					"add_deduct_tax": "Deduct",
				},
			],
		},
	)
	made["item_tax"] = ensure(
		"Item Tax Template",
		f"UA Ref Reduced - {abbr}",
		{"title": "UA Ref Reduced", "company": company, "taxes": [{"tax_type": tax, "tax_rate": 7}]},
	)
	ensure(
		"Sales Taxes and Charges Template",
		f"UA Ref Sales Reduced - {abbr}",
		{
			"title": "UA Ref Sales Reduced",
			"company": company,
			"taxes": [{"charge_type": "On Net Total", "account_head": tax, "description": "VAT", "rate": 7}],
		},
	)
	second_tax = accounts(second)["tax"]
	made["second_sales"] = ensure(
		"Sales Taxes and Charges Template",
		"UA Ref Sales VAT - UA2",
		{
			"title": "UA Ref Sales VAT",
			"company": second,
			"taxes": [
				{"charge_type": "On Net Total", "account_head": second_tax, "description": "VAT", "rate": 10}
			],
		},
	)
	ensure_item(company, books)
	ensure_period(company)
	frappe.db.commit()
	return made


def ensure_item(company: str, books: dict) -> None:
	for i in range(3):  # more items, so that a page's query count can be compared across page sizes
		ensure(
			"Item",
			f"{ITEM}-{i}",
			{
				"item_code": f"{ITEM}-{i}",
				"item_group": "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"item_defaults": [{"company": company, "expense_account": books["expense"]}],
			},
		)
	ensure(
		"Item",
		ITEM,
		{
			"item_code": ITEM,
			"item_name": "UA Reference Item",
			"description": "<p>A <b>reference</b> item</p>",
			"item_group": "All Item Groups",
			"stock_uom": "Nos",
			"is_stock_item": 0,
			"item_defaults": [{"company": company, "income_account": books["income"]}],
		},
	)
	selling = frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"
	buying = frappe.db.get_single_value("Buying Settings", "buying_price_list") or "Standard Buying"
	for price_list, rate in ((selling, 120), (buying, 80)):
		if not frappe.db.exists("Item Price", {"item_code": ITEM, "price_list": price_list}):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": ITEM,
					"price_list": price_list,
					"price_list_rate": rate,
				}
			).insert(ignore_permissions=True)


def ensure_period(company: str) -> None:
	name = "UA Ref Period 2001"
	if not frappe.db.exists("Accounting Period", {"period_name": ("like", f"{name}%")}):
		frappe.get_doc(
			{
				"doctype": "Accounting Period",
				"period_name": name,
				"company": company,
				"start_date": "2001-01-01",
				"end_date": "2001-12-31",
				"closed_documents": [{"document_type": "Sales Invoice", "closed": 1}],
			}
		).insert(ignore_permissions=True)


@pytest.fixture(scope="module")
def client():
	return ApiClient(frappe.local.site, ensure_api_user("ua-ref@example.com", ROLES).token)


@pytest.fixture(scope="module")
def restricted_user():
	return ensure_api_user("ua-ref-restricted@example.com", ROLES)


def every_page(client: ApiClient, method: str, params: dict) -> list[dict]:
	found, cursor = [], None
	while True:
		body = client.get(method, {**params, **({"cursor": cursor} if cursor else {})}).json
		found += body["result"]
		cursor = body["next_cursor"]
		if not cursor:
			return found


# --- tax rates -------------------------------------------------------------------------------------


def test_tax_rates_list_every_kind_with_components(client, ref):
	rates = every_page(client, f"{API}.tax_rates.list_tax_rates", {"company": ref["company"], "limit": 3})
	by_id = {(r["type"], r["id"]): r for r in rates}
	sales = by_id[("sales_tax_template", ref["sales"])]
	assert list(sales) == list(TaxRate.__annotations__)
	assert sales["name"] == "UA Ref Sales VAT" and sales["company"] == ref["company"]
	assert sales["total_rate"] == 19
	assert sales["components"][1] == {
		"account_id": ref["tax_account"],
		"description": "Fee",
		"charge_type": "actual",
		"rate": None,
		"amount": 5.0,
		"included_in_price": False,
		"deduct": False,
	}
	purchase = by_id[("purchase_tax_template", ref["purchase"])]
	assert purchase["total_rate"] == 5 and purchase["components"][1]["deduct"] is True
	assert by_id[("item_tax_template", ref["item_tax"])]["components"][0]["rate"] == 7
	assert by_id[("tax_account", ref["tax_account"])]["components"][0]["account_id"] == ref["tax_account"]
	assert all(r["company"] == ref["company"] for r in rates)
	assert ("sales_tax_template", ref["second_sales"]) not in by_id


def test_tax_rates_type_filter_count_and_get(client, ref):
	body = client.get(
		f"{API}.tax_rates.list_tax_rates",
		{"type": "item_tax_template", "company": ref["company"], "include_count": 1},
	).json
	assert {r["type"] for r in body["result"]} == {"item_tax_template"}
	assert body["result_count"] == len(body["result"])
	got = client.get(f"{API}.tax_rates.get_tax_rate", {"id": ref["sales"]}).json["result"]
	assert got["type"] == "sales_tax_template" and len(got["components"]) == 2
	bad = client.get(f"{API}.tax_rates.list_tax_rates", {"type": "vat"})
	assert bad.status == 400 and bad.json["error"]["details"][0]["field"] == "type"
	assert client.get(f"{API}.tax_rates.get_tax_rate", {"id": "No Such Template"}).status == 404


def test_tax_rates_follow_erpnext_roles_and_company_restriction(ref, restricted_user):
	# Accounts roles cannot read Purchase Taxes and Charges Templates in ERPNext: neither can they here.
	accounts_only = ensure_api_user("ua-ref-accounts@example.com", ["Accounts User"])
	rates = (
		ApiClient(frappe.local.site, accounts_only.token)
		.get(f"{API}.tax_rates.list_tax_rates", {"limit": 500})
		.json["result"]
	)
	assert "purchase_tax_template" not in {r["type"] for r in rates}
	with user_permission(restricted_user.name, "Company", ref["company"]):
		restricted = ApiClient(frappe.local.site, restricted_user.token)
		rates = every_page(restricted, f"{API}.tax_rates.list_tax_rates", {"limit": 100})
		assert {r["company"] for r in rates} == {ref["company"]}
		denied = restricted.get(f"{API}.tax_rates.get_tax_rate", {"id": ref["second_sales"]})
		assert denied.status == 403 and denied.json["error"]["type"] == "permission_denied"


# --- items -----------------------------------------------------------------------------------------


def test_item_accounts_prices_and_shape(client, ref):
	item = client.get(f"{API}.items.get_item", {"id": ITEM}).json["result"]
	assert list(item) == list(Item.__annotations__)
	assert item["description"] == "A reference item" and item["unit"] == "Nos"
	assert item["selling_price"]["unit_price"] == 120 and item["buying_price"]["unit_price"] == 80
	accounts_by_company = {a["company"]: a for a in item["accounts"]}
	own = accounts_by_company[ref["company"]]
	item_default = frappe.db.get_value(
		"Item Default", {"parent": ITEM, "company": ref["company"]}, "income_account"
	)
	assert (own["income_account_id"], own["income_account_source"]) == (item_default, "item")
	second = accounts_by_company[ref["second"]]
	company_income = frappe.get_cached_value("Company", ref["second"], "default_income_account")
	assert (second["income_account_id"], second["income_account_source"]) == (company_income, "company")
	narrowed = client.get(f"{API}.items.get_item", {"id": ITEM, "company": ref["second"]}).json["result"]
	assert [a["company"] for a in narrowed["accounts"]] == [ref["second"]]


def test_items_list_pages_and_hides_prices_without_item_price_role(client, ref):
	listed = every_page(client, f"{API}.items.list_items", {"limit": 2, "status": "active"})
	assert ITEM in {i["id"] for i in listed}
	assert len({i["id"] for i in listed}) == len(listed)
	plain = ensure_api_user("ua-ref-accounts@example.com", ["Accounts User"])
	item = ApiClient(frappe.local.site, plain.token).get(f"{API}.items.get_item", {"id": ITEM}).json["result"]
	assert item["selling_price"] is None and item["buying_price"] is None


def test_item_accounts_only_for_readable_companies(ref, restricted_user):
	with user_permission(restricted_user.name, "Company", ref["company"]):
		restricted = ApiClient(frappe.local.site, restricted_user.token)
		item = restricted.get(f"{API}.items.get_item", {"id": ITEM}).json["result"]
		assert [a["company"] for a in item["accounts"]] == [ref["company"]]


# --- company info ----------------------------------------------------------------------------------


def test_company_info_shape_periods_and_frozen_date(client, ref):
	frappe.db.set_single_value("Accounts Settings", "acc_frozen_upto", "2000-06-30")
	frappe.db.commit()
	try:
		info = client.get(f"{API}.company_info.get_company", {"id": ref["company"]}).json["result"]
	finally:
		frappe.db.set_single_value("Accounts Settings", "acc_frozen_upto", None)
		frappe.db.commit()
	assert list(info) == list(CompanyInfo.__annotations__)
	company = frappe.get_doc("Company", ref["company"])
	assert info["currency"] == company.default_currency and info["abbreviation"] == company.abbr
	assert info["default_accounts"]["receivable_account_id"] == company.default_receivable_account
	assert info["frozen_until"] == "2000-06-30" and info["caller_may_post_frozen"] is False
	period = next(p for p in info["accounting_periods"] if p["name"].startswith("UA Ref Period 2001"))
	assert period["closed_document_types"] == ["Sales Invoice"]
	assert period["start_date"] == "2001-01-01"
	years = frappe.get_all("Fiscal Year", filters={"disabled": 0}, pluck="name")
	assert set(years) & {y["id"] for y in info["fiscal_years"]}


def test_company_list_under_user_permission(client, ref, restricted_user):
	everyone = {c["id"] for c in every_page(client, f"{API}.company_info.list_companies", {"limit": 1})}
	assert {ref["company"], ref["second"]} <= everyone
	with user_permission(restricted_user.name, "Company", ref["company"]):
		restricted = ApiClient(frappe.local.site, restricted_user.token)
		listed = every_page(restricted, f"{API}.company_info.list_companies", {})
		assert [c["id"] for c in listed] == [ref["company"]]
		denied = restricted.get(f"{API}.company_info.get_company", {"id": ref["second"]})
		assert denied.status == 403


def test_company_info_without_period_roles_says_none(ref):
	sales = ensure_api_user("ua-ref-sales@example.com", ["Sales User"])
	info = (
		ApiClient(frappe.local.site, sales.token)
		.get(f"{API}.company_info.get_company", {"id": ref["company"]})
		.json["result"]
	)
	assert info["accounting_periods"] is None
	assert info["fiscal_years"]


@pytest.mark.parametrize(
	"module, method",
	[("tax_rates", "list_tax_rates"), ("items", "list_items"), ("company_info", "list_companies")],
)
def test_a_page_costs_the_same_queries_whatever_its_size(ref, client, module, method):
	"""Children, defaults, prices, periods of a whole page are read in one query each. The one-row page
	is chosen to need every kind of child query the large page needs (e.g. a company with periods)."""
	endpoint = frappe.get_attr(f"{API}.{module}.{method}")
	small_page = {
		"tax_rates": {"type": "sales_tax_template", "company": ref["company"]},
		"items": {"group": "All Item Groups"},
		"company_info": {"company": ref["company"]},
	}[module]
	frappe.set_user("ua-ref@example.com")
	endpoint(limit=50)  # warm the metadata caches
	with count_queries() as small:
		endpoint(limit=1, **small_page)
	with count_queries() as large:
		large_page = endpoint(limit=50, **({"type": "sales_tax_template"} if module == "tax_rates" else {}))
	assert len(json.loads(large_page.get_data())["result"]) > 1
	assert small.count == large.count


# --- pure mapping (no database) --------------------------------------------------------------------


def test_effective_accounts_follow_erpnext_order():
	from unified_accounting.mappers.items import company_accounts

	company = {"name": "C", "default_income_account": "Sales - C", "default_expense_account": "COGS - C"}
	group = {"expense_account": "Group Exp - C"}
	own = {"income_account": "Own Inc - C", "selling_cost_center": "CC1 - C"}
	accounts_ = company_accounts({**company, "cost_center": "Main - C"}, own, group)
	assert (accounts_["income_account_id"], accounts_["income_account_source"]) == ("Own Inc - C", "item")
	assert (accounts_["expense_account_id"], accounts_["expense_account_source"]) == (
		"Group Exp - C",
		"item_group",
	)
	assert (accounts_["selling_cost_center_id"], accounts_["buying_cost_center_id"]) == (
		"CC1 - C",
		"Main - C",
	)
	bare = company_accounts({"name": "C"}, {}, {})
	assert (bare["income_account_id"], bare["income_account_source"]) == (None, None)


def test_price_choice_prefers_valid_stock_unit_latest():
	import datetime

	from unified_accounting.mappers.items import choose_price

	today = datetime.date(2026, 6, 1)
	rows = [
		{"price_list": "S", "uom": "Box", "price_list_rate": 90, "currency": "USD"},
		{
			"price_list": "S",
			"uom": "Nos",
			"price_list_rate": 10,
			"currency": "USD",
			"valid_from": datetime.date(2026, 1, 1),
		},
		{
			"price_list": "S",
			"uom": "Nos",
			"price_list_rate": 12,
			"currency": "USD",
			"valid_from": datetime.date(2026, 5, 1),
		},
		{
			"price_list": "S",
			"uom": "Nos",
			"price_list_rate": 99,
			"currency": "USD",
			"valid_upto": datetime.date(2026, 2, 1),
		},
		{"price_list": "B", "uom": "Nos", "price_list_rate": 5, "currency": "USD"},
	]
	assert choose_price(rows, "S", "Nos", today)["unit_price"] == 12
	assert choose_price(rows, "S", "Kg", today)["unit_price"] == 12  # no Kg price: latest valid one
	assert choose_price(rows, "X", "Nos", today) is None


def test_total_rate_adds_percent_components_and_subtracts_deductions():
	from unified_accounting.mappers.tax_rates import template_component, total_rate

	parts = [
		template_component({"charge_type": "On Net Total", "rate": 7}),
		template_component({"charge_type": "On Net Total", "rate": 2, "add_deduct_tax": "Deduct"}),
		template_component({"charge_type": "Actual", "tax_amount": 5, "rate": 0}),
		template_component({"charge_type": "On Previous Row Total", "rate": 3}),
	]
	assert total_rate(parts) == 5
	assert parts[2]["rate"] is None and parts[2]["amount"] == 5
	assert total_rate(parts[2:3]) is None
