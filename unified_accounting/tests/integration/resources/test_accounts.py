"""Accounts over HTTP: shape, filters, keyset cursors, the sync guarantee, balances, permissions."""

import pytest

import frappe

from unified_accounting.schemas import Account
from unified_accounting.tests.support.utils import (
	ApiClient,
	custom_field,
	ensure_api_user,
	ensure_company,
	user_permission,
)
from unified_accounting.tests.support.write_fixtures import first_company

LIST = "unified_accounting.api.accounts.list_accounts"
GET = "unified_accounting.api.accounts.get_account"
SECOND = "UA Second Company"


@pytest.fixture(scope="module")
def company():
	return first_company()


@pytest.fixture(scope="module")
def second_company():
	return ensure_company(SECOND, "UA2")


def all_pages(api, params: dict, limit: int = 7) -> list[dict]:
	items, cursor = [], None
	while True:
		body = api.get(LIST, {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}).json
		items += body["result"]
		cursor = body["next_cursor"]
		if not cursor:
			return items


def test_every_key_of_the_shape_is_present(api, company):
	body = api.get(LIST, {"company": company, "limit": 3}).json
	assert set(body) == {"result", "next_cursor", "prev_cursor"}
	assert len(body["result"]) == 3
	for account in body["result"]:
		assert set(account) == set(Account.__annotations__)
		assert account["company"] == company
		assert account["updated_at"][-6] in "+-"  # ISO 8601 with offset


def test_receivable_account_maps_to_unified_values(api, company):
	name = frappe.db.get_value("Account", {"company": company, "account_type": "Receivable", "is_group": 0})
	account = api.get(GET, {"id": name}).json["result"]
	assert account["type"] == "accounts_receivable"
	assert account["classification"] == "asset"
	assert account["status"] == "active"
	assert account["is_group"] is False
	assert account["parent_account_id"] == frappe.db.get_value("Account", name, "parent_account")
	assert account["current_balance"] is None and account["remote_data"] is None


def test_filters_by_classification_type_and_group(api, company):
	revenue = api.get(LIST, {"company": company, "classification": "revenue", "limit": 500}).json["result"]
	assert revenue and {a["classification"] for a in revenue} == {"revenue"}
	assert len(revenue) == frappe.db.count("Account", {"company": company, "root_type": "Income"})
	cash = api.get(LIST, {"company": company, "type": "cash", "is_group": 0, "limit": 500}).json["result"]
	assert cash and all(a["type"] == "cash" and not a["is_group"] for a in cash)
	groups = api.get(LIST, {"company": company, "is_group": 1, "limit": 500}).json["result"]
	assert len(groups) == frappe.db.count("Account", {"company": company, "is_group": 1})


def test_bad_filter_values_are_400_naming_them(api):
	error = api.get(LIST, {"classification": "profit", "type": "nonsense", "order": "sideways"}).json["error"]
	assert error["status"] == 400
	assert "order" in {d["field"] for d in error["details"]}
	error = api.get(LIST, {"classification": "profit", "type": "nonsense"}).json["error"]
	assert {d["field"] for d in error["details"]} == {"classification", "type"}


def test_cursor_pages_cover_everything_once_both_ways(api, company):
	expected = frappe.db.count("Account", {"company": company})
	ascending = all_pages(api, {"company": company})
	assert len(ascending) == expected == len({a["id"] for a in ascending})
	keys = [(a["updated_at"], a["id"]) for a in ascending]
	assert keys == sorted(keys)
	descending = all_pages(api, {"company": company, "order": "desc"})
	assert [a["id"] for a in descending] == [a["id"] for a in reversed(ascending)]


def test_prev_cursor_returns_the_previous_page(api, company):
	first = api.get(LIST, {"company": company, "limit": 5}).json
	assert first["prev_cursor"] is None
	second = api.get(LIST, {"company": company, "limit": 5, "cursor": first["next_cursor"]}).json
	back = api.get(LIST, {"company": company, "limit": 5, "cursor": second["prev_cursor"]}).json
	assert [a["id"] for a in back["result"]] == [a["id"] for a in first["result"]]


