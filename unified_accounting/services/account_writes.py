"""Creating and updating Accounts through ERPNext's own Account document and helpers."""

import frappe

from unified_accounting.envelope import clean_message
from unified_accounting.exceptions import ConflictError, PermissionDeniedError
from unified_accounting.inputs import AccountCreate, AccountUpdate
from unified_accounting.mappers.accounts import DISABLED_BY_STATUS, account_types_by_unified
from unified_accounting.services.records import ensure_readable
from unified_accounting.services.writes import custom_field_problems, missing_reference, raise_if

DOCTYPE = "Account"


def create_account(body: AccountCreate) -> str:
	"""Insert the account (ERPNext validates the tree, currency and permissions); return its id."""
	company = body.company or frappe.db.get_value(DOCTYPE, body.parent_account_id, "company")
	raise_if(
		[
			missing_reference("Company", body.company, "company"),
			missing_reference(
				DOCTYPE, body.parent_account_id, "parent_account_id", company=company, is_group=1
			)
			if company
			else {
				"field": "parent_account_id",
				"message": f"Account '{body.parent_account_id}' does not exist",
			},
			type_problem(body.type),
			missing_reference("Currency", body.currency, "currency"),
			*custom_field_problems(DOCTYPE, body.custom_fields),
		]
	)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(
		{
			"account_name": body.name,
			"account_number": body.number,
			"parent_account": body.parent_account_id,
			"company": company,
			"account_type": erpnext_type(body.type),
			"account_currency": body.currency,
			"is_group": int(body.is_group),
			"disabled": DISABLED_BY_STATUS[body.status],
			**body.custom_fields,
		}
	)
	doc.insert()
	return doc.name


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
	from erpnext.accounts.doctype.account.account import _ensure_idle_system, update_account_number

	name = body.name or doc.account_name
	number = doc.account_number if body.number is None else body.number
	if (name, number or "") == (doc.account_name, doc.account_number or ""):
		return doc.name
	try:
		# ERPNext refuses renames within 5 minutes of any GL posting; that is a state to retry, not bad input.
		_ensure_idle_system()
	except frappe.ValidationError as exc:
		raise ConflictError(
			clean_message(exc), [{"field": "name", "message": "retry when no entries are being posted"}]
		) from exc
	return update_account_number(doc.name, name, number) or doc.name


def erpnext_type(unified: str | None) -> str | None:
	return account_types_by_unified(account_type_options()).get(unified) if unified else None


def type_problem(unified: str | None) -> dict | None:
	allowed = account_types_by_unified(account_type_options())
	if unified and unified not in allowed:
		return {"field": "type", "message": f"must be one of: {', '.join(sorted(allowed))}"}
	return None


def account_type_options() -> list[str]:
	return frappe.get_meta(DOCTYPE).get_field("account_type").options.split("\n")
