"""Usage counters (real Redis, flushed into rows) and the Create Integration User endpoint over HTTP."""

import json

import pytest

import frappe
from frappe.permissions import AUTOMATIC_ROLES
from frappe.utils import nowdate

from unified_accounting.services.platform import usage
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

CAPABILITIES = "unified_accounting.api.meta.capabilities"
CREATE_USER = "unified_accounting.api.admin.create_integration_user"
NEW_USER = "ua-integration-http@example.com"


def test_p95_is_the_upper_bound_of_the_bucket_reaching_95_percent():
	assert usage.percentile_ms({}, 0.95) == 0
	assert usage.percentile_ms({0: 95, 7: 5}, 0.95) == usage.LATENCY_BOUNDS_MS[0]
	assert usage.percentile_ms({0: 90, 5: 10}, 0.95) == usage.LATENCY_BOUNDS_MS[5]
	assert usage.percentile_ms({len(usage.LATENCY_BOUNDS_MS): 1}, 0.95) == 2 * usage.LATENCY_BOUNDS_MS[-1]


def usage_row(endpoint: str) -> dict:
	row = frappe.db.get_value(
		usage.USAGE_DOCTYPE,
		{"date": nowdate(), "endpoint": endpoint},
		["requests", "errors", "p95_ms", "latency_histogram"],
		as_dict=True,
	)
	return row or {"requests": 0, "errors": 0, "p95_ms": 0, "latency_histogram": "{}"}


def test_http_calls_are_counted_in_redis_and_flushed_once_into_the_day_row(api):
	usage.flush()  # whatever earlier tests counted
	frappe.db.commit()
	before = usage_row("meta.capabilities")

	assert api.get(CAPABILITIES).status == 200
	assert api.get(CAPABILITIES).status == 200
	assert api.get(CAPABILITIES, {"colour": "red"}).status == 400
	usage.flush()
	frappe.db.rollback()  # a flush whose job failed: its counts stay pending in Redis
	assert usage_row("meta.capabilities")["requests"] == before["requests"]
	usage.flush()
	frappe.db.commit()
	usage.flush()  # nothing new: nothing changes
	frappe.db.commit()

	after = usage_row("meta.capabilities")
	assert after["requests"] == before["requests"] + 3
	assert after["errors"] == before["errors"] + 1
	assert sum(json.loads(after["latency_histogram"]).values()) == after["requests"]
	assert after["p95_ms"] in usage.LATENCY_BOUNDS_MS or after["p95_ms"] == 2 * usage.LATENCY_BOUNDS_MS[-1]
	chart = usage.requests_per_endpoint_per_day()
	assert len(chart["labels"]) == 14
	assert sum(sum(d["values"]) for d in chart["datasets"]) >= after["requests"]


@pytest.fixture
def admin():
	user = ensure_api_user("ua-sysmanager@example.com", ["System Manager"])
	return ApiClient(frappe.local.site, user.token)


@pytest.fixture
def customer():
	name = frappe.db.get_value("Customer", {}, "name")
	if not name:
		name = (
			frappe.get_doc({"doctype": "Customer", "customer_name": "UA Desk Customer"})
			.insert(ignore_permissions=True)
			.name
		)
		frappe.db.commit()
	return name


@pytest.fixture
def cleanup():
	remove_user()
	yield
	remove_user()


def remove_user():
	frappe.db.rollback()
	for name in frappe.get_all("User Permission", filters={"user": NEW_USER}, pluck="name"):
		frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	if frappe.db.exists("User", NEW_USER):
		frappe.delete_doc("User", NEW_USER, ignore_permissions=True, force=True)
	frappe.db.commit()


def test_only_a_system_manager_may_create_integration_users(api, cleanup):
	response = api.post(CREATE_USER, {"email": NEW_USER, "roles": ["Accounts User"]})
	assert response.status == 403
	assert response.json["error"]["type"] == "permission_denied"
	assert not frappe.db.exists("User", NEW_USER)


def test_bad_requests_name_each_field_and_create_nothing(admin, cleanup):
	response = admin.post(
		CREATE_USER, {"email": "not-an-email", "roles": ["System Manager"], "company": "No Such Co"}
	)
	assert response.status == 400
	assert {d["field"] for d in response.json["error"]["details"]} == {"email", "roles", "company"}
	assert admin.post(CREATE_USER, {"email": NEW_USER, "roles": []}).status == 400
	assert not frappe.db.exists("User", NEW_USER)


def test_integration_user_gets_roles_restrictions_and_a_working_key_once(admin, customer, cleanup):
	company = frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	body = {"email": NEW_USER, "roles": ["Accounts User"], "company": company, "customer": customer}
	response = admin.post(CREATE_USER, body)
	assert response.status == 200, response.body
	created = response.json["result"]
	assert created["user"] == NEW_USER
	assert created["restricted_to"] == {"Company": company, "Customer": customer}
	assert f"token {created['api_key']}:{created['api_secret']}" in created["curl"]

	assert set(frappe.get_roles(NEW_USER)) - set(AUTOMATIC_ROLES) == {"Accounts User"}
	restricted = frappe.get_all("User Permission", filters={"user": NEW_USER}, fields=["allow", "for_value"])
	assert {(r.allow, r.for_value) for r in restricted} == {("Company", company), ("Customer", customer)}
	as_new_user = ApiClient(frappe.local.site, f"{created['api_key']}:{created['api_secret']}")
	assert as_new_user.get(CAPABILITIES).status == 200

	again = admin.post(CREATE_USER, body)
	assert again.status == 409
	assert again.json["error"]["type"] == "conflict"


def test_creating_an_integration_user_is_a_write_logged_and_replayed_without_its_secret(admin, cleanup):
	"""Routed as a write (the primary, an API Log row) and safe to retry: the replay answers the same
	user with the secret null, which the idempotency table never held."""
	key = f"ua-int-{frappe.generate_hash(length=8)}"
	body = {"email": NEW_USER, "roles": ["Accounts User"]}
	first = admin.post(CREATE_USER, body, headers={"Idempotency-Key": key})
	assert first.status == 200, first.body
	secret = first.json["result"]["api_secret"]
	replay = admin.post(CREATE_USER, body, headers={"Idempotency-Key": key})
	assert replay.headers.get("Idempotent-Replayed") == "true"
	assert replay.json["result"]["user"] == NEW_USER
	assert (replay.json["result"]["api_secret"], replay.json["result"]["curl"]) == (None, None)
	stored = frappe.db.get_value(
		"Unified Accounting Idempotency Key", {"idempotency_key": key}, "response_body"
	)
	assert secret not in stored
	logged = frappe.get_all(
		"Unified Accounting API Log",
		filters={"endpoint": f"{CREATE_USER}", "idempotency_key": key},
		fields=["http_status", "replayed"],
	)
	assert sorted((row.http_status, row.replayed) for row in logged) == [(200, 0), (200, 1)]


def test_accounts_managers_see_the_usage_cards_and_chart_in_the_workspace(api_user):
	from frappe.desk.desktop import get_desktop_page

	frappe.set_user(api_user.name)  # Accounts Manager, not System Manager
	page = get_desktop_page(json.dumps({"name": "Unified Accounting", "title": "Unified Accounting"}))
	assert [card.number_card_name for card in page["number_cards"]["items"]] == [
		"UA API Requests Today",
		"UA API Error Rate Today",
		"UA API p95 Latency Today",
	]
	assert [chart.chart_name for chart in page["charts"]["items"]] == ["UA API Requests per Endpoint"]
