"""Install and uninstall hooks: settings start with their documented defaults."""

import frappe

from unified_accounting.services.settings import SETTINGS_DOCTYPE


def after_install() -> None:
	"""Write every settings default, so an admin sees (and the API uses) real values from day one."""
	settings = frappe.get_single(SETTINGS_DOCTYPE)
	for field in settings.meta.fields:
		if field.default is not None and settings.get(field.fieldname) in (None, ""):
			settings.set(field.fieldname, field.default)
	settings.flags.ignore_permissions = True  # install runs as Administrator, no request user
	settings.save()
