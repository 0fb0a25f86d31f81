"""Install and uninstall hooks: settings start with their documented defaults."""

import frappe

from unified_accounting.services.core.settings import SETTINGS_DOCTYPE


def after_install() -> None:
	"""Write every settings default, so an admin sees (and the API uses) real values from day one."""
	settings = frappe.get_single(SETTINGS_DOCTYPE)
	for field in settings.meta.fields:
		if field.default is not None and settings.get(field.fieldname) in (None, ""):
			settings.set(field.fieldname, field.default)
	settings.flags.ignore_permissions = True  # install runs as Administrator, no request user
	settings.save()


def after_migrate() -> None:
	"""Existing sites: a settings field added since install gets its documented default (migrate adds the
	column but writes no defaults into a Single, and an empty value may not pass validation). Idempotent."""
	write_missing_settings_defaults()


def write_missing_settings_defaults() -> None:
	"""Set every empty settings field that has a default, directly (no validation of the other fields)."""
	current = frappe.db.get_singles_dict(SETTINGS_DOCTYPE)
	missing = {
		field.fieldname: field.default
		for field in frappe.get_meta(SETTINGS_DOCTYPE).fields
		if field.default is not None and current.get(field.fieldname) in (None, "")
	}
	if missing:
		frappe.db.set_single_value(SETTINGS_DOCTYPE, missing)
		frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)


# Autoincrement doctypes keep their ids in a MariaDB sequence, which Frappe creates with the table but
# does not drop with it.
SEQUENCES = ("unified_accounting_change_id_seq", "unified_accounting_webhook_delivery_id_seq")


# Site-wide defaults of ours (tabDefaultValue is not a table of ours, so uninstall keeps its rows).
DEFAULT_KEYS = ("unified_accounting_changes_purged_through",)


def after_uninstall() -> None:
	"""Drop what uninstall-app leaves behind: the sequences of our autoincrement doctypes (a reinstall
	starts ids at 1 again) and our site-wide defaults (the change feed's purge mark refers to those ids)."""
	for sequence in SEQUENCES:
		frappe.db.sql_ddl(f"drop sequence if exists `{sequence}`")
	for key in DEFAULT_KEYS:
		frappe.defaults.clear_default(key=key)  # and its cache
	frappe.db.commit()
