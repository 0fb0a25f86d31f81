"""Shared checks for writes: references that must exist, custom fields that must be declared."""

import frappe

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.services.records import custom_field_specs


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


def resolve_company(company: str | None) -> str:
	"""The company a create writes to: as given, else the settings' default, else ERPNext's default."""
	from unified_accounting.services.settings import get_settings

	chosen = company or get_settings().default_company or frappe.defaults.get_global_default("company")
	raise_if([missing_reference("Company", chosen, "company")])
	if not chosen:
		raise_if([{"field": "company", "message": "required (no default company is configured)"}])
	return chosen


def resolve_account(company: str, account_id: str | None, account_number: str | None, path: str):
	"""(account name, problem): accounts may be named by id or by number within the company."""
	if account_id:
		return account_id, missing_reference(
			"Account", account_id, f"{path}.account_id", company=company, is_group=0
		)
	if account_number:
		name = frappe.db.get_value(
			"Account", {"account_number": account_number, "company": company, "is_group": 0}
		)
		problem = (
			None
			if name
			else {
				"field": f"{path}.account_number",
				"message": f"no ledger account numbered '{account_number}' in {company}",
			}
		)
		return name, problem
	return None, None


def tracking_fields(refs: list, company: str, path: str) -> tuple[dict, list[dict]]:
	"""Document fields for [{type, id}] tracking categories, and a problem for each unknown one."""
	from unified_accounting.services.records import dimension_fields

	targets = {"cost_center": "Cost Center", "project": "Project", **dict(dimension_fields())}
	fields, problems = {}, []
	for i, ref in enumerate(refs):
		where = f"{path}[{i}]"
		if ref.type not in targets:
			problems.append(
				{"field": f"{where}.type", "message": f"must be one of: {', '.join(sorted(targets))}"}
			)
			continue
		conditions = {"company": company} if ref.type == "cost_center" else {}
		problem = missing_reference(targets[ref.type], ref.id, f"{where}.id", **conditions)
		problems.append(problem) if problem else fields.__setitem__(ref.type, ref.id)
	return fields, [p for p in problems if p]
