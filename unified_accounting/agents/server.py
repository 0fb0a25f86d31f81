"""The MCP server: JSON-RPC messages of the Streamable HTTP transport (stateless, JSON answers) and tool calls."""

import hashlib
import hmac
import json
import time

import orjson
from pydantic import ValidationError

import frappe

from unified_accounting.agents import tools as mcp_tools
from unified_accounting.services.core.listing import cursor_secret
from unified_accounting.services.platform import audit, ratelimit, scopes

SERVER_NAME = "unified-accounting"
# Newest first: the client's version when we speak it, else our newest (the client then decides).
PROTOCOL_VERSIONS = ("2025-06-18", "2025-03-26", "2024-11-05")
CONFIRM_SECONDS = 3600
SUPPORTED = ("initialize", "ping", "tools/list", "tools/call")
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
INSTRUCTIONS = (
	"The books of this ERPNext site in one unified model (accounts, invoices, payments, journal entries, "
	"transactions, reports, the change feed), under the signed-in user's ERPNext permissions. Lists are "
	"paged: pass next_cursor back as cursor. " + mcp_tools.WRITE_NOTE
)


def handle(message) -> tuple[dict | None, int]:
	"""The JSON-RPC answer to one message (None for notifications and responses) and its HTTP status."""
	from mcp import types

	try:
		parsed = types.JSONRPCMessage.model_validate(message).root
	except ValidationError:
		return rpc_error(message_id(message), INVALID_REQUEST, "Not a JSON-RPC 2.0 message."), 400
	if not isinstance(parsed, types.JSONRPCRequest):
		return None, 202
	try:
		request = types.ClientRequest.model_validate(parsed.model_dump(exclude={"jsonrpc", "id"})).root
	except ValidationError as exc:
		if parsed.method not in SUPPORTED:
			return rpc_error(parsed.id, METHOD_NOT_FOUND, f"Method not found: {parsed.method}"), 200
		return rpc_error(parsed.id, INVALID_PARAMS, f"Invalid params: {exc.errors()[0]['msg']}"), 200
	if not isinstance(request, types.CallToolRequest):
		ratelimit.enforce()  # a tool call is counted by the endpoint it calls
	result = dispatch(request, types)
	if "error" in result:
		return {"jsonrpc": "2.0", "id": parsed.id, "error": result["error"]}, 200
	return {"jsonrpc": "2.0", "id": parsed.id, "result": result}, 200


def dispatch(request, types) -> dict:
	if isinstance(request, types.InitializeRequest):
		return initialize(request.params.protocolVersion, types)
	if isinstance(request, types.PingRequest):
		return {}
	if isinstance(request, types.ListToolsRequest):
		return list_tools(types)
	if isinstance(request, types.CallToolRequest):
		return call_tool(request.params.name, request.params.arguments or {}, types)
	return {"error": {"code": METHOD_NOT_FOUND, "message": f"Method not supported: {request.method}"}}


def initialize(asked: str, types) -> dict:
	version = asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0]
	result = types.InitializeResult(
		protocolVersion=version,
		capabilities=types.ServerCapabilities(tools=types.ToolsCapability(listChanged=False)),
		serverInfo=types.Implementation(
			name=SERVER_NAME,
			title="Unified Accounting",
			version=frappe.get_attr("unified_accounting.__version__"),
		),
		instructions=INSTRUCTIONS,
	)
	return dump(result)


def list_tools(types) -> dict:
	"""Every tool the caller's API Scope allows, validated as MCP `Tool`s once per catalog version."""
	key, catalog = mcp_tools.catalog()
	if key not in LISTED:
		LISTED.clear()
		tools = [types.Tool.model_validate({k: v for k, v in t.items() if k != "call"}) for t in catalog]
		LISTED[key] = dump(types.ListToolsResult(tools=tools))
	listing, scope = LISTED[key], scopes.scope_of(frappe.session.user)
	if scope is None:
		return listing
	allowed = [listed for tool, listed in zip(catalog, listing["tools"], strict=True) if allows(scope, tool)]
	return {**listing, "tools": allowed}


def allows(scope, tool: dict) -> bool:
	call = tool["call"]
	return scopes.refusal(scope, call["write"], call["resource"], call["tag"]) is None


LISTED: dict[tuple[str, str], dict] = {}  # the current catalog's listing, per process


