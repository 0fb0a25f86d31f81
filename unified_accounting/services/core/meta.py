"""What the caller can use: enabled resources, their operations, visible companies, live custom fields."""

from collections.abc import Callable

import frappe

from unified_accounting.resources import PARENT_DOCTYPE, RESOURCES, Resource
from unified_accounting.services.core.records import custom_field_specs
from unified_accounting.services.core.settings import get_settings, resource_enabled


def get_capabilities(operations: Callable[[str], list]) -> dict:
	"""The raw facts behind `capabilities`, read under the caller's permissions; `operations` lists a
	resource's endpoints (the api layer reads them from its own code)."""
	settings = get_settings()
	return {
		"version": frappe.get_attr("unified_accounting.__version__"),
		"frappe_version": frappe.__version__,
		"erpnext_version": frappe.get_attr("erpnext.__version__"),
		"user": frappe.session.user,
		"settings": settings,
		"resources": [resource_facts(resource, settings, operations) for resource in RESOURCES],
		"companies": visible_companies(),
		"custom_fields": custom_fields_by_doctype() if settings.expose_custom_fields else {},
	}


def resource_facts(resource: Resource, settings, operations: Callable[[str], list]) -> dict:
	enabled = not resource.switchable or resource_enabled(settings, resource.name)
	return {"resource": resource, "enabled": enabled, "operations": operations(resource.name)}


def visible_companies() -> list[dict]:
	"""Companies the caller may read: role permissions and User Permissions both apply."""
	if not frappe.has_permission("Company", "read"):
		return []
	return frappe.get_list(
		"Company", fields=["name", "abbr", "default_currency", "country"], order_by="name asc"
	)


def custom_fields_by_doctype() -> dict[str, list]:
	"""Custom Fields per doctype the caller may read, the same set records carry in `custom_fields`."""
	found = {}
	for resource in RESOURCES:
		for doctype in resource.doctypes + resource.child_doctypes:
			if not frappe.has_permission(PARENT_DOCTYPE.get(doctype, doctype), "read"):
				continue
			readable = {name for name, _type in custom_field_specs(doctype)}
			fields = [f for f in frappe.get_meta(doctype).get_custom_fields() if f.fieldname in readable]
			if fields:
				found[doctype] = fields
	return found
