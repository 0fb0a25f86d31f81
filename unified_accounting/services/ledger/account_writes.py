"""Creating and updating Accounts through ERPNext's own Account document and helpers."""

import frappe
from frappe.utils import add_to_date

from unified_accounting.exceptions import ConflictError, PermissionDeniedError
from unified_accounting.inputs import AccountCreate, AccountUpdate
from unified_accounting.mappers.accounts import ACCOUNT_TYPES, DISABLED_BY_STATUS, to_erpnext_account
from unified_accounting.services.core.records import ensure_readable
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

DOCTYPE = "Account"
IDLE_MINUTES = 5  # ERPNext renames accounts only this long after the last GL posting


def create_account(body: AccountCreate) -> str:
	"""Insert the account (ERPNext validates the tree, currency and permissions); return its id."""
	company = body.company or frappe.db.get_value(DOCTYPE, body.parent_account_id, "company")
	account_types = ACCOUNT_TYPES.allowed()
	raise_if(
		[
			missing_reference("Company", body.company, "company"),
			parent_problem(body.parent_account_id, company),
			type_problem(body.type, account_types),
			missing_reference("Currency", body.currency, "currency"),
			*custom_field_problems(DOCTYPE, body.custom_fields),
		]
	)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(
		{**to_erpnext_account(body.model_dump(), account_types), "company": company, **body.custom_fields}
	)
	doc.insert()
	return doc.name


def parent_problem(parent: str, company: str | None) -> dict | None:
	if not company:
		return {"field": "parent_account_id", "message": f"Account '{parent}' does not exist"}
	return missing_reference(DOCTYPE, parent, "parent_account_id", company=company, is_group=1)


def type_problem(unified: str | None, account_types: dict[str, str]) -> dict | None:
	if unified and unified not in account_types:
		return {"field": "type", "message": f"must be one of: {', '.join(sorted(account_types))}"}
	return None


def update_account(body: AccountUpdate) -> str:
	"""Update name/number (ERPNext renames the account id with them), status, parent and custom fields."""
	ensure_readable(DOCTYPE, body.id)
	doc = frappe.get_doc(DOCTYPE, body.id)
	if not doc.has_permission("write"):
		raise PermissionDeniedError(f"You may not change Account {body.id}.")
	raise_if(custom_field_problems(DOCTYPE, body.custom_fields))
	if body.parent_account_id and body.parent_account_id != doc.parent_account:
		if frappe.db.exists("GL Entry", {"account": doc.name, "is_cancelled": 0}):
			raise ConflictError(
				f"Account {doc.name} has GL entries and cannot move to another parent.",
				[{"field": "parent_account_id", "message": "account has GL entries"}],
			)
		doc.parent_account = body.parent_account_id
	if body.status:
		doc.disabled = DISABLED_BY_STATUS[body.status]
	doc.update(body.custom_fields)
	doc.save()
	return rename(doc, body)


def rename(doc, body: AccountUpdate) -> str:
	"""ERPNext's update_account_number renames the account (and its id) when name or number change."""
	from erpnext.accounts.doctype.account.account import update_account_number

	name = body.name or doc.account_name
	number = doc.account_number if body.number is None else body.number
	if (name, number or "") == (doc.account_name, doc.account_number or ""):
		return doc.name
	ensure_ledger_idle()
	return update_account_number(doc.name, name, number) or doc.name


def ensure_ledger_idle() -> None:
	"""ERPNext refuses renames within minutes of any GL posting (checked again inside it); that is a state
	to retry, not bad input, so it is a 409 here."""
	if frappe.flags.in_test:  # ERPNext skips the check in its own tests too
		return
	last = frappe.db.get_value("GL Entry", {}, "modified", order_by="modified desc")
	if last and last > add_to_date(None, minutes=-IDLE_MINUTES):
		raise ConflictError(
			f"The ledger is actively being used: ERPNext renames accounts only {IDLE_MINUTES} minutes after the "
			"last GL posting. Retry later.",
			[{"field": "name", "message": "retry when no entries are being posted"}],
		)