def call_tool(name: str, arguments: dict, types) -> dict:
	tool = mcp_tools.tool_named(name)
	if tool is None:
		return {"error": {"code": INVALID_PARAMS, "message": f"Unknown tool: {name}"}}
	call, args = tool["call"], dict(arguments)
	token = args.pop("confirmation_token", None)
	meta = {}
	if call["write"] and not args.get("dry_run"):
		if token is None:
			return preview(name, call, args, types)
		if not valid_token(token, name, args):
			audit.record_write(f"mcp:{name}", 400, rejected_token(), None)
			return tool_result(types, orjson.dumps(rejected_token()), 400)
		args["idempotency_key"] = f"mcp-{token.rpartition('.')[2]}"
	status, raw, headers = invoke(call["method"], args)
	if headers.get("Idempotent-Replayed"):
		meta["idempotent_replayed"] = True
	# A read's page is not parsed again: only writes and errors have what the log keeps (id, error type).
	logged = orjson.loads(raw) if call["write"] or status >= 400 else {}
	audit.record_write(f"mcp:{name}", status, logged, args.get("idempotency_key"))
	return tool_result(types, raw, status, meta)


def preview(name: str, call: dict, args: dict, types) -> dict:
	"""A write's first call: its dry run (or, for writes without one, what would be called) and the token."""
	if call["dry_run"]:
		status, raw, _headers = invoke(call["method"], {**args, "dry_run": True})
		body = orjson.loads(raw)
		audit.record_write(f"mcp:{name}", status, body, None, dry_run=True)
		if status >= 400:
			return tool_result(types, raw, status)
	else:
		body, status = {"result": None, "would_call": name, "arguments": args}, 200
	token = confirmation_token(name, args)
	body["confirmation"] = {"confirmation_token": token, "expires_in": CONFIRM_SECONDS, "committed": False}
	return tool_result(types, orjson.dumps(body, default=str), status)


def invoke(method: str, args: dict) -> tuple[int, bytes, dict]:
	"""Call the endpoint as HTTP would: its own checks, permissions, rate limit, idempotency and audit."""
	response = frappe.get_attr(method)(**args)
	return response.status_code, response.get_data(), dict(response.headers)


def tool_result(types, raw: bytes, status: int, meta: dict | None = None) -> dict:
	"""The unified body as structured content, and as JSON text for clients that read only text. The
	frame is the SDK's model; the body is spliced in as it was serialized (a page is not re-encoded)."""
	frame = dump(
		types.CallToolResult(content=[], isError=status >= 400, _meta={"http_status": status, **(meta or {})})
	)
	frame["content"] = [{"type": "text", "text": orjson.Fragment(orjson.dumps(raw.decode()))}]
	frame["structuredContent"] = orjson.Fragment(raw)
	return frame


def confirmation_token(name: str, args: dict, expires: int | None = None) -> str:
	"""Bound to the user, the tool and the exact arguments (canonical JSON), and expiring."""
	expires = expires or int(time.time()) + CONFIRM_SECONDS
	return f"{expires}.{signature(name, args, expires)}"


def valid_token(token: str, name: str, args: dict) -> bool:
	expires, _, digest = str(token).partition(".")
	if not expires.isdigit() or int(expires) < time.time():
		return False
	return hmac.compare_digest(digest, signature(name, args, int(expires)))


def signature(name: str, args: dict, expires: int) -> str:
	canonical = json.dumps([frappe.session.user, name, args, expires], sort_keys=True, default=str)
	key = hashlib.sha256(f"mcp-confirm:{cursor_secret()}".encode()).digest()
	return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def rejected_token() -> dict:
	message = (
		"confirmation_token does not match these arguments, this user or this tool, or has expired: call "
		"the tool without it for a new dry run and token."
	)
	field = [{"field": "confirmation_token", "message": "does not match the arguments or expired"}]
	return {"error": {"status": 400, "type": "invalid_request", "message": message, "details": field}}


def rpc_error(message_id, code: int, message: str) -> dict:
	return {"jsonrpc": "2.0", "id": message_id, "error": {"code": code, "message": message}}


def message_id(message):
	return message.get("id") if isinstance(message, dict) else None


def dump(model) -> dict:
	return model.model_dump(by_alias=True, mode="json", exclude_none=True)
