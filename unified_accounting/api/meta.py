"""Endpoints about the API itself: what this caller can do here."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.api.registry import operations
from unified_accounting.mappers.meta import to_unified_capabilities
from unified_accounting.openapi.document import get_spec
from unified_accounting.schemas import Capabilities
from unified_accounting.services.core.meta import get_capabilities


@frappe.whitelist(methods=["GET"])
@unified_api()
def capabilities() -> Capabilities:
	"""Return the app version, each resource with its operations and whether it is enabled, the
	companies the caller may see, and the custom fields found per doctype."""
	return to_unified_capabilities(get_capabilities(operations))


@frappe.whitelist(methods=["GET"])
@unified_api(envelope=False)
def openapi() -> dict:
	"""Return this site's OpenAPI 3.1 document (the document itself, not wrapped in `result`): every
	endpoint with its parameters, bodies, result shapes and errors, generated from the code, with this
	site's Custom Fields and Accounting Dimensions typed in it."""
	return get_spec()
