"""The served OpenAPI document: valid 3.1, complete, typed from the code, live per site, and the contract."""

import datetime
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import validate as validate_openapi

import frappe

from unified_accounting.mappers.custom_fields import typed_value
from unified_accounting.openapi import document as openapi
from unified_accounting.openapi.endpoints import discover_endpoints, is_typed
from unified_accounting.openapi.operations import error_table
from unified_accounting.openapi.parts import custom_field_schema, parameter_comments
from unified_accounting.services.platform.idempotency import MAX_KEY_LENGTH
from unified_accounting.tests.support.contract import Contract, ContractError
from unified_accounting.tests.support.utils import custom_field

OPENAPI = "unified_accounting.api.meta.openapi"
API = "/api/method/unified_accounting.api"


@pytest.fixture
def spec(api) -> dict:
	response = api.get(OPENAPI)
	assert response.status == 200, response.body
	return response.json


def schema(spec: dict, name: str) -> dict:
	return spec["components"]["schemas"][name]


def test_served_document_is_valid_openapi_31_and_is_the_generated_one(spec):
	assert spec["openapi"] == "3.1.0"
	validate_openapi(spec)  # raises on any violation of the OpenAPI 3.1 schema
	assert spec == openapi.get_spec()
	assert "result" not in spec  # the raw document, usable by URL in renderers and generators


def test_every_whitelisted_endpoint_is_in_the_spec_with_its_methods(spec):
	"""All but the MCP transport and its OAuth metadata (docs/mcp.md), which are not the unified API."""
	from unified_accounting.api.mcp import GUEST_OPEN

	expected = {}
	for fn in frappe.whitelisted:
		if (
			fn.__module__.startswith("unified_accounting.api.")
			and f"{fn.__module__}.{fn.__name__}" not in GUEST_OPEN
		):
			methods = frappe.allowed_http_methods_for_whitelisted_func[fn]
			expected[f"/api/method/{fn.__module__}.{fn.__name__}"] = {m.lower() for m in methods}
	assert len(expected) >= 30
	assert {path: set(ops) for path, ops in spec["paths"].items()} == expected
	op_ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
	assert len(op_ids) == len(set(op_ids))
	assert all(op["summary"] for ops in spec["paths"].values() for op in ops.values())


def test_every_endpoint_names_its_output_shape():
	"""The convention (docs/openapi.md): `-> Invoice` / `-> Page[Invoice]`, never a bare dict."""
	untyped = [f"{e.module}.{e.name}" for e in discover_endpoints() if not is_typed(e)]
	assert untyped == []


def test_every_error_status_and_type_is_documented(spec):
	table = error_table()
	assert {400, 401, 403, 404, 405, 409, 422, 429, 500, 503} <= set(table)
	documented_types = set(schema(spec, "Error")["properties"]["error"]["properties"]["type"]["enum"])
	assert documented_types == {t for by_type in table.values() for t in by_type}
	create = spec["paths"][f"{API}.invoices.create_invoice"]["post"]["responses"]
	assert {str(s) for s in table} | {"201", "default"} == set(create)
	read = spec["paths"][f"{API}.accounts.get_account"]["get"]["responses"]
	assert {"200", "400", "401", "403", "404", "503", "default"} <= set(read) and "409" not in read
	assert "WWW-Authenticate" in spec["components"]["responses"]["Error401"]["headers"]
	assert {"Retry-After", "RateLimit-Remaining"} <= set(
		spec["components"]["responses"]["Error429"]["headers"]
	)


def test_parameters_bodies_and_shapes_come_from_the_code(spec):
	listing = spec["paths"][f"{API}.invoices.list_invoices"]["get"]
	params = {p["name"]: p for p in listing["parameters"]}
	assert params["order"]["schema"]["enum"] == ["asc", "desc"] and params["order"]["required"] is False
	assert (
		params["cursor"]["schema"] == {"type": "string", "maxLength": 4096}
		and params["cursor"]["description"]
	)
	assert params["issue_date_from"]["schema"]["format"] == "date"
	assert listing["responses"]["200"]["content"] == {
		"application/json": {"schema": {"$ref": "#/components/schemas/InvoicePage"}}
	}
	page = schema(spec, "InvoicePage")
	assert page["properties"]["result"]["items"] == {"$ref": "#/components/schemas/Invoice"}
	invoice = schema(spec, "Invoice")
	assert invoice["required"] == list(invoice["properties"])  # every key always present
	assert invoice["properties"]["balance"]["description"] == ".outstanding_amount"  # the field's comment
	create = spec["paths"][f"{API}.invoices.create_invoice"]["post"]
	body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
	body_schema = schema(spec, body)
	assert {"type", "contact_id", "line_items"} <= set(body_schema["required"])
	assert body_schema["properties"]["dry_run"]["type"] == "boolean"
	assert "201" in create["responses"] and "Idempotent-Replayed" in create["responses"]["201"]["headers"]
	header = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key" and p["in"] == "header")
	assert header["schema"]["maxLength"] == MAX_KEY_LENGTH


