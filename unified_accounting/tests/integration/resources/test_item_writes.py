"""Items written over HTTP: an item with its accounts per company and prices per price list in one call,
then changed; read back as ERPNext resolves them; refused without ERPNext's item roles, bad input leaving
nothing behind."""

import pytest

import frappe

from unified_accounting.schemas import Item
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user
from unified_accounting.tests.support.write_fixtures import books as write_books

ITEMS = "unified_accounting.api.items"
ROLES = ["Accounts User", "Item Manager", "Sales Master Manager", "Purchase Master Manager"]
WHOLESALE = "UA Wholesale"


@pytest.fixture(scope="module")
def books():
	made = write_books()
	if not frappe.db.exists("Price List", WHOLESALE):
		frappe.get_doc(
			{"doctype": "Price List", "price_list_name": WHOLESALE, "currency": "USD", "selling": 1}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	return made


@pytest.fixture(scope="module")
def manager():
	return ApiClient(SITE, ensure_api_user("ua-items@example.com", ROLES).token)


def new_code() -> str:
	return f"UA-ITEM-{frappe.generate_hash(length=8).upper()}"


def test_an_item_with_accounts_and_prices_is_one_call(manager, books):
	code = new_code()
	body = {
		"id": code,
		"name": "Consulting hour",
		"description": "Senior consultant, per hour",
		"accounts": [
			{
				"company": books["company"],
				"income_account_id": books["income"],
				"expense_account_id": books["expense"],
			}
		],
		"prices": [
			{"price_list": "Standard Selling", "unit_price": 150},
			{"price_list": "Standard Buying", "unit_price": 90},
			{"price_list": WHOLESALE, "unit_price": 120},
		],
	}
	response = manager.post(f"{ITEMS}.create_item", body)
	assert response.status == 201, response.body
	item = response.json["result"]
	assert list(item) == list(Item.__annotations__)
	assert (item["id"], item["name"], item["unit"], item["is_stock_item"], item["status"]) == (
		code,
		"Consulting hour",
		"Nos",
		False,
		"active",
	)
	assert item["selling_price"]["unit_price"] == 150 and item["buying_price"]["unit_price"] == 90
	assert {p["price_list"]: p["unit_price"] for p in item["prices"]} == {
		"Standard Selling": 150,
		"Standard Buying": 90,
		WHOLESALE: 120,
	}
	own = next(a for a in item["accounts"] if a["company"] == books["company"])
	assert (own["income_account_id"], own["income_account_source"]) == (books["income"], "item")
	assert (
		frappe.db.get_value("Item Default", {"parent": code, "company": books["company"]}, "expense_account")
		== (books["expense"])
	)
	assert manager.get(f"{ITEMS}.get_item", {"id": code}).json["result"] == item


def test_an_update_changes_one_price_and_one_companys_accounts(manager, books):
	code = new_code()
	created = manager.post(
		f"{ITEMS}.create_item",
		{"id": code, "name": "Widget", "prices": [{"price_list": "Standard Selling", "unit_price": 10}]},
	)
	assert created.status == 201, created.body
	body = {
		"id": code,
		"name": "Widget v2",
		"status": "inactive",
		"accounts": [{"company": books["company"], "income_account_id": books["income"]}],
		"prices": [
			{"price_list": "Standard Selling", "unit_price": 12.5},
			{"price_list": WHOLESALE, "unit_price": 9},
		],
	}
	response = manager.post(f"{ITEMS}.update_item", body)
	assert response.status == 200, response.body
	item = response.json["result"]
	assert (item["name"], item["status"], item["selling_price"]["unit_price"]) == (
		"Widget v2",
		"inactive",
		12.5,
	)
	assert frappe.db.count("Item Price", {"item_code": code, "price_list": "Standard Selling"}) == 1
	assert {p["price_list"]: p["unit_price"] for p in item["prices"]} == {
		"Standard Selling": 12.5,
		WHOLESALE: 9,
	}
	own = next(a for a in item["accounts"] if a["company"] == books["company"])
	assert own["income_account_id"] == books["income"]


def test_bad_items_are_400_naming_the_field_and_leave_nothing(manager, books):
	cases = [
		({"group": "UA No Such Group"}, "group"),
		({"unit": "UA-NO-UOM"}, "unit"),
		(
			{"accounts": [{"company": books["company"], "income_account_id": "UA-NO-SUCH"}]},
			"accounts[0].income_account_id",
		),
		({"accounts": [{"company": "UA No Such Company"}]}, "accounts[0].company"),
		({"prices": [{"price_list": "UA No Such List", "unit_price": 1}]}, "prices[0].price_list"),
		(
			{
				"prices": [
					{"price_list": WHOLESALE, "unit_price": 1},
					{"price_list": WHOLESALE, "unit_price": 2},
				]
			},
			"prices[1].price_list",
		),
		({"prices": [{"price_list": WHOLESALE, "unit_price": -1}]}, "prices[0].unit_price"),
	]
	for change, field in cases:
		code = new_code()
		response = manager.post(f"{ITEMS}.create_item", {"id": code, "name": "Bad", **change})
		assert response.status == 400, (change, response.body)
		assert field in [d["field"] for d in response.json["error"]["details"]], response.body
		assert not frappe.db.exists("Item", code)


def test_an_existing_id_is_409(manager, books):
	code = new_code()
	assert manager.post(f"{ITEMS}.create_item", {"id": code, "name": "Once"}).status == 201
	again = manager.post(f"{ITEMS}.create_item", {"id": code, "name": "Twice"})
	assert again.status == 409 and again.json["error"]["details"] == [{"field": "id", "message": "exists"}]


def test_items_need_erpnexts_item_roles_and_prices_theirs(api, books):
	"""The accountant may read items but not create them; an Item Manager without the price roles may
	create an item but not its prices, and then nothing at all is written."""
	code = new_code()
	refused = api.post(f"{ITEMS}.create_item", {"id": code, "name": "Nope"})
	assert refused.status == 403, refused.body
	item_only = ApiClient(SITE, ensure_api_user("ua-items-only@example.com", ["Item Manager"]).token)
	body = {"id": code, "name": "No prices", "prices": [{"price_list": WHOLESALE, "unit_price": 5}]}
	response = item_only.post(f"{ITEMS}.create_item", body)
	assert response.status == 403, response.body
	assert not frappe.db.exists("Item", code)
