"""The OpenAPI document's frame: info (envelope, errors, conventions), auth schemes, tags from module docs."""

import importlib

import frappe

from unified_accounting.openapi.endpoints import API_PACKAGE, Endpoint

OAUTH = "/api/method/frappe.integrations.oauth2"
CONVENTIONS = """\
One accounting API over this ERPNext site's books, under the caller's own ERPNext permissions.

**Envelope.** Success bodies are top-level JSON: `{"result": {...}}` for one record;
`{"result": [...], "next_cursor": ..., "prev_cursor": ...}` (+ `result_count` with `include_count=1`)
for lists. Every key of a record is always present (null when empty); dates are ISO 8601.

**Pagination.** Keyset cursors, signed and bound to the filters they were issued with.

**Writes.** POST with a JSON body. `Idempotency-Key` header: a retry with the same key and body gets
the first response back (`Idempotent-Replayed: true`). `dry_run: true` in the body: everything runs and
is validated, nothing is kept. Any error rolls the whole request back.

**Custom fields and dimensions.** This document is generated for this site: each record's
`custom_fields` object lists the site's Custom Fields with their JSON types, and `TrackingCategoryType`
lists its Accounting Dimensions. It changes when they do.

**Errors.** One shape for every failure: `{"error": {"status", "type", "message", "details"}}`.
"""


def info(table: dict[int, dict[str, list[str]]]) -> dict:
	rows = [f"| {status} | {', '.join(f'`{t}`' for t in by_type)} |" for status, by_type in table.items()]
	return {
		"title": "Unified Accounting API",
		"version": frappe.get_attr("unified_accounting.__version__"),
		"description": CONVENTIONS + "\n| status | type |\n| --- | --- |\n" + "\n".join(rows),
		"license": {"name": "MIT", "identifier": "MIT"},
		"contact": {"name": "Unified Accounting developers", "email": "dev@unified-accounting.invalid"},
	}


def security_schemes() -> dict:
	return {
		"tokenAuth": {
			"type": "apiKey",
			"in": "header",
			"name": "Authorization",
			"description": "`token <api_key>:<api_secret>` of an ERPNext user (User > Settings > API Access).",
		},
		"oauth2": {
			"type": "oauth2",
			"description": "Bearer tokens from Frappe's OAuth 2 provider (register an OAuth Client in Desk).",
			"flows": {
				"authorizationCode": {
					"authorizationUrl": f"{OAUTH}.authorize",
					"tokenUrl": f"{OAUTH}.get_token",
					"refreshUrl": f"{OAUTH}.get_token",
					"scopes": {
						"all": "Act as the user, within their permissions.",
						"openid": "OpenID profile.",
					},
				}
			},
		},
		"sessionCookie": {
			"type": "apiKey",
			"in": "cookie",
			"name": "sid",
			"description": "A Desk login session (writes also need the X-Frappe-CSRF-Token header).",
		},
	}


def tags(endpoints: list[Endpoint]) -> list[dict]:
	"""One tag per api module, described by the module's docstring."""
	modules = sorted({endpoint.module for endpoint in endpoints})
	return [{"name": m, "description": module_doc(m)} for m in modules]


def module_doc(module: str) -> str:
	doc = importlib.import_module(f"{API_PACKAGE}.{module}").__doc__ or ""
	return " ".join(doc.split())
