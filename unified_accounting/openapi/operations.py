"""OpenAPI operations for discovered endpoints: parameters, bodies, envelopes, the error and status table."""

import json
import re
from collections.abc import Callable

from unified_accounting import exceptions
from unified_accounting.envelope import NDJSON
from unified_accounting.openapi.endpoints import Endpoint, QueryParameter
from unified_accounting.openapi.parts import doc_parts, field_comments, nullable, without_null

REF = "#/components/schemas/{model}"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
BINARY = "application/octet-stream"
# What every list endpoint's shared parameters mean (the cursor and envelope conventions).
PARAMETER_DOCS = {
	"id": "The record's id (its ERPNext document name).",
	"company": "Only records of this Company.",
	"cursor": "A next_cursor / prev_cursor from a previous page. Cursors are signed and bound to the "
	"filters they were issued with: anything else is 400 invalid_cursor.",
	"limit": "Records per page (default and maximum: Unified Accounting Settings).",
	"order": "Direction of the keyset order (modified, then name).",
	"include_count": "Add result_count, the number of matching records, to the list envelope.",
	"include_remote_data": "Add remote_data: the whole ERPNext document, as the caller may read it.",
	"updated_after": "Only records modified after this instant (ISO 8601).",
	"updated_before": "Only records modified before this instant (ISO 8601).",
	"created_after": "Only records created after this instant (ISO 8601).",
	"created_before": "Only records created before this instant (ISO 8601).",
}
# Statuses a read can answer; writes can answer every status of the table.
READ_STATUSES = frozenset({400, 401, 403, 404, 405, 410, 422, 429, 500, 503})
ERROR_HEADERS = {
	401: {"WWW-Authenticate": "token: how to authenticate."},
	405: {"Allow": "The HTTP method(s) this endpoint accepts."},
}
WRITE_NOTE = (
	"\n\nWrite: send an `Idempotency-Key` header to make a retry safe (the first response is replayed with "
	"`Idempotent-Replayed: true`); `dry_run: true` runs everything and keeps nothing. Any error rolls the "
	"whole request back."
)
LIST_NOTE = (
	"\n\nList: keyset pages (`next_cursor` / `prev_cursor`, null at either end); pass a cursor back with "
	"the same filters."
)


def error_table() -> dict[int, dict[str, list[str]]]:
	"""status -> unified type -> where it comes from: the app's exceptions and Frappe's, as exceptions.py
	classifies them (read from the code, so new error types enter the spec by themselves)."""
	table: dict[int, dict[str, list[str]]] = {}
	for cls in all_subclasses(exceptions.UnifiedError):
		table.setdefault(cls.http_status_code, {}).setdefault(cls.error_type, []).append(cls.__name__)
	for name, error_type, status in exceptions.FRAPPE_ERROR_MAP:
		table.setdefault(status, {}).setdefault(error_type, []).append(f"frappe {name}")
	for status in (400, 405, 500, 503):
		table.setdefault(status, {}).setdefault(exceptions.type_for_status(status), [])
	return dict(sorted(table.items()))


def all_subclasses(cls: type) -> list[type]:
	found = []
	for sub in cls.__subclasses__():
		found += [sub, *all_subclasses(sub)]
	return found


def error_components(table: dict[int, dict[str, list[str]]]) -> tuple[dict, dict]:
	"""(schemas, responses): the one error shape, and one named response per status."""
	types = sorted({t for by_type in table.values() for t in by_type})
	schemas = {
		"ErrorDetail": {
			"type": "object",
			"description": "One problem, named by its field path (`line_items[1].account_id`).",
			"properties": {"field": {"type": "string"}, "message": {"type": "string"}},
			"required": ["message"],
		},
		"Error": {
			"type": "object",
			"description": "Every failure has this shape, with the matching HTTP status. Never a traceback.",
			"required": ["error"],
			"properties": {"error": error_object(types)},
		},
	}
	responses = {f"Error{status}": error_response(status, by_type) for status, by_type in table.items()}
	responses["Error"] = {
		"description": "Any other failure, in the one error shape.",
		"content": json_content(ERROR_REF),
	}
	return schemas, responses


def error_object(types: list[str]) -> dict:
	return {
		"type": "object",
		"required": ["status", "type", "message", "details"],
		"properties": {
			"status": {"type": "integer", "description": "The HTTP status, repeated."},
			"type": {"type": "string", "enum": types, "description": "Stable machine-readable error type."},
			"message": {"type": "string", "description": "Plain words; 500s carry a reference id."},
			"details": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorDetail"}},
		},
	}


def error_response(status: int, by_type: dict[str, list[str]]) -> dict:
	lines = [f"`{t}`" + (f" ({', '.join(sources)})" if sources else "") for t, sources in by_type.items()]
	response = {"description": "; ".join(lines), "content": json_content(ERROR_REF)}
	response["headers"] = rate_limit_headers(allowed=status != 429) if status < 500 else {}
	response["headers"] |= {
		name: {"description": text, "schema": {"type": "string"}}
		for name, text in ERROR_HEADERS.get(status, {}).items()
	}
	if not response["headers"]:
		del response["headers"]
	return response


def rate_limit_headers(allowed: bool) -> dict:
	"""The headers services/platform/ratelimit.py sends when a rate limit is set, described by its own field comments."""
	from unified_accounting.services.platform.ratelimit import Decision

	comments = field_comments(Decision)
	names = Decision(allowed, 0, 0, 0, 0).headers()
	return {
		name: {
			"description": comments.get(name.lower().removeprefix("ratelimit-").replace("-", "_"), "")
			+ " (only when a rate limit is set in Unified Accounting Settings)",
			"schema": {"type": "integer"},
		}
		for name in names
	}


