"""auto_reconcile over any range as an RQ job: the lines in chunks of 1,000, each committed, progress kept
in Redis (polled, and pushed to the user over Frappe's realtime)."""

import frappe
from frappe.utils import now_datetime

from unified_accounting.exceptions import NotFoundError
from unified_accounting.services.banking import bank_transactions as service

KEY = "unified_accounting:auto_reconcile:{}"
KEEP_SECONDS = 24 * 3600  # a finished job's outcome stays readable for a day
CHUNK_LINES = service.MAX_AUTO_RECONCILE
PROGRESS_EVENT = "unified_accounting_auto_reconcile"


def start(bank_account: str, from_date=None, to_date=None, dry_run: bool = False) -> dict:
	"""Check what a call would check, then queue the job after this request commits; return its state (a
	dry run: the state it would start with, nothing queued)."""
	account, lines = service.reconcilable(bank_account, from_date, to_date)
	state = {
		"id": frappe.generate_hash(length=16),
		"status": "queued",
		"bank_account_id": account.name,
		"from_date": str(from_date) if from_date else None,
		"to_date": str(to_date) if to_date else None,
		"total_lines": len(lines),
		"examined": 0,
		"reconciled": [],
		"partially_reconciled": [],
		"error": None,
		"created_at": now_datetime().isoformat(),
		"finished_at": None,
		"user": frappe.session.user,
	}
	if dry_run:
		return public(state)
	save(state)
	frappe.enqueue(
		"unified_accounting.services.banking.reconcile_jobs.run",
		queue="long",
		timeout=3 * 3600,
		enqueue_after_commit=True,
		job_id=f"unified-accounting-auto-reconcile-{state['id']}",
		job=state["id"],
	)
	return public(state)


def run(job: str) -> None:
	"""The RQ job, as the user who started it (their permissions): a chunk at a time, committed."""
	state = read(job)
	frappe.set_user(state["user"])
	save({**state, "status": "running"})
	try:
		_account, lines = service.reconcilable(state["bank_account_id"], state["from_date"], state["to_date"])
		for first in range(0, len(lines), CHUNK_LINES):
			done = service.reconcile_lines(
				lines[first : first + CHUNK_LINES], state["from_date"], state["to_date"]
			)
			frappe.db.commit()
			state["examined"] += done["examined"]
			state["reconciled"] += done["reconciled"]
			state["partially_reconciled"] += done["partially_reconciled"]
			save({**state, "status": "running"})
		state["status"] = "done"
	except Exception as exc:
		frappe.db.rollback()
		state["status"], state["error"] = "failed", str(exc)[:500]
		frappe.log_error(title="Unified Accounting auto_reconcile job failed")
	state["finished_at"] = now_datetime().isoformat()
	save(state)


def get(job: str) -> dict:
	"""The job's state for the user who started it (or a System Manager); anyone else: 404."""
	state = frappe.cache.get_value(KEY.format(job), expires=True)
	if not state or (state["user"] != frappe.session.user and "System Manager" not in frappe.get_roles()):
		raise NotFoundError(f"No auto_reconcile job {job}.", [{"field": "id", "message": "not found"}])
	return public(state)


def read(job: str) -> dict:
	state = frappe.cache.get_value(KEY.format(job), expires=True)
	if state is None:
		raise NotFoundError(f"No auto_reconcile job {job} (expired?).")
	return state


def save(state: dict) -> None:
	frappe.cache.set_value(KEY.format(state["id"]), state, expires_in_sec=KEEP_SECONDS)
	frappe.publish_realtime(PROGRESS_EVENT, public(state), user=state["user"])


def public(state: dict) -> dict:
	total = state["total_lines"]
	shown = {k: v for k, v in state.items() if k != "user"}
	return {**shown, "progress": round(state["examined"] / total, 4) if total else 1.0}
