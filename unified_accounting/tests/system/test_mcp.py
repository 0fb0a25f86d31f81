"""The MCP server over real HTTP (gunicorn), driven by the official `mcp` Python SDK's Streamable HTTP client."""

import asyncio
from contextlib import asynccontextmanager, contextmanager

import pytest
import requests
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.exceptions import McpError

import frappe

from unified_accounting.services.core.settings import SETTINGS_DOCTYPE
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.servers import gunicorn
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ensure_api_user

MCP = "/api/method/unified_accounting.api.mcp.serve"


@pytest.fixture(scope="module")
def host():
	with gunicorn(1) as url:
		yield url


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


@asynccontextmanager
async def session(host: str, token: str):
	headers = {"Host": SITE, "Authorization": f"token {token}"}
	async with streamablehttp_client(f"{host}{MCP}", headers=headers) as (read, write, _session_id):
		async with ClientSession(read, write) as client:
			yield client, await client.initialize()


def run(coroutine):
	return asyncio.run(coroutine)


def journal(books: dict, memo: str) -> dict:
	lines = [{"account_id": books["expense"], "debit": 42}, {"account_id": books["cash"], "credit": 42}]
	return {"memo": memo, "lines": lines, "submit": True}


def test_an_agent_lists_tools_reads_and_writes_once_after_the_dry_run(host, api_user, books):
	memo = f"UA MCP {frappe.generate_hash(length=8)}"

	async def agent():
		async with session(host, api_user.token) as (client, init):
			tools = {tool.name: tool for tool in (await client.list_tools()).tools}
			accounts = await client.call_tool("list_accounts", {"limit": 5})
			preview = await client.call_tool("create_journal_entry", journal(books, memo))
			token = preview.structuredContent["confirmation"]["confirmation_token"]
			confirmed = {**journal(books, memo), "confirmation_token": token}
			committed = await client.call_tool("create_journal_entry", confirmed)
			again = await client.call_tool("create_journal_entry", confirmed)
			changed = {**confirmed, "memo": memo + " changed"}
			tampered = await client.call_tool("create_journal_entry", changed)
			return init, tools, accounts, preview, committed, again, tampered

	init, tools, accounts, preview, committed, again, tampered = run(agent())
	assert init.serverInfo.name == "unified-accounting" and init.capabilities.tools is not None
	read, write, delete = tools["list_invoices"], tools["create_invoice"], tools["delete_invoice"]
	assert read.annotations.readOnlyHint and not write.annotations.readOnlyHint
	assert delete.annotations.destructiveHint and not write.annotations.destructiveHint
	assert {"cursor", "limit"} <= set(read.inputSchema["properties"])
	assert {"line_items", "confirmation_token"} <= set(write.inputSchema["properties"])
	assert "openapi" not in tools and "stream_transactions" not in tools
	assert not accounts.isError and len(accounts.structuredContent["result"]) == 5
	assert "next_cursor" in accounts.structuredContent
	# The first call is the dry run: the ledger effect is shown, nothing is written.
	gl = {(row["account_id"], row["net_amount"]) for row in preview.structuredContent["result"]["gl_preview"]}
	assert gl == {(books["expense"], 42.0), (books["cash"], -42.0)}
	assert not preview.isError and preview.structuredContent["confirmation"]["committed"] is False
	# The confirmed call commits exactly once; the token bound to one body refuses another.
	assert not committed.isError and committed.structuredContent["result"]["posting_status"] == "posted"
	assert again.structuredContent == committed.structuredContent and again.meta["idempotent_replayed"]
	frappe.db.rollback()  # a fresh snapshot: the server committed after this test's last read
	assert frappe.db.count("Journal Entry", {"user_remark": memo, "docstatus": 1}) == 1
	assert (
		tampered.isError
		and tampered.structuredContent["error"]["details"][0]["field"] == "confirmation_token"
	)
	assert not frappe.db.exists("Journal Entry", {"user_remark": memo + " changed"})
	logged = frappe.get_all(
		"Unified Accounting API Log",
		filters={"endpoint": "mcp:create_journal_entry", "user": api_user.name},
		fields=["dry_run", "http_status", "error_type"],
		order_by="creation desc",
		limit=3,
	)
	assert [(row.dry_run, row.http_status) for row in logged] == [(0, 400), (0, 201), (0, 201)]


