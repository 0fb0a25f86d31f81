"""The one decorator every endpoint wears under @frappe.whitelist(): auth, settings gate, arguments, envelope, rollback."""

import functools
import inspect
from collections.abc import Callable
from typing import Any, get_type_hints

from pydantic import TypeAdapter, ValidationError

import frappe

from unified_accounting.envelope import error_from_exception, json_response, success_body
from unified_accounting.exceptions import InvalidRequestError, UnauthenticatedError
from unified_accounting.services.settings import ensure_enabled

# Keys Frappe itself puts in form_dict, never the caller's arguments.
FRAPPE_PARAMS = frozenset({"cmd", "_"})
# Copy name and docs but not annotations: with annotations Frappe would type-check arguments itself and
# answer in its own shape; we check them here and name each bad field in ours.
WRAPPED_ATTRIBUTES = ("__module__", "__name__", "__qualname__", "__doc__")


def unified_api(resource: str | None = None) -> Callable:
	"""Decorate an endpoint: its return value becomes the success envelope, any exception the error
	envelope (after rolling back everything the request wrote)."""

	def decorate(fn: Callable) -> Callable:
		bind = argument_binder(fn)

		@functools.wraps(fn, assigned=WRAPPED_ATTRIBUTES)
		def endpoint(**params: Any):
			try:
				if frappe.session.user in (None, "", "Guest"):
					raise UnauthenticatedError("Authentication required.")
				ensure_enabled(resource)
				return json_response(success_body(fn(**bind(params))))
			except Exception as exc:
				frappe.db.rollback()
				status, body = error_from_exception(exc)
				return json_response(body, status)

		# Frappe's argument filter (frappe.call) follows __wrapped__ and would silently drop parameters
		# the endpoint does not declare; without it every parameter reaches `bind`, which names them.
		del endpoint.__wrapped__
		endpoint.unified_resource = resource
		return endpoint

	return decorate


def argument_binder(fn: Callable) -> Callable[[dict], dict]:
	"""Build, once per endpoint, a function that checks and converts request parameters against `fn`'s
	signature: unknown names, missing required ones and malformed values are one 400 naming each."""
	signature = inspect.signature(fn)
	hints = get_type_hints(fn)
	adapters = {name: TypeAdapter(hints[name]) for name in signature.parameters if name in hints}
	required = [name for name, p in signature.parameters.items() if p.default is inspect.Parameter.empty]

	def bind(params: dict) -> dict:
		details, bound = [], {}
		for name, value in params.items():
			if name in FRAPPE_PARAMS:
				continue
			if name not in signature.parameters:
				details.append({"field": name, "message": "unknown parameter"})
				continue
			try:
				bound[name] = adapters[name].validate_python(value) if name in adapters else value
			except ValidationError as exc:
				details.append({"field": name, "message": exc.errors()[0]["msg"]})
		details += [{"field": name, "message": "required"} for name in required if name not in params]
		if details:
			names = ", ".join(d["field"] for d in details)
			raise InvalidRequestError(f"Invalid parameters: {names}.", details)
		return bound

	return bind
