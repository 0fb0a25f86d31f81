"""The MCP endpoint (Model Context Protocol, Streamable HTTP): this API's endpoints as tools for AI agents."""

import orjson
from werkzeug.wrappers import Response

import frappe
from frappe.utils import get_url

from unified_accounting.agents import server as mcp_server
from unified_accounting.envelope import error_from_exception, json_response
from unified_accounting.exceptions import (
	InvalidRequestError,
	MethodNotAllowedError,
	UnauthenticatedError,
)
from unified_accounting.request_guards import check_request
from unified_accounting.services.core.settings import ensure_enabled

SERVE = "unified_accounting.api.mcp.serve"
METADATA = "unified_accounting.api.mcp.protected_resource"
# Open to guests, for reasons tests/integration/permissions/test_guests.py checks: the challenge and the metadata MCP clients need
# before they hold a token (serve still answers nothing but 401 to a guest).
GUEST_OPEN = {SERVE: "answers 401 with the OAuth challenge itself", METADATA: "public OAuth metadata"}


@frappe.whitelist(allow_guest=True, methods=["POST", "GET", "DELETE"])
def serve(**_frappe_params) -> Response:
	"""Answer one MCP JSON-RPC message (POST) with JSON: stateless, so any worker or host answers.
	Authenticated as every other call (API key/secret or OAuth bearer); 401 names the OAuth metadata."""
	try:
		if frappe.session.user in (None, "", "Guest"):
			raise UnauthenticatedError("Authentication required: an API key/secret or an OAuth bearer token.")
		if frappe.request.method != "POST":
			raise MethodNotAllowedError("This MCP server answers POST only (stateless, no SSE stream).")
		ensure_enabled()
		check_request(write=True)
		answer, status = mcp_server.handle(parse(frappe.request.get_data(cache=True)))
	except Exception as exc:
		frappe.db.rollback()
		status, body = error_from_exception(exc)
		return json_response(body, status, error_headers(status))
	if answer is None:
		return Response(status=202)
	return json_response(answer, status)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def protected_resource() -> Response:
	"""Return the OAuth 2.0 Protected Resource Metadata (RFC 9728) of the MCP endpoint: Frappe's own
	OAuth server issues its bearer tokens."""
	site = get_url()
	return json_response(
		{
			"resource": f"{site}/api/method/{SERVE}",
			"authorization_servers": [site],
			"bearer_methods_supported": ["header"],
			"scopes_supported": ["all", "openid"],
			"resource_name": "Unified Accounting MCP",
			"resource_documentation": f"{site}/api/method/unified_accounting.api.meta.openapi",
		}
	)


def parse(data: bytes):
	try:
		return orjson.loads(data or b"null")
	except orjson.JSONDecodeError:
		raise InvalidRequestError("The body is not JSON: send one JSON-RPC 2.0 message.") from None


def error_headers(status: int) -> dict:
	if status == 401:
		return {"WWW-Authenticate": f'Bearer resource_metadata="{get_url()}/api/method/{METADATA}"'}
	if status == 405:
		return {"Allow": "POST"}
	return {}