def test_tampered_or_foreign_cursor_is_400_invalid_cursor(api, company):
	cursor = api.get(LIST, {"company": company, "limit": 2}).json["next_cursor"]
	body, _, signature = cursor.partition(".")
	tampered = api.get(LIST, {"company": company, "cursor": body[:-2] + "AA." + signature}).json["error"]
	assert (tampered["status"], tampered["type"]) == (400, "invalid_cursor")
	foreign = api.get(LIST, {"company": company, "classification": "asset", "cursor": cursor}).json["error"]
	assert foreign["type"] == "invalid_cursor"
	reordered = api.get(LIST, {"company": company, "order": "desc", "cursor": cursor}).json["error"]
	assert reordered["type"] == "invalid_cursor"
	assert api.get(LIST, {"company": company, "cursor": cursor, "limit": 9}).status == 200


def test_record_changed_during_a_sync_is_not_skipped(api, company):
	"""Keyset on (modified, name): a record changed mid-sync moves behind the cursor and is seen again."""
	first = api.get(LIST, {"company": company, "limit": 5}).json
	seen, unseen = first["result"][0]["id"], all_pages(api, {"company": company})[-3]["id"]
	for name in (seen, unseen):
		frappe.db.set_value(
			"Account",
			name,
			"account_name",
			frappe.db.get_value("Account", name, "account_name"),
			update_modified=True,
		)
	frappe.db.commit()
	rest, cursor = [], first["next_cursor"]
	while cursor:
		body = api.get(LIST, {"company": company, "limit": 5, "cursor": cursor}).json
		rest += [a["id"] for a in body["result"]]
		cursor = body["next_cursor"]
	assert seen in rest
	assert rest.count(unseen) == 1
	assert rest[-2:] == sorted([seen, unseen], key=rest.index)


def test_include_count(api, company):
	body = api.get(LIST, {"company": company, "limit": 1, "include_count": 1}).json
	assert body["result_count"] == frappe.db.count("Account", {"company": company})


def test_balance_comes_from_the_gl(api, company):
	cash = frappe.db.get_value("Account", {"company": company, "account_type": "Cash", "is_group": 0})
	from erpnext.accounts.utils import get_balance_on

	expected = float(get_balance_on(account=cash, company=company, in_account_currency=True) or 0)
	assert api.get(GET, {"id": cash, "include_balance": 1}).json["result"]["current_balance"] == expected


def test_remote_data_is_the_erpnext_document(api, company):
	name = frappe.db.get_value("Account", {"company": company, "is_group": 1})
	remote = api.get(GET, {"id": name, "include_remote_data": 1}).json["result"]["remote_data"]
	assert remote["name"] == name and remote["doctype"] == "Account" and "lft" in remote


def test_custom_field_is_typed(api, company):
	name = frappe.db.get_value("Account", {"company": company, "account_type": "Cash", "is_group": 0})
	with custom_field("Account", "ua_reporting_code", "Int"):
		frappe.db.set_value("Account", name, "ua_reporting_code", 42)
		frappe.db.commit()
		custom = api.get(GET, {"id": name}).json["result"]["custom_fields"]
	assert custom == {"ua_reporting_code": 42}


def test_unknown_id_is_404(api):
	assert api.get(GET, {"id": "No Such Account - X"}).json["error"]["type"] == "not_found"


def test_company_restriction_hides_other_companies(api, api_user, company, second_company):
	theirs = frappe.db.get_value("Account", {"company": company, "is_group": 0})
	with user_permission(api_user.name, "Company", second_company):
		listed = all_pages(api, {}, limit=200)
		response = api.get(GET, {"id": theirs})
		balance = api.get(LIST, {"company": company, "include_balance": 1})
	assert listed and {a["company"] for a in listed} == {second_company}
	assert response.status == 403 and response.json["error"]["type"] == "permission_denied"
	assert balance.json["result"] == []


def test_user_without_account_read_gets_403():
	from unified_accounting.tests.support.site import SITE

	clerk = ensure_api_user("ua-clerk@example.com", ["Desk User"])
	client = ApiClient(SITE, clerk.token)
	assert client.get(LIST).status == 403
	assert client.get(GET, {"id": "anything"}).status == 403  # without read, existence is not revealed


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(api_user, company):
	from unified_accounting.api.accounts import list_accounts
	from unified_accounting.tests.support.utils import count_queries

	frappe.set_user(api_user.name)
	list_accounts(company=company, limit=50)  # warm the metadata caches the larger page touches
	with count_queries() as small:
		assert list_accounts(company=company, limit=5).status_code == 200
	with count_queries() as large:
		assert list_accounts(company=company, limit=50).status_code == 200
	assert small.count == large.count