def json_content(schema: dict) -> dict:
	return {"application/json": {"schema": schema}}


def operation(
	endpoint: Endpoint, http_method: str, schema_of: Callable, success: dict, statuses: list[int], op_id: str
) -> dict:
	"""One operation object. `schema_of(hint, mode)` gives the JSON schema of a type (a $ref when named)."""
	summary, description = doc_parts(endpoint.source.__doc__)
	description += (WRITE_NOTE if endpoint.write else "") + (LIST_NOTE if endpoint.is_page else "")
	op = {"operationId": op_id, "tags": [endpoint.module], "summary": summary, "description": description}
	params = endpoint.query_parameters
	if http_method == "GET":
		op["parameters"] = [query_parameter(p, schema_of) for p in params]
	elif endpoint.body is not None:
		op["requestBody"] = {
			"required": True,
			"content": json_content(schema_of(endpoint.body, "validation")),
		}
	elif params:
		op["requestBody"] = {"required": True, "content": json_content(params_object(endpoint, schema_of))}
		op["requestBody"]["content"].update(multipart_content(endpoint, schema_of))
	if endpoint.write:
		op.setdefault("parameters", []).append(idempotency_header())
	allowed = [s for s in statuses if http_method != "GET" or s in READ_STATUSES]
	op["responses"] = {
		str(endpoint.status): success_response(endpoint, success),
		**{str(s): {"$ref": f"#/components/responses/Error{s}"} for s in allowed},
		"default": {"$ref": "#/components/responses/Error"},
	}
	return op


def idempotency_header() -> dict:
	"""The header write endpoints accept, with the length services/platform/idempotency.py enforces."""
	from unified_accounting.services.platform.idempotency import MAX_KEY_LENGTH

	return {
		"name": "Idempotency-Key",
		"in": "header",
		"required": False,
		"description": "Any unique string (e.g. a UUID). A retry with the same key and body gets the first "
		"response back instead of writing twice; the same key with another body is 409.",
		"schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
	}


def query_parameter(param: QueryParameter, schema_of: Callable) -> dict:
	schema = without_null(schema_of(param.hint, "validation"))
	if param.default is not None and json_safe(param.default):
		schema = {**schema, "default": param.default}
	found = {"name": param.name, "in": "query", "required": param.required, "schema": schema}
	description = param.description or PARAMETER_DOCS.get(param.name)
	if description:
		found["description"] = description
	return found


def params_object(endpoint: Endpoint, schema_of: Callable) -> dict:
	params = endpoint.query_parameters
	return {
		"type": "object",
		"properties": {p.name: schema_of(p.hint, "validation") for p in params},
		"required": [p.name for p in params if p.required],
	}


def multipart_content(endpoint: Endpoint, schema_of: Callable) -> dict:
	"""Uploads: an endpoint whose docstring says it takes multipart/form-data with a part named `x` gets
	that form too: the same fields plus the binary part."""
	doc = endpoint.source.__doc__ or ""
	if "multipart/form-data" not in doc:
		return {}
	named = re.search(r"part named `(\w+)`", doc)
	part = named.group(1) if named else "file"
	form = params_object(endpoint, schema_of)
	form["properties"] = {**form["properties"], part: {"type": "string", "format": "binary"}}
	return {"multipart/form-data": {"schema": form}}


def json_safe(value) -> bool:
	try:
		json.dumps(value)
	except TypeError:
		return False
	return True


def success_response(endpoint: Endpoint, success: dict) -> dict:
	if endpoint.binary:
		binary = {"schema": {"type": "string", "format": "binary"}}
		return {
			"description": "The file's content (Content-Type: the file's own).",
			"content": {BINARY: binary},
			"headers": rate_limit_headers(True),
		}
	if endpoint.stream:
		return stream_response(success)
	response = {
		"description": "Success.",
		"content": json_content(success),
		"headers": rate_limit_headers(True),
	}
	if endpoint.write:
		response["headers"] |= {
			"Idempotent-Replayed": {
				"description": "`true` when this is the stored response of an earlier request with the same key.",
				"schema": {"type": "string", "enum": ["true"]},
			}
		}
	return response


def stream_response(record: dict) -> dict:
	"""An NDJSON stream: the schema is each line's; the continuation travels in a header."""
	return {
		"description": "One record per line (application/x-ndjson), sent in chunks as they are read.",
		"content": {NDJSON: {"schema": record}},
		"headers": rate_limit_headers(True)
		| {
			"Next-Cursor": {
				"description": "Present when more records follow: pass it as `cursor` to continue.",
				"schema": {"type": "string"},
			}
		},
	}


def page_component(item_schema: dict) -> dict:
	"""The list envelope around records of one shape."""
	cursor = nullable({"type": "string"})
	return {
		"type": "object",
		"required": ["result", "next_cursor", "prev_cursor"],
		"properties": {
			"result": {"type": "array", "items": item_schema},
			"next_cursor": {**cursor, "description": "Cursor of the next page; null on the last page."},
			"prev_cursor": {**cursor, "description": "Cursor of the previous page; null on the first page."},
			"result_count": {
				"type": "integer",
				"description": "Matching records (only with include_count=1).",
			},
		},
	}


def result_component(result_schema: dict) -> dict:
	return {"type": "object", "required": ["result"], "properties": {"result": result_schema}}
