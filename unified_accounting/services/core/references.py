"""Resolving what a write body names: the company, accounts by id or number, tracking categories."""

import frappe

from unified_accounting.services.core.records import dimension_fields
from unified_accounting.services.core.settings import get_settings
from unified_accounting.services.core.writes import missing_reference, raise_if


def resolve_company(company: str | None) -> str:
	"""The company a create writes to: as given, else the settings' default, else ERPNext's default."""
	chosen = company or get_settings().default_company or frappe.defaults.get_global_default("company")
	raise_if([missing_reference("Company", chosen, "company")])
	if not chosen:
		raise_if([{"field": "company", "message": "required (no default company is configured)"}])
	return chosen


def resolve_account(company: str, account_id: str | None, account_number: str | None, path: str):
	"""(account name, problem): accounts may be named by id or by number within the company. `path`: where
	the fields sit in the body ("" for the top level)."""
	prefix = f"{path}." if path else ""
	if account_id:
		return account_id, missing_reference(
			"Account", account_id, f"{prefix}account_id", company=company, is_group=0
		)
	if account_number:
		name = frappe.db.get_value(
			"Account", {"account_number": account_number, "company": company, "is_group": 0}
		)
		problem = (
			None
			if name
			else {
				"field": f"{prefix}account_number",
				"message": f"no ledger account numbered '{account_number}' in {company}",
			}
		)
		return name, problem
	return None, None


def tracking_fields(refs: list, company: str, path: str) -> tuple[dict, list[dict]]:
	"""Document fields for [{type, id}] tracking categories, and a problem for each unknown one."""
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
