"""OAuth2 bearer tokens from Frappe's own provider: every endpoint, same permissions as token auth."""

import json
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

import frappe
from frappe.utils.password import update_password

from unified_accounting.tests.support.endpoints import reads
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, user_permission
from unified_accounting.tests.support.write_fixtures import CUSTOMER, accounts, ensure_parties, first_company

REDIRECT = "http://127.0.0.1/ua-oauth-callback"
OAUTH = "/api/method/frappe.integrations.oauth2"


class BearerClient(ApiClient):
	"""ApiClient that authenticates with `Authorization: Bearer <access token>`."""

	def call(self, http_method, method, params=None, headers=None):
		headers = {**(headers or {}), "Authorization": f"Bearer {self.bearer}"}
		return super().call(http_method, method, params, headers)


def bearer_client(token: str) -> BearerClient:
	client = BearerClient(SITE, None)
	client.bearer = token
	return client


@pytest.fixture(scope="module")
def oauth_client():
	client = frappe.get_doc(
		{
			"doctype": "OAuth Client",
			"app_name": "UA OAuth test",
			"scopes": "all openid",
			"redirect_uris": REDIRECT,
			"default_redirect_uri": REDIRECT,
			"grant_type": "Authorization Code",
			"response_type": "Code",
			"skip_authorization": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	yield client
	frappe.db.delete("OAuth Bearer Token", {"client": client.name})
	frappe.db.delete("OAuth Authorization Code", {"client": client.name})
	frappe.delete_doc("OAuth Client", client.name, ignore_permissions=True, force=True)
	frappe.db.commit()


def authorize(oauth_client, user: str) -> str:
	"""The authorization-code flow as a browser and an app run it: log in, authorize (skipped consent),
	follow the redirect to the code, exchange the code for a bearer token."""
	password = frappe.generate_hash(length=16)
	update_password(user, password)
	frappe.db.commit()
	browser = ApiClient(SITE, None)
	assert browser.post("login", {"usr": user, "pwd": password}).status == 200
	query = urlencode(
		{"client_id": oauth_client.name, "response_type": "code", "scope": "all", "redirect_uri": REDIRECT}
	)
	location = follow(browser, f"{OAUTH}.authorize?{query}")
	code = parse_qs(urlparse(location).query)["code"][0]
	form = {
		"grant_type": "authorization_code",
		"code": code,
		"redirect_uri": REDIRECT,
		"client_id": oauth_client.name,
	}
	kwargs = {"data": urlencode(form), "content_type": "application/x-www-form-urlencoded"}
	response = ApiClient(SITE, None).run_in_thread("POST", f"{OAUTH}.get_token", kwargs)
	body = response.body if isinstance(response.body, dict) else json.loads(response.body)
	assert response.status == 200 and body.get("access_token"), response.body
	return body["access_token"]


def follow(browser: ApiClient, path: str) -> str:
	"""Follow our own site's redirects until one leaves it (the app's redirect URI)."""
	for _hop in range(5):
		response = browser.run_in_thread("GET", path, {"headers": {}})
		location = response.headers.get("Location", "")
		assert response.status in (301, 302, 303), (response.status, response.body)
		if location.startswith(REDIRECT):
			return location
		parsed = urlparse(location)
		path = f"{parsed.path}?{parsed.query}"
	raise AssertionError("no redirect to the app")


def read_paths() -> list[str]:
	"""Every GET endpoint of ours that needs no argument."""
	return [e.path for e in reads() if not e.needs_arguments()]


def comparable(response) -> tuple:
	body = json.dumps(response.body, sort_keys=True, default=str)
	return response.status, body


def test_bearer_token_reads_like_api_token_on_every_endpoint(oauth_client, api_user):
	bearer = bearer_client(authorize(oauth_client, api_user.name))
	keyed = ApiClient(SITE, api_user.token)
	paths = read_paths()
	assert len(paths) >= 8
	for path in paths:
		by_bearer, by_key = bearer.get(path), keyed.get(path)
		assert by_bearer.status < 500, (path, by_bearer.body)
		assert by_bearer.status != 401, (path, by_bearer.body)
		assert by_bearer.status == by_key.status, (path, by_bearer.body, by_key.body)


def test_bearer_token_carries_the_users_restrictions_and_refusals(oauth_client):
	ensure_parties()
	company = first_company()
	clerk = ensure_api_user("ua-oauth-clerk@example.com", ["Accounts User"])
	bearer = bearer_client(authorize(oauth_client, clerk.name))
	keyed = ApiClient(SITE, clerk.token)
	with user_permission(clerk.name, "Company", company):
		for path in ("accounts.list_accounts", "invoices.list_invoices", "payments.list_payments"):
			params = {"limit": 100, "include_count": 1}
			by_bearer = bearer.get(f"unified_accounting.api.{path}", params)
			by_key = keyed.get(f"unified_accounting.api.{path}", params)
			assert by_bearer.status == 200, by_bearer.body
			assert comparable(by_bearer) == comparable(by_key)
			assert {row["company"] for row in by_bearer.json["result"]} <= {company}
	# Writes: refused exactly as ERPNext refuses them to this user, whichever way they authenticate.
	income = accounts(company)["income"]
	parent = frappe.db.get_value("Account", income, "parent_account")
	body = {
		"name": f"UA OAuth probe {frappe.generate_hash(length=6)}",
		"parent_account_id": parent,
		"company": company,
		"dry_run": True,
	}
	allowed = frappe.has_permission("Account", "create", user=clerk.name)
	by_bearer = bearer.post("unified_accounting.api.accounts.create_account", body)
	by_key = keyed.post("unified_accounting.api.accounts.create_account", body)
	assert by_bearer.status == by_key.status == (201 if allowed else 403), by_bearer.body
	invoice = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": company,
		"line_items": [{"name": "W", "unit_price": 1, "account_id": income}],
		"dry_run": True,
	}
	assert bearer.post("unified_accounting.api.invoices.create_invoice", invoice).status == 201


def test_revoked_or_unknown_bearer_token_is_401(oauth_client, api_user):
	token = authorize(oauth_client, api_user.name)
	frappe.db.set_value("OAuth Bearer Token", token, "status", "Revoked")
	frappe.db.commit()
	for bad in (token, "not-a-token"):
		response = bearer_client(bad).get("unified_accounting.api.meta.capabilities")
		assert (response.status, response.json["error"]["type"]) == (401, "unauthenticated")


def test_an_mcp_client_may_hold_a_bearer_token_instead_of_a_key(oauth_client, api_user):
	"""docs/mcp.md: MCP clients discover Frappe's OAuth server (401 + metadata) and call with its token."""
	token = authorize(oauth_client, api_user.name)
	call = {"name": "list_accounts", "arguments": {"limit": 3}}
	message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": call}
	kwargs = {
		"headers": {"Authorization": f"Bearer {token}", "Accept": "application/json"},
		"data": json.dumps(message),
		"content_type": "application/json",
	}
	path = "/api/method/unified_accounting.api.mcp.serve"
	response = ApiClient(SITE, None).run_in_thread("POST", path, kwargs, validate=False)
	assert response.status == 200, response.body
	result = response.json["result"]
	assert not result["isError"] and len(result["structuredContent"]["result"]) == 3
