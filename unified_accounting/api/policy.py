"""The one decorator every endpoint wears under @frappe.whitelist(): auth, settings gate, arguments, envelope, rollback."""

import functools
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

import frappe

from unified_accounting.api.binding import (
	FRAPPE_PARAMS,
	argument_binder,
	body_binder,  # noqa: F401 (imported from here by api/batch.py)
)
from unified_accounting.envelope import error_from_exception, json_response, success_body
from unified_accounting.exceptions import UnauthenticatedError
from unified_accounting.frappe_internals import expose_every_argument
from unified_accounting.request_guards import check_request
from unified_accounting.services.core.replica import replica_reads
from unified_accounting.services.core.settings import ensure_enabled
from unified_accounting.services.platform import audit, idempotency, ratelimit, scopes, usage

# Copy name and docs but not annotations: with annotations Frappe would type-check arguments itself and
# answer in its own shape; we check them here and name each bad field in ours.
WRAPPED_ATTRIBUTES = ("__module__", "__name__", "__qualname__", "__doc__")


def unified_api(
	resource: str | None = None,
	write: bool = False,
	status: int = 200,
	envelope: bool = True,
	secret_fields: tuple[str, ...] = (),
) -> Callable:
	"""Decorate an endpoint: its return value becomes the success envelope, any exception the error
	envelope (after rolling back everything the request wrote). Writes also get idempotency keys,
	dry runs (`dry_run: true`: everything runs, nothing is kept) and an audit log row. `envelope=False`
	(reads only) answers the return value as the whole body (the OpenAPI document). `secret_fields` of
	the result are shown once: the idempotency store keeps them as null, so a replay answers null."""

	def decorate(fn: Callable) -> Callable:
		bind = argument_binder(fn)
		name = f"{fn.__module__}.{fn.__name__}"
		module = fn.__module__.rpartition(".")[2]

		@functools.wraps(fn, assigned=WRAPPED_ATTRIBUTES)
		@usage.timed(name)  # Redis counters for the Desk usage cards
		def endpoint(**params: Any):
			key = None
			try:
				if frappe.session.user in (None, "", "Guest"):
					raise UnauthenticatedError("Authentication required.")
				ratelimit.enforce()
				check_request(write, resource)
				ensure_enabled(resource)
				scopes.enforce(write, resource, module)
				if not write:
					returned = on_replica(fn, bind(params))
					if isinstance(returned, Response):  # a download: its own body and headers
						return returned
					return json_response(success_body(returned) if envelope else returned)
				key = idempotency_header() or params.pop("idempotency_key", None)
				params.pop("idempotency_key", None)
				return run_write(fn, bind(params), name, key, status, params, secret_fields)
			except Exception as exc:
				frappe.db.rollback()
				error_status, body = error_from_exception(exc)
				if write:
					audit.record_write(name, error_status, body, key)
				return json_response(body, error_status)

		expose_every_argument(endpoint)  # every parameter reaches `bind`, which names unknown ones
		endpoint.unified_resource = resource
		# What the OpenAPI generator reads: the undecorated signature, hints and how it answers.
		endpoint.unified_source = fn
		endpoint.unified_write = write
		endpoint.unified_status = status
		endpoint.unified_envelope = envelope
		return endpoint

	return decorate


def on_replica(fn: Callable, args: dict):
	"""Run a read as Frappe's read-only mode does: on a site with `read_from_replica` (and `replica_host`)
	its queries go to the MariaDB replica; on other sites this changes nothing."""
	with replica_reads():
		return fn(**args)


def idempotency_header() -> str | None:
	"""The Idempotency-Key header, when the call came over HTTP (server-side callers have no request)."""
	if getattr(frappe.local, "request", None) is None:
		return None
	return frappe.get_request_header("Idempotency-Key")


def run_write(
	fn: Callable, args: dict, name: str, key: str | None, status: int, raw: dict, secret_fields: tuple = ()
):
	"""Claim the idempotency key, write, remember the response with the document; or replay it."""
	dry_run = bool(args.get("dry_run") or getattr(args.get("body"), "dry_run", False))
	if key and not dry_run:
		body_hash = idempotency.request_hash(name, {k: v for k, v in raw.items() if k not in FRAPPE_PARAMS})
		if replay := idempotency.claim(key, name, body_hash):
			audit.record_write(name, replay.status, replay.body, key, replayed=True)
			return json_response(replay.body, replay.status, {"Idempotent-Replayed": "true"})
	body = success_body(fn(**args))
	if dry_run:
		frappe.db.rollback()
	elif key:
		result = body.get("result")
		stored = idempotency.redacted(body, secret_fields)
		idempotency.remember(key, status, stored, result.get("id") if isinstance(result, dict) else None)
	audit.record_write(name, status, body, key, dry_run=dry_run)
	return json_response(body, status)
