"""The unified response envelope: success and list bodies, the one error shape, and reshaping Frappe's own refusals."""

import json
import re
from collections.abc import Iterator
from typing import Any, Generic

import orjson
from werkzeug.wrappers import Response

import frappe
from frappe.utils import strip_html
from frappe.utils.response import json_handler

from unified_accounting.exceptions import (
	FRAPPE_ERROR_MAP,
	MethodNotAllowedError,
	UnifiedError,
	classify,
	type_for_status,
)
from unified_accounting.pagination import Item, Page  # lives with paging; still importable from here
from unified_accounting.request_guards import not_json_reason

# /api/method/<dotted.path> (v1) and /api/v2/method/<dotted.path>
APP_METHOD_PATH = re.compile(r"^/api/(?:v2/)?method/(unified_accounting\.[\w.]+)")
NDJSON = "application/x-ndjson"
GENERIC_MESSAGES = {
	401: "Authentication required: send 'Authorization: token <api_key>:<api_secret>' or an OAuth bearer token.",
	404: "No such endpoint.",
	500: "Internal error. It has been logged; quote the reference id when reporting it.",
}


class NdjsonStream(Response, Generic[Item]):
	"""A streamed response of records of one shape, one JSON text per line (`-> NdjsonStream[Transaction]`
	documents the record shape; the OpenAPI document describes it as application/x-ndjson)."""


def ndjson_response(chunks: Iterator[bytes], headers: dict | None = None) -> NdjsonStream:
	"""Stream the chunks. A failure after the first byte cannot change the status any more: it is logged
	with a reference id and the connection is cut before HTTP's final chunk, which the client sees."""

	def logged() -> Iterator[bytes]:
		try:
			yield from chunks
		except Exception as exc:
			frappe.db.rollback()
			reference = log_internal_error(exc, "stream cut short")
			frappe.db.commit()  # the request's own commit has already run
			raise RuntimeError(f"stream cut short: {reference}") from exc

	return NdjsonStream(logged(), mimetype=NDJSON, headers=headers, direct_passthrough=True)


def json_response(body: dict, status: int = 200, headers: dict | None = None) -> Response:
	"""A JSON response; Frappe's encoder handles what orjson does not (Decimal and the like)."""
	data = orjson.dumps(body, default=json_handler, option=orjson.OPT_NON_STR_KEYS)
	return Response(data, status=status, mimetype="application/json", headers=headers)


def success_body(result: Any) -> dict:
	"""`{"result": ...}` for one record, or the list envelope for a Page."""
	if not isinstance(result, Page):
		return {"result": result}
	body = {"result": result.items, "next_cursor": result.next_cursor, "prev_cursor": result.prev_cursor}
	if result.result_count is not None:
		body["result_count"] = result.result_count
	return body


def error_body(status: int, error_type: str, message: str, details: list[dict] | None = None) -> dict:
	"""The one error shape every failure takes."""
	return {"error": {"status": status, "type": error_type, "message": message, "details": details or []}}


def error_from_exception(exc: BaseException) -> tuple[int, dict]:
	"""(status, body) for an exception raised inside an endpoint. Never a traceback."""
	error_type, status = classify(exc)
	# Our own 5xx (503 disabled) are deliberate answers: their message stands and nothing is logged.
	if status >= 500 and not isinstance(exc, UnifiedError):
		reference = log_internal_error(exc)
		message = f"{GENERIC_MESSAGES[500]} Reference: {reference}"
		return status, error_body(status, error_type, message)
	details = exc.details if isinstance(exc, UnifiedError) else []
	return status, error_body(status, error_type, clean_message(exc) or error_type, details)


def clean_message(exc: BaseException) -> str:
	"""Plain words for the caller. Frappe's permission checks raise without arguments and leave the
	reason in flags.error_message; its messages may carry HTML."""
	message = getattr(exc, "message", None) or (str(exc.args[0]) if exc.args else "")
	if len(exc.args) == 2 and isinstance(exc.args[0], int):
		message = f"Refused by the database: {exc.args[1]}"  # pymysql errors: (errno, text)
	message = message or frappe.flags.error_message or ""
	return " ".join(strip_html(str(message)).split())


def log_internal_error(exc: BaseException | None, message: str | None = None) -> str:
	"""Record the traceback server-side and return its id for the client to quote. The Error Log row is
	inserted now (a deferred insert waits for the scheduler, which may not run): the failed work was
	rolled back before this, so the request's own commit keeps only this row (and a write's audit row)."""
	reference = frappe.generate_hash(length=12)
	frappe.logger("unified_accounting").error(f"internal error {reference} {message or ''}", exc_info=exc)
	try:
		frappe.log_error(title=f"Unified Accounting internal error {reference}", message=message)
		frappe.local.flags.commit = True  # GET requests are committed only when asked
	except Exception:
		pass  # the file log above already has it
	return reference