def test_uploads_and_downloads(spec):
	upload = spec["paths"][f"{API}.attachments.upload_attachment"]["post"]["requestBody"]["content"]
	assert upload["multipart/form-data"]["schema"]["properties"]["file"] == {
		"type": "string",
		"format": "binary",
		"maxLength": 4_294_967_295,
	}
	assert "content_base64" in upload["application/json"]["schema"]["properties"]
	download = spec["paths"][f"{API}.attachments.download_attachment"]["get"]["responses"]["200"]
	assert download["content"] == {
		"application/octet-stream": {
			"schema": {"type": "string", "format": "binary", "maxLength": 4_294_967_295}
		}
	}


def test_auth_schemes(spec):
	schemes = spec["components"]["securitySchemes"]
	assert schemes["tokenAuth"] == {
		**schemes["tokenAuth"],
		"type": "apiKey",
		"in": "header",
		"name": "Authorization",
	}
	flow = schemes["oauth2"]["flows"]["authorizationCode"]
	assert flow["tokenUrl"] == "/api/method/frappe.integrations.oauth2.get_token"
	assert {"tokenAuth": []} in spec["security"]


def test_a_custom_field_appears_typed_after_it_is_added(api):
	def props():
		return api.get(OPENAPI).json["components"]["schemas"]["CustomFieldsSalesInvoicePurchaseInvoice"][
			"properties"
		]

	assert "ua_oa_priority" not in props()
	with custom_field("Sales Invoice", "ua_oa_priority", "Select", options="\nLow\nHigh"):
		with custom_field("Sales Invoice", "ua_oa_rush", "Check"):
			found = props()
	assert found["ua_oa_priority"]["anyOf"] == [{"type": "string", "enum": ["Low", "High"]}, {"type": "null"}]
	assert "Ua Oa Priority (Select, on Sales Invoice)" in found["ua_oa_priority"]["description"]
	assert found["ua_oa_rush"]["anyOf"][0] == {"type": "boolean"}
	assert "ua_oa_priority" not in props()  # and gone again once the field is deleted


@pytest.mark.parametrize(
	"fieldtype, options, stored",
	[
		("Check", None, 1),
		("Int", None, "42"),
		("Currency", None, Decimal("12.50")),
		("Percent", None, 7),
		("Date", None, datetime.date(2026, 1, 31)),
		("Datetime", None, datetime.datetime(2026, 1, 31, 10, 0)),
		("Select", "\nLow\nHigh", "High"),
		("Link", "Customer", "CUST-1"),
		("Small Text", None, "note"),
		("Data", None, ""),
	],
)
def test_custom_field_schemas_accept_what_the_mapper_returns(fieldtype, options, stored):
	"""The spec's type of a custom field and mappers/custom_fields.typed_value cannot drift apart."""
	field = {"key": "f", "label": "F", "type": fieldtype, "options": options, "doctypes": ["Account"]}
	Draft202012Validator(custom_field_schema(field)).validate(typed_value(fieldtype, stored))
	with pytest.raises(ValidationError):
		Draft202012Validator(custom_field_schema(field)).validate([stored])


def test_tracking_category_types_are_this_sites_dimensions(spec):
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import get_dimensions

	dimensions = [d.fieldname for d in get_dimensions()[0]]
	assert schema(spec, "TrackingCategoryType")["enum"] == ["cost_center", "project", *dimensions]
	ref = schema(spec, "TrackingCategoryRef")["properties"]["type"]
	assert ref["$ref"] == "#/components/schemas/TrackingCategoryType"
	assert ref["description"].startswith("cost_center | project")  # the field's comment survives


