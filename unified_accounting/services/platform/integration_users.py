"""Integration users: a User with chosen roles, optional Company/Customer restriction and an API key."""

import frappe
from frappe.utils import get_url, validate_email_address

from unified_accounting.exceptions import ConflictError, InvalidRequestError
from unified_accounting.resources import RESOURCE_BY_NAME
from unified_accounting.schemas import IntegrationUser

# Roles an admin may give an integration user from the settings page: enough to read and write the
# books, never administration.
INTEGRATION_ROLES = ("Accounts User", "Accounts Manager", "Sales User", "Purchase User", "Auditor")
RESTRICTABLE = ("Company", "Customer")
TRY_METHOD = "unified_accounting.api.meta.capabilities"


def create_integration_user(body) -> IntegrationUser:
	"""Create the User, its User Permissions and API credentials in the request's transaction."""
	frappe.only_for("System Manager")
	restrictions = {dt: body.get(dt.lower()) for dt in RESTRICTABLE if body.get(dt.lower())}
	check_request(body["email"], body["roles"], restrictions)
	check_scope(body.get("resources"))
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": body["email"],
			"first_name": body.get("full_name") or body["email"].split("@")[0],
			"send_welcome_email": 0,
			"roles": [{"role": role} for role in body["roles"]],
		}
	).insert()
	for doctype, value in restrictions.items():
		frappe.get_doc(
			{"doctype": "User Permission", "user": user.name, "allow": doctype, "for_value": value}
		).insert()
	api_key, api_secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
	user.api_key, user.api_secret = api_key, api_secret
	user.save()
	if body.get("read_only") or body.get("resources"):
		add_scope(user.name, bool(body.get("read_only")), body.get("resources") or [])
	return {
		"user": user.name,
		"roles": list(body["roles"]),
		"restricted_to": restrictions,
		"read_only": bool(body.get("read_only")),
		"resources": body.get("resources") or None,
		"api_key": api_key,
		"api_secret": api_secret,
		"curl": f'curl -s -H "Authorization: token {api_key}:{api_secret}" "{get_url()}/api/method/{TRY_METHOD}"',
	}


def check_request(email: str, roles: list[str], restrictions: dict[str, str]) -> None:
	"""Refuse, naming each field, a malformed email, a role not offered, or a restriction to nothing;
	an existing user is a conflict (its roles and keys are never changed from here)."""
	details = []
	if not validate_email_address(email):
		details.append({"field": "email", "message": "not a valid email address"})
	details += [
		{"field": "roles", "message": f"{role!r} is not one of: {', '.join(INTEGRATION_ROLES)}"}
		for role in roles
		if role not in INTEGRATION_ROLES
	]
	details += [
		{"field": doctype.lower(), "message": f"no {doctype} {value!r}"}
		for doctype, value in restrictions.items()
		if not frappe.db.exists(doctype, value)
	]
	if details:
		names = ", ".join(dict.fromkeys(d["field"] for d in details))
		raise InvalidRequestError(f"Invalid parameters: {names}.", details)
	if frappe.db.exists("User", email):
		raise ConflictError(f"A user {email} already exists; integration users are created new.")


def check_scope(resources: list[str] | None) -> None:
	unknown = [name for name in resources or [] if name not in RESOURCE_BY_NAME]
	if unknown:
		details = [{"field": "resources", "message": f"unknown resource {name!r}"} for name in unknown]
		raise InvalidRequestError(f"Unknown resources: {', '.join(unknown)}.", details)


def add_scope(user: str, read_only: bool, resources: list[str]) -> None:
	"""The user's API Scope row in Unified Accounting Settings (saved in the request's transaction)."""
	from unified_accounting.services.core.settings import SETTINGS_DOCTYPE
	from unified_accounting.services.platform.scopes import READ_ONLY

	settings = frappe.get_doc(SETTINGS_DOCTYPE)
	access = READ_ONLY if read_only else "Read and write"
	settings.append("api_scopes", {"user": user, "access": access, "resources": ", ".join(resources)})
	settings.save()
