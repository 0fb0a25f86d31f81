"""The app is installed the way bench install-app leaves it: doctype, defaults, hooks."""

import frappe

from unified_accounting.services.core.settings import SETTINGS_DOCTYPE


def test_app_is_installed_on_the_site():
	assert "unified_accounting" in frappe.get_installed_apps()
	assert frappe.get_hooks("required_apps", app_name="unified_accounting") == ["frappe/erpnext"]


def test_settings_doctype_is_a_single_system_managers_write_and_accounts_managers_read():
	meta = frappe.get_meta(SETTINGS_DOCTYPE)
	assert meta.issingle
	assert {p.role for p in meta.permissions if p.read and p.write} == {"System Manager"}
	assert {p.role for p in meta.permissions if p.read} == {"System Manager", "Accounts Manager"}


def test_after_install_wrote_every_default():
	settings = frappe.get_single(SETTINGS_DOCTYPE)
	for field in settings.meta.fields:
		if field.default is not None:
			assert settings.get(field.fieldname) not in (None, ""), field.fieldname
	stored = frappe.db.get_singles_dict(SETTINGS_DOCTYPE)
	assert int(stored["default_page_size"]) >= 1
	assert int(stored["max_page_size"]) >= int(stored["default_page_size"])


def test_error_shaping_hook_is_registered():
	assert "unified_accounting.envelope.normalize_error_response" in frappe.get_hooks("after_request")