def test_the_cache_key_follows_metadata():
	before = openapi.spec_version()
	openapi.RECENT.clear()  # a full frappe.clear_cache() elsewhere may have emptied Redis meanwhile
	openapi.get_spec()
	assert frappe.cache.get_value(f"unified_accounting:openapi:{before}")["openapi"] == "3.1.0"
	with custom_field("Account", "ua_oa_cache_probe", "Data"):
		during = openapi.spec_version()
	assert before != during != openapi.spec_version()


def test_the_contract_rejects_responses_the_spec_does_not_describe(spec):
	contract = Contract(spec)
	path = f"{API}.accounts.list_accounts"
	contract.check("GET", path, 200, {"result": [], "next_cursor": None, "prev_cursor": None})
	with pytest.raises(ContractError, match="next_cursor"):
		contract.check("GET", path, 200, {"result": []})
	with pytest.raises(ContractError, match="result/0"):
		contract.check("GET", path, 200, {"result": [{"id": "x"}], "next_cursor": None, "prev_cursor": None})
	with pytest.raises(ContractError, match="type"):
		contract.check(
			"GET", path, 400, {"error": {"status": 400, "type": "oops", "message": "m", "details": []}}
		)
	with pytest.raises(ContractError, match="no such operation"):
		contract.check("POST", path, 200, {"result": []})
	contract.check(
		"POST",
		path,
		405,
		{"error": {"status": 405, "type": "method_not_allowed", "message": "m", "details": []}},
	)
	extra = {"result": [], "next_cursor": None, "prev_cursor": None, "surprise": 1}
	contract.check("GET", path, 200, extra)  # the served spec lets clients tolerate additions
	with pytest.raises(ContractError, match="surprise"):
		Contract(spec, closed=True).check("GET", path, 200, extra)
	with pytest.raises(ContractError, match="HTTP status 404"):
		contract.check(
			"GET", path, 404, {"error": {"status": 400, "type": "not_found", "message": "m", "details": []}}
		)


def test_every_http_test_response_is_checked_against_the_spec(api):
	"""The hook in ApiClient is live: a response is validated by the contract of the site's current spec."""
	from unified_accounting.tests.support import contract

	assert contract.ENABLED
	assert api.get("unified_accounting.api.accounts.list_accounts", {"limit": 1}).status == 200
	checked = contract.current_contract().validators
	assert any("AccountPage" in key for key in checked)


def test_parameter_descriptions_come_from_signature_comments():
	def decorate(fn):
		return fn

	@decorate
	def sample(
		company: str | None = None,  # only this Company
		period: tuple[int, int] = (1, 2),  # a default holding a comma
		plain: bool = False,
	) -> dict:  # not a parameter
		return {}

	assert parameter_comments(sample) == {
		"company": "only this Company",
		"period": "a default holding a comma",
	}


def test_every_schema_is_bounded_and_request_defaults_leave_fields_optional(spec):
	"""OWASP API4 (tests/system/test_typescript_client.py runs Spectral itself): no unbounded string, integer or
	array anywhere; a request-only body's defaults are described, not declared (docs/openapi.md)."""
	unbounded = []

	def walk(node, where):
		if isinstance(node, dict):
			kind = node.get("type")
			if kind == "string" and not {"maxLength", "enum", "const"} & set(node):
				unbounded.append(where)
			if kind == "integer" and not ({"minimum", "exclusiveMinimum"} & set(node) and "format" in node):
				unbounded.append(where)
			if kind == "array" and "maxItems" not in node:
				unbounded.append(where)
			for key, value in node.items():
				walk(value, f"{where}/{key}")
		elif isinstance(node, list):
			for i, value in enumerate(node):
				walk(value, f"{where}/{i}")

	walk(spec["paths"], "paths")
	walk(spec["components"], "components")
	assert unbounded == []
	memo = schema(spec, "JournalEntryCreate")["properties"]["submit"]
	assert "default" not in memo and "Default: `false`" in memo["description"]
	assert schema(spec, "JournalEntry")["properties"]["memo"]["anyOf"][0]["maxLength"] == 65_535
	assert spec["info"]["contact"]["email"] and spec["servers"][0]["url"].startswith("http")
