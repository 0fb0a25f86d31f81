"""Checks on the raw HTTP request before any argument is bound: body size, content type, strict JSON."""

import json

import frappe

from unified_accounting.exceptions import (
	InvalidRequestError,
	PayloadTooLargeError,
	UnsupportedMediaTypeError,
)

# Bodies larger than this are refused before ERPNext sees them (documented in docs/reliability.md).
MAX_BODY_BYTES = 2 * 1024 * 1024
# JSON deeper than this is refused: no unified body nests more than a handful of levels.
MAX_JSON_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def check_request(write: bool, resource: str | None = None) -> None:
	"""Raise a 4xx for a body we will not read: too large, of a type other than JSON (writes), or not
	strict JSON (NaN, Infinity, too deep). Server-side callers (no HTTP request) are not checked."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	limit = body_limit(resource)
	if (request.content_length or 0) > limit:
		raise PayloadTooLargeError(f"The request body is larger than {limit} bytes.")
	data = request.get_data(cache=True)
	if not data:
		return
	if request.is_json:
		parse_json_object(data)
	elif write and not (request.mimetype or "").startswith(FORM_TYPES):
		raise UnsupportedMediaTypeError(
			f"Send the body as application/json (got {request.mimetype or 'no content type'})."
		)


def body_limit(resource: str | None) -> int:
	"""Uploads may be as large as Frappe's own file size limit, base64-encoded; everything else 2 MB."""
	if resource != "attachments":
		return MAX_BODY_BYTES
	from frappe.core.api.file import get_max_file_size

	return max(MAX_BODY_BYTES, get_max_file_size() * 4 // 3 + 64 * 1024)


def not_json_reason(request) -> str | None:
	"""Why a body sent as JSON cannot be read, or None when it can (or is not sent as JSON)."""
	if request is None or not request.is_json:
		return None
	data = request.get_data(cache=True)
	if not data:
		return None
	try:
		parse_json_object(data)
	except InvalidRequestError as exc:
		return exc.message
	return None


def parse_json_object(data: bytes) -> dict:
	"""A request body: one strict JSON object (Frappe refuses other scalars before it authenticates)."""
	value = parse_strict_json(data)
	if not isinstance(value, dict):
		raise InvalidRequestError(f"The request body must be a JSON object, not {type(value).__name__}.")
	return value


def parse_strict_json(data: bytes):
	"""Parse `data` as RFC 8259 JSON: no NaN/Infinity (Python's json accepts them), bounded depth."""
	try:
		value = json.loads(data, parse_constant=reject_constant)
	except RecursionError:
		raise InvalidRequestError(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.") from None
	except ValueError as exc:
		raise InvalidRequestError(f"The request body is not valid JSON: {exc}.") from None
	if depth(value) > MAX_JSON_DEPTH:
		raise InvalidRequestError(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
	return value


def reject_constant(name: str):
	raise ValueError(f"{name} is not a JSON number")


def depth(value, level: int = 1) -> int:
	"""Nesting depth of parsed JSON, stopping early once past the limit."""
	if level > MAX_JSON_DEPTH or not isinstance(value, dict | list):
		return level
	children = value.values() if isinstance(value, dict) else value
	return max((depth(child, level + 1) for child in children), default=level)
