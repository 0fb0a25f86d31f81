"""The webhook outbox: at commit, one delivery row per change per matching subscription, and a delivery
job enqueued to run after the commit (never inside the request)."""

import frappe
from frappe.utils import now_datetime

from unified_accounting.mappers.changes import matches, parse_event_patterns
from unified_accounting.services.changes.log import insert_rows

WEBHOOK = "Unified Accounting Webhook"
DELIVERY = "Unified Accounting Webhook Delivery"
CACHE_KEY = "unified_accounting:active_webhooks"
# Deliveries are short, latency-sensitive jobs: the queue every bench runs a worker for, next to default.
QUEUE = "short"


def active_webhooks() -> list[dict]:
	"""Active subscriptions with their parsed event patterns, cached until a subscription changes."""
	return frappe.cache.get_value(CACHE_KEY, generator=load_active_webhooks)


def load_active_webhooks() -> list[dict]:
	# Read by the commit of any user's write: which subscriptions exist is not the writer's to filter.
	try:
		rows = frappe.get_all(WEBHOOK, filters={"status": "Active"}, fields=["name", "events", "company"])
	except Exception as exc:
		if frappe.db.is_table_missing(exc):
			return []  # mid-install or mid-migrate: no subscriptions yet
		raise
	return [
		{"name": row.name, "company": row.company, "patterns": parse_event_patterns(row.events)[0]}
		for row in rows
	]


def clear_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)


def write_outbox(batch: str) -> None:
	"""Outbox rows for the changes of `batch` (just written, same transaction) that subscriptions want."""
	webhooks = active_webhooks()
	if not webhooks:
		return
	changes = frappe.db.sql(
		"""select name, resource, `change`, ref_doctype, record_id, company
		from `tabUnified Accounting Change` where batch = %s order by name""",
		batch,
		as_dict=True,
	)
	rows = [delivery_row(hook, change) for change in changes for hook in webhooks if wants(hook, change)]
	if not rows:
		return
	insert_rows(DELIVERY, DELIVERY_FIELDS, rows)
	for webhook in dict.fromkeys(row[DELIVERY_FIELDS.index("webhook")] for row in rows):
		enqueue_delivery(webhook)


def wants(hook: dict, change: dict) -> bool:
	if hook["company"] and change.company and hook["company"] != change.company:
		return False
	return matches(hook["patterns"], change.resource, change.change)


DELIVERY_FIELDS = (
	"creation", "modified", "owner", "modified_by", "docstatus",
	"webhook", "event_id", "resource", "change", "ref_doctype", "record_id", "status", "attempts",
)  # fmt: skip


def delivery_row(hook: dict, change: dict) -> tuple:
	now, user = now_datetime(), getattr(frappe.session, "user", None) or "Administrator"
	return (
		now, now, user, user, 0,
		hook["name"], str(change.name), change.resource, change.change, change.ref_doctype, change.record_id,
		"Pending", 0,
	)  # fmt: skip


def enqueue_delivery(webhook: str) -> None:
	"""The delivery job runs in an RQ worker once this transaction has committed; a rolled-back request
	enqueues nothing (Frappe drops after-commit callbacks on rollback)."""
	frappe.enqueue(
		"unified_accounting.services.webhooks.delivery.deliver_pending",
		queue=QUEUE,
		enqueue_after_commit=True,
		webhook=webhook,
	)
