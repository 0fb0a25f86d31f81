"""capabilities over HTTP: version, resources and operations, companies under User Permissions, custom fields."""

import pytest

import frappe

import unified_accounting
from unified_accounting.tests.support.utils import (
	custom_field,
	ensure_company,
	save_settings,
	user_permission,
)

CAPABILITIES = "unified_accounting.api.meta.capabilities"
SECOND_COMPANY = "UA Second Company"


@pytest.fixture(scope="module")
def two_companies():
	first = frappe.get_all("Company", filters={"name": ("!=", SECOND_COMPANY)}, pluck="name", limit=1)[0]
	return first, ensure_company(SECOND_COMPANY, "UA2")


def test_reports_versions_and_user(api, api_user):
	result = api.get(CAPABILITIES).json["result"]
	assert result["version"] == unified_accounting.__version__
	assert result["frappe_version"] == frappe.__version__
	assert result["erpnext_version"].startswith("15.")
	assert result["user"] == api_user.name


def test_lists_every_resource_with_operations_read_from_code(api):
	resources = {r["name"]: r for r in api.get(CAPABILITIES).json["result"]["resources"]}
	assert set(resources) >= {"accounts", "invoices", "journal_entries", "payments", "transactions"}
	assert resources["invoices"]["erpnext_doctypes"] == ["Sales Invoice", "Purchase Invoice"]
	for resource in resources.values():
		for operation in resource["operations"]:
			assert operation["method"].startswith(f"unified_accounting.api.{resource['name']}.")


def test_switched_off_resource_is_reported_disabled(api, settings):
	save_settings(enable_payments=0)
	resources = {r["name"]: r for r in api.get(CAPABILITIES).json["result"]["resources"]}
	assert resources["payments"]["enabled"] is False
	assert resources["invoices"]["enabled"] is True


def test_companies_follow_user_permissions(api, api_user, two_companies):
	first, second = two_companies
	ids = {c["id"] for c in api.get(CAPABILITIES).json["result"]["companies"]}
	assert {first, second} <= ids
	with user_permission(api_user.name, "Company", second):
		companies = api.get(CAPABILITIES).json["result"]["companies"]
	assert [c["id"] for c in companies] == [second]
	assert companies[0]["currency"] == "USD"


def test_custom_fields_come_from_live_metadata(api, settings):
	with (
		custom_field("Sales Invoice", "ua_deal_id", "Data"),
		custom_field("Sales Invoice Item", "ua_margin", "Currency"),
	):
		found = api.get(CAPABILITIES).json["result"]["custom_fields"]
		save_settings(expose_custom_fields=0)
		hidden = api.get(CAPABILITIES).json["result"]
	assert {
		"key": "ua_deal_id",
		"label": "Ua Deal Id",
		"type": "Data",
		"options": None,
		"required": False,
	} in found["Sales Invoice"]
	assert "ua_margin" in {f["key"] for f in found["Sales Invoice Item"]}
	assert hidden["custom_fields"] == {} and hidden["custom_fields_exposed"] is False
	assert "ua_deal_id" not in {
		f["key"] for f in api.get(CAPABILITIES).json["result"]["custom_fields"].get("Sales Invoice", [])
	}


def test_user_without_company_read_sees_no_companies(guest):
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

	blind = ensure_api_user("ua-blind@example.com", ["Desk User"])
	result = ApiClient(SITE, blind.token).get(CAPABILITIES).json["result"]
	assert result["companies"] == []
	assert result["custom_fields"] == {}
