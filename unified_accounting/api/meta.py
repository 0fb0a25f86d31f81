"""Endpoints about the API itself: what this caller can do here."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.meta import to_unified_capabilities
from unified_accounting.services.meta import get_capabilities


@frappe.whitelist(methods=["GET"])
@unified_api()
def capabilities() -> dict:
	"""Return the app version, each resource with its operations and whether it is enabled, the
	companies the caller may see, and the custom fields found per doctype."""
	return to_unified_capabilities(get_capabilities())