def test_a_user_who_may_only_read_is_refused_the_write_and_its_dry_run(host, books):
	auditor = ensure_api_user("ua-mcp-auditor@example.com", ["Auditor"])
	memo = f"UA MCP refused {frappe.generate_hash(length=8)}"

	async def agent():
		async with session(host, auditor.token) as (client, _init):
			return await client.call_tool("create_journal_entry", journal(books, memo))

	refused = run(agent())
	frappe.db.rollback()
	assert refused.isError and refused.structuredContent["error"]["type"] == "permission_denied"
	assert "confirmation" not in refused.structuredContent
	assert not frappe.db.exists("Journal Entry", {"user_remark": memo})


def test_unknown_tools_and_bad_arguments_are_errors_the_client_can_read(host, api_user):
	async def agent():
		async with session(host, api_user.token) as (client, _init):
			bad = await client.call_tool("list_invoices", {"limit": "many", "colour": 1})
			try:
				await client.call_tool("no_such_tool", {})
			except McpError as exc:
				return bad, exc.error
			return bad, None

	bad, unknown = run(agent())
	assert bad.isError and {d["field"] for d in bad.structuredContent["error"]["details"]} == {
		"limit",
		"colour",
	}
	assert unknown is not None and unknown.code == -32602 and "no_such_tool" in unknown.message


def test_a_caller_without_credentials_is_pointed_at_the_oauth_metadata(host):
	message = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
	response = requests.post(f"{host}{MCP}", json=message, headers={"Host": SITE}, timeout=30)
	assert response.status_code == 401 and response.json()["error"]["type"] == "unauthenticated"
	challenge = response.headers["WWW-Authenticate"]
	assert challenge.startswith("Bearer ") and "resource_metadata=" in challenge
	found = requests.get(f"{host}/.well-known/oauth-protected-resource", headers={"Host": SITE}, timeout=30)
	metadata = found.json()
	assert metadata["resource"].endswith(MCP) and metadata["authorization_servers"]
	assert challenge.split('resource_metadata="')[1].rstrip('"').endswith("mcp.protected_resource")
	issuer = requests.get(
		f"{host}/.well-known/oauth-authorization-server", headers={"Host": SITE}, timeout=30
	)
	assert issuer.json()["token_endpoint"].endswith("frappe.integrations.oauth2.get_token")


def test_get_is_405_and_notifications_are_accepted(host, api_user):
	auth = {"Host": SITE, "Authorization": f"token {api_user.token}"}
	assert requests.get(f"{host}{MCP}", headers=auth, timeout=30).status_code == 405
	note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
	accepted = requests.post(f"{host}{MCP}", json=note, headers=auth, timeout=30)
	assert (accepted.status_code, accepted.text) == (202, "")
	unknown = requests.post(f"{host}{MCP}", json={"jsonrpc": "2.0", "id": 7, "method": "x/y"}, headers=auth)
	assert unknown.json()["error"]["code"] == -32601 and unknown.json()["id"] == 7


@contextmanager
def api_scope(user: str, **scope):
	settings = frappe.get_doc(SETTINGS_DOCTYPE)
	settings.append("api_scopes", {"user": user, **scope})
	settings.save()
	frappe.db.commit()
	try:
		yield
	finally:
		frappe.db.delete("Unified Accounting API Scope", {"user": user})
		frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)
		frappe.db.commit()


def test_a_read_only_scope_hides_the_write_tools_and_refuses_their_calls(host, books):
	"""The same user, roles enough to write, limited by an API Scope: for MCP as for HTTP."""
	user = ensure_api_user("ua-mcp-readonly@example.com", ["Accounts Manager", "Accounts User"])
	memo = f"UA MCP read-only {frappe.generate_hash(length=8)}"

	async def agent():
		async with session(host, user.token) as (client, _init):
			listed = (await client.list_tools()).tools
			return listed, await client.call_tool("create_journal_entry", journal(books, memo))

	with api_scope(user.name, access="Read only"):
		listed, refused = run(agent())
	assert listed and all(tool.annotations.readOnlyHint for tool in listed)
	assert {"list_invoices", "get_invoice", "trial_balance", "list_changes"} <= {tool.name for tool in listed}
	assert refused.isError and refused.structuredContent["error"]["type"] == "permission_denied"
	frappe.db.rollback()
	assert not frappe.db.exists("Journal Entry", {"user_remark": memo})
