"""The audit trail: one Unified Accounting API Log row per write, success or failure."""

import frappe
from frappe.utils import now_datetime

from unified_accounting.services.platform.idempotency import valid_key

DOCTYPE = "Unified Accounting API Log"


def record_write(endpoint: str, status: int, body: dict, idempotency_key: str | None, **flags) -> None:
	"""Log a write's outcome. Called after a failed write has been rolled back, so the row survives."""
	result = body.get("result") if isinstance(body.get("result"), dict) else {}
	error = body.get("error") or {}
	# The log is written by the API on the caller's behalf; callers may only read their own rows. One
	# plain INSERT: the row has no controller logic, and a document insert costs ~5 ms per write.
	user = frappe.session.user
	row = {
		"endpoint": endpoint,
		"http_status": status,
		"user": user,
		# A refused key is not stored, so logging the refusal cannot fail too.
		"idempotency_key": idempotency_key if valid_key(idempotency_key) else None,
		"result_id": result.get("id"),
		"error_type": error.get("type"),
		"message": error.get("message"),
		"replayed": int(bool(flags.get("replayed"))),
		"dry_run": int(bool(flags.get("dry_run"))),
	}
	now = now_datetime()
	standard = {"name": frappe.generate_hash(length=10), "creation": now, "modified": now, "owner": user}
	values = {**standard, "modified_by": user, "docstatus": 0, **row}
	frappe.db.bulk_insert(DOCTYPE, list(values), [tuple(values.values())])
