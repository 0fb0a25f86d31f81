"""Unified Accounting Settings validation: clear messages, nothing saved when invalid."""

import json

import pytest

import frappe


def test_defaults_match_the_documented_values():
	meta = frappe.get_meta("Unified Accounting Settings")
	defaults = {f.fieldname: f.default for f in meta.fields if f.default is not None}
	assert defaults["default_page_size"] == "50"
	assert defaults["max_page_size"] == "500"
	assert defaults["enabled"] == "1"
	for resource in ("accounts", "invoices", "journal_entries", "payments", "transactions"):
		assert defaults[f"enable_{resource}"] == "1"


def test_the_settings_switches_are_the_registrys_switchable_resources():
	"""The registry declares which resources have a switch; the DocType must carry exactly those fields,
	each on by default (services/core/settings.py gates on the registry, never reads the DocType file)."""
	from unified_accounting.resources import RESOURCES
	from unified_accounting.services.core.settings import switchable

	meta = frappe.get_meta("Unified Accounting Settings")
	switches = {f.fieldname.removeprefix("enable_") for f in meta.fields if f.fieldname.startswith("enable_")}
	assert switches == switchable() == {r.name for r in RESOURCES if r.switchable}
	assert all(meta.get_field(f"enable_{name}").fieldtype == "Check" for name in switches)


def test_maximum_below_default_is_refused(settings):
	settings.default_page_size, settings.max_page_size = 100, 20
	with pytest.raises(
		frappe.ValidationError,
		match=r"Maximum Page Size \(20\) must be greater than or equal to Default Page Size \(100\)",
	):
		settings.save()


@pytest.mark.parametrize(
	"field, value, message",
	[
		("default_page_size", 0, "Default Page Size must be at least 1"),
		("max_page_size", 5000, "cannot exceed 1000"),
		("default_company", "No Such Company Ltd", "No Such Company Ltd"),
		("idempotency_key_retention_days", 0, "at least 1 day"),
		("export_retention_days", 0, "Export File Retention must be at least 1 day"),
	],
	ids=[
		"zero_default_page_size",
		"page_size_ceiling",
		"unknown_default_company",
		"retention_positive",
		"export_retention_positive",
	],
)
def test_invalid_value_is_refused(settings, field, value, message):
	settings.set(field, value)
	with pytest.raises(frappe.ValidationError, match=message):
		settings.save()


def test_valid_settings_save_and_are_read_back(settings):
	company = frappe.get_all("Company", pluck="name", limit=1)[0]
	settings.update({"default_company": company, "default_page_size": 25, "max_page_size": 200})
	settings.save()
	frappe.clear_document_cache("Unified Accounting Settings", "Unified Accounting Settings")
	from unified_accounting.services.core.settings import get_settings, resolve_page_size

	assert get_settings().default_company == company
	assert resolve_page_size(None) == 25
	assert resolve_page_size(200) == 200
	with pytest.raises(frappe.ValidationError, match="between 1 and 200"):
		resolve_page_size(201)


def test_accounts_managers_read_the_settings_but_may_not_save_them(settings, api_user):
	"""The settings are API-wide (switches, limits, retention): System Managers write them. An Accounts
	Manager reads them (in Desk and through Frappe's REST API) and is refused on save, in process and over
	HTTP, and nothing changes."""
	from unified_accounting.tests.support.utils import ApiClient

	before = settings.default_page_size
	frappe.set_user(api_user.name)  # Accounts Manager and Accounts User, not System Manager
	doc = frappe.get_single("Unified Accounting Settings")
	doc.check_permission("read")
	assert frappe.has_permission("Unified Accounting Settings", "read")
	assert not frappe.has_permission("Unified Accounting Settings", "write")
	doc.default_page_size = before + 1
	with pytest.raises(frappe.PermissionError):
		doc.save()
	frappe.db.rollback()
	frappe.set_user("Administrator")
	client = ApiClient(frappe.local.site, api_user.token)
	path = "/api/resource/Unified Accounting Settings/Unified Accounting Settings"
	headers = {"Authorization": f"token {api_user.token}", "Accept": "application/json"}
	read = client.run_in_thread("GET", path, {"headers": headers}, validate=False)
	assert read.status == 200 and read.json["data"]["default_page_size"] == before
	body = {"data": json.dumps({"default_page_size": before + 1}), "content_type": "application/json"}
	refused = client.run_in_thread("PUT", path, {"headers": headers, **body}, validate=False)
	assert refused.status == 403
	assert frappe.db.get_single_value("Unified Accounting Settings", "default_page_size") == before
