"""Shared checks for writes: references that must exist, custom fields that must be declared, one 400 for all."""

import frappe

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.services.core.records import custom_field_specs


def missing_reference(doctype: str, value: str | None, path: str, **conditions) -> dict | None:
	"""A 400 detail when `value` is not an existing `doctype` record matching `conditions`."""
	if value and not frappe.db.exists(doctype, {"name": value, **conditions}):
		where = f" in {conditions['company']}" if conditions.get("company") else ""
		return {"field": path, "message": f"{doctype} '{value}' does not exist{where}"}
	return None


def custom_field_problems(doctype: str, values: dict, path: str = "custom_fields") -> list[dict]:
	"""Every key must be a Custom Field of the doctype (and custom fields must be exposed)."""
	known = {name for name, _type in custom_field_specs(doctype)}
	return [
		{"field": f"{path}.{key}", "message": f"no such custom field on {doctype}"}
		for key in values
		if key not in known
	]


def raise_if(details: list) -> None:
	details = [d for d in details if d]
	if details:
		names = ", ".join(dict.fromkeys(d["field"] for d in details))
		raise InvalidRequestError(f"Invalid request body: {names}.", details)
