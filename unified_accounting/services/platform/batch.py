"""Batch writes: many creates in one request, each under its own savepoint and its own idempotency key."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

import frappe

from unified_accounting.envelope import error_from_exception
from unified_accounting.exceptions import InvalidRequestError, UnifiedError
from unified_accounting.frappe_internals import commit_callback_marks, drop_commit_callbacks_since
from unified_accounting.services.platform import audit, idempotency

MAX_ITEMS = 100


@dataclass(frozen=True)
class BatchSpec:
	"""One batchable create: items share keys and audit rows with the single endpoint `endpoint`, so a key
	used there replays here and the other way round."""

	endpoint: str  # dotted name of the single create endpoint
	bind: Callable[[dict], dict]  # validates one item's body: {"body": <model>} or InvalidRequestError
	write: Callable[[BaseModel], dict]  # creates one item, returns it in the unified shape
	status: int = 201


class BatchAborted(UnifiedError):
	"""all_or_nothing: one item failed, so the whole batch was rolled back. Takes that item's status/type."""

	def __init__(self, index: int, error: dict):
		details = [
			{**d, "field": f"items[{index}].{d['field']}" if d.get("field") else f"items[{index}]"}
			for d in error.get("details") or [{"field": "", "message": error["message"]}]
		]
		super().__init__(f"items[{index}] failed, nothing was written: {error['message']}", details)
		self.error_type, self.http_status_code = error["type"], error["status"]


def run_batch(spec: BatchSpec, items: list[dict[str, Any]], all_or_nothing: bool) -> list[dict]:
	"""One outcome per item, in order: `{index, status, result}` or `{index, status, error}`. A failed
	item leaves nothing behind; with all_or_nothing the first failure rolls the whole batch back."""
	outcomes = []
	for index, item in enumerate(items):
		outcome = run_item(spec, index, dict(item))
		if all_or_nothing and outcome["error"]:
			raise BatchAborted(index, outcome["error"])
		outcomes.append(outcome)
	return outcomes


def run_item(spec: BatchSpec, index: int, item: dict) -> dict:
	key = item.pop("idempotency_key", None)
	savepoint = f"ua_batch_{index}"
	frappe.db.savepoint(savepoint)
	pending = callback_marks()
	try:
		outcome = write_item(spec, item, key)
		if outcome.pop("dry_run", False):
			frappe.db.rollback(save_point=savepoint)
			drop_callbacks_since(pending)
	except Exception as exc:
		frappe.db.rollback(save_point=savepoint)
		drop_callbacks_since(pending)
		status, body = error_from_exception(exc)
		outcome = {"status": status, **body}
	replayed = outcome.get("idempotent_replayed", False)
	audit.record_write(spec.endpoint, outcome["status"], outcome, key, replayed=replayed)
	return {
		"index": index,
		"status": outcome["status"],
		"result": outcome.get("result"),
		"error": outcome.get("error"),
		"idempotent_replayed": replayed,
	}


def write_item(spec: BatchSpec, item: dict, key: str | None) -> dict:
	"""Validate, claim the key (or replay it), create, remember the outcome under the key."""
	if key is not None and not isinstance(key, str):
		raise InvalidRequestError(
			"Invalid request body: idempotency_key.",
			[{"field": "idempotency_key", "message": "not a string"}],
		)
	body = spec.bind(item)["body"]
	if key and not body.dry_run:
		body_hash = idempotency.request_hash(spec.endpoint, item)
		if replay := idempotency.claim(key, spec.endpoint, body_hash):
			return {"status": replay.status, **replay.body, "idempotent_replayed": True}
	result = spec.write(body)
	if key and not body.dry_run:
		idempotency.remember(key, spec.status, {"result": result}, result.get("id"))
	return {"status": spec.status, "result": result, "dry_run": body.dry_run}


def callback_marks() -> tuple:
	"""What a failed item must not leave queued: the before/after-commit callbacks (jobs, realtime
	events) and the change-feed records (services/changes/log.py) it added. Rolling back to a savepoint
	undoes rows only, so we put these back ourselves (frappe_internals: Frappe has no API for it)."""
	changes = getattr(frappe.local, "unified_accounting_changes", None)
	records = {key: dict(entry) for key, entry in changes.records.items()} if changes else None
	return commit_callback_marks(), changes, records


def drop_callbacks_since(marks: tuple) -> None:
	callbacks, changes, records = marks
	drop_commit_callbacks_since(callbacks)
	if changes is None:
		# the change buffer (and its before-commit flush) was created by the failed item: start afresh
		frappe.local.unified_accounting_changes = None
	else:
		changes.records = records