def log_refused_internal_error(response: Response) -> str:
	"""A 5xx Frappe answered itself (outside our decorator): log it with a reference id. This runs in an
	after_request hook, once Frappe has ended the request's transaction; discard whatever the failed
	request left and commit the Error Log row alone."""
	body = frappe_body(response)
	detail = body.get("exception") or frappe_exc_type(response) or ""
	message = f"{frappe.request.method} {frappe.request.full_path} -> {response.status_code} {detail}"
	if not getattr(frappe.local, "db", None):
		return log_internal_error(None, message)
	try:
		frappe.db.rollback()
		reference = log_internal_error(None, message)
		frappe.db.commit()  # after_request: the request's transaction is over, this row is all there is
	except Exception:
		reference = log_internal_error(None, message)
	return reference


def normalize_error_response(response: Response | None = None, request=None) -> None:
	"""after_request hook: Frappe refuses some calls to our methods before our code runs (guest, bad
	credentials, wrong HTTP method, unknown method, argument types). Give those our error shape too."""
	if response is None or request is None or response.status_code < 400:
		return
	match = APP_METHOD_PATH.match(request.path)
	if not match or is_unified_error(frappe_body(response)):
		return
	status, error_type, message, headers = refusal(match.group(1), response)
	response.set_data(json.dumps(error_body(status, error_type, message)))
	response.status_code = status
	response.mimetype = "application/json"
	response.headers.update(headers)


def refusal(method_path: str, response: Response) -> tuple[int, str, str, dict]:
	"""Decide what Frappe's refusal of `method_path` means in unified terms."""
	exc_type = frappe_exc_type(response)
	if reason := not_json_reason(frappe.request):
		# Frappe parses a JSON body before it authenticates, so its failure looks like a missing login.
		return 400, "invalid_request", reason, {}
	if response.status_code >= 500:
		reference = log_refused_internal_error(response)
		return 500, "internal_error", f"{GENERIC_MESSAGES[500]} Reference: {reference}", {}
	if frappe.session.user in (None, "", "Guest"):
		return 401, "unauthenticated", GENERIC_MESSAGES[401], {"WWW-Authenticate": "token"}
	method = resolve_whitelisted(method_path)
	if method is None:
		return (
			404,
			"not_found",
			f"{GENERIC_MESSAGES[404]} '{method_path}' is not a Unified Accounting method.",
			{},
		)
	allowed = frappe.allowed_http_methods_for_whitelisted_func.get(method, [])
	if frappe.request.method not in allowed:
		message = f"{frappe.request.method} is not allowed here; use {', '.join(allowed)}."
		refused = MethodNotAllowedError
		return refused.http_status_code, refused.error_type, message, {"Allow": ", ".join(allowed)}
	for name, error_type, status in FRAPPE_ERROR_MAP:
		if name == exc_type:
			return status, error_type, frappe_message(response) or error_type, {}
	status = response.status_code
	return status, type_for_status(status), frappe_message(response) or GENERIC_MESSAGES.get(status, ""), {}


def resolve_whitelisted(method_path: str):
	"""The whitelisted function behind a dotted path, or None."""
	try:
		method = frappe.get_attr(method_path)
	except Exception:
		return None
	return method if method in frappe.whitelisted else None


def is_unified_error(body: dict) -> bool:
	error = body.get("error")
	return isinstance(error, dict) and "type" in error and "status" in error


def frappe_body(response: Response) -> dict:
	try:
		body = json.loads(response.get_data(as_text=True) or "{}")
	except ValueError:
		return {}
	return body if isinstance(body, dict) else {}


def frappe_exc_type(response: Response) -> str | None:
	body = frappe_body(response)
	if body.get("exc_type"):
		return body["exc_type"]
	errors = body.get("errors") or [{}]
	return errors[0].get("type")


def frappe_message(response: Response) -> str:
	"""The human message Frappe put in `_server_messages` (v1) or `errors` (v2), as plain text."""
	body = frappe_body(response)
	messages = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		try:
			messages.append(json.loads(raw).get("message", ""))
		except (ValueError, AttributeError):
			messages.append(str(raw))
	messages += [error.get("message", "") for error in body.get("errors") or []]
	text = " ".join(strip_html(m) for m in messages if m)
	return " ".join(text.split())
