"""API scopes: integration users an admin limited to reads, or to some resources (Unified Accounting Settings)."""

import frappe

from unified_accounting.exceptions import PermissionDeniedError
from unified_accounting.services.core.settings import get_settings

READ_ONLY = "Read only"
# Endpoints of no one resource a resource-scoped user may still call: they say what the API is, not
# what the books hold. The change feed and webhooks carry every resource's records: refused.
OPEN_MODULES = ("meta",)


def scope_of(user: str):
	"""The user's scope row, or None (no limit beyond ERPNext's permissions)."""
	return next((row for row in get_settings().get("api_scopes") or [] if row.user == user), None)


def resources_of(scope) -> list[str]:
	return [name.strip() for name in (scope.resources or "").replace("\n", ",").split(",") if name.strip()]


def refusal(scope, write: bool, resource: str | None, module: str) -> str | None:
	"""Why the scope refuses this call, or None when it allows it."""
	if scope is None:
		return None
	if write and scope.access == READ_ONLY:
		return "This integration user is read-only (Unified Accounting Settings > API Scopes)."
	allowed = resources_of(scope)
	if not allowed or (resource in allowed) or (resource is None and module in OPEN_MODULES):
		return None
	return (
		f"This integration user may use only {', '.join(allowed)} (Unified Accounting Settings > API "
		f"Scopes), not {resource or module}."
	)


def enforce(write: bool, resource: str | None, module: str) -> None:
	"""Raise 403 when the caller's scope refuses the call (after ERPNext's own permissions still apply)."""
	if reason := refusal(scope_of(frappe.session.user), write, resource, module):
		raise PermissionDeniedError(reason, [{"field": "scope", "message": reason}])


def forget_user(doc, method=None) -> None:
	"""User on_trash: drop the deleted user's scope row, which would otherwise fail every later save of
	the settings (a link to a missing User)."""
	from unified_accounting.services.core.settings import SETTINGS_DOCTYPE

	frappe.db.delete("Unified Accounting API Scope", {"parent": SETTINGS_DOCTYPE, "user": doc.name})
	frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)
