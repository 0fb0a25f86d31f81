"""Delivering webhooks from the outbox in RQ jobs: signed POSTs in order, retries with backoff and jitter,
pausing a subscription that keeps failing, and replays."""

import contextlib
import email.utils
import http.client
import json
import random
import time

from redis.exceptions import LockError

import frappe
from frappe.utils import add_to_date, now_datetime
from frappe.utils.password import get_decrypted_password

from unified_accounting.services.changes.log import EVENT_FIELDS
from unified_accounting.services.changes.records import render_for
from unified_accounting.services.core.settings import get_settings, resource_enabled, switchable
from unified_accounting.services.webhooks import http as webhook_http
from unified_accounting.services.webhooks.outbox import (
	DELIVERY,
	QUEUE,
	WEBHOOK,
	clear_cache,
	enqueue_delivery,
)
from unified_accounting.services.webhooks.targets import RefusedTarget, resolve
from unified_accounting.signatures import HEADER, signature_header, standard_headers

# Seconds before each retry (attempt 2, 3, ...): 1 min, 5 min, 30 min, 2 h, 12 h, 24 h, then give up.
BACKOFF = (60, 300, 1800, 7200, 43200, 86400)
MAX_ATTEMPTS = len(BACKOFF) + 1
JITTER = 0.2  # each wait is stretched or shrunk by up to 20%, so retries of many receivers spread out
TIMEOUT_SECONDS = webhook_http.TOTAL_SECONDS  # per delivery, everything included
EXCERPT = 500  # characters of a connection error kept
MAX_RETRY_AFTER = 7 * 86400  # a receiver's Retry-After is honoured up to a week
BATCH = 20  # at most 20 x TIMEOUT_SECONDS per job: within the short queue's 300 s job timeout
LOCK_SECONDS = 250  # the lock expires by itself if a worker dies holding it
WAIT_SECONDS = 60  # a second job waits this long; the holder re-queues whatever it leaves due


def deliver_pending(webhook: str) -> None:
	"""RQ job: send the subscription's pending deliveries in id order, one job at a time per subscription
	(a Redis lock: a second job waits for the first, then finds what is left). A batch at a time, so a job
	stays within the queue's timeout; another job is queued while due deliveries remain."""
	lock = frappe.cache.lock(
		frappe.cache.make_key(f"unified_accounting:webhook:{webhook}"), timeout=LOCK_SECONDS
	)
	if not lock.acquire(blocking_timeout=WAIT_SECONDS):
		return
	try:
		more = deliver_batch(webhook)
	finally:
		with contextlib.suppress(LockError):
			lock.release()
	if more:
		frappe.enqueue(
			"unified_accounting.services.webhooks.delivery.deliver_pending", queue=QUEUE, webhook=webhook
		)


def deliver_batch(webhook: str) -> bool:
	"""Deliver up to BATCH; stop at the first delivery that is not due or fails, so later events (of the
	same record above all) never overtake it. True when due deliveries remain."""
	hook = active(webhook)
	if not hook:
		return False
	for delivery in pending(webhook):
		if delivery.next_attempt_at and delivery.next_attempt_at > now_datetime():
			return False
		if not attempt(hook, delivery):
			return False
	return bool(active(webhook) and pending(webhook))


def active(webhook: str):
	frappe.db.rollback()  # a fresh snapshot: see what committed since the job started
	hook = frappe.db.get_value(WEBHOOK, webhook, ["name", "status", "target_url", "user"], as_dict=True)
	return hook if hook and hook.status == "Active" else None


def pending(webhook: str) -> list:
	return frappe.get_all(
		DELIVERY,
		filters={"webhook": webhook, "status": "Pending"},
		fields=["name", "event_id", "resource", "attempts", "next_attempt_at"],
		order_by="name asc",
		limit_page_length=BATCH,
	)


def attempt(hook, delivery) -> bool:
	"""Send one delivery and record the outcome (committed at once: at-least-once, never lost)."""
	reason = skip_reason(hook, delivery)
	event = None if reason else payload(hook, delivery)
	if event is None:
		reason = reason or "The subscription's user may not read this event, or it was purged."
		record(delivery, status="Skipped", last_error=reason)
		frappe.db.commit()
		return True
	body = json.dumps(event, separators=(",", ":"), default=str).encode()
	outcome = post(hook, delivery, body, event["id"])
	ok = outcome.pop("ok")
	attempts = delivery.attempts + 1
	if ok:
		outcome.pop("retry_after")
		record(delivery, status="Delivered", attempts=attempts, **outcome)
		frappe.db.set_value(
			WEBHOOK, hook.name, {"consecutive_failures": 0, "last_success_at": now_datetime()}
		)
	else:
		fail(hook, delivery, attempts, outcome)
	frappe.db.commit()
	return ok


def skip_reason(hook, delivery) -> str | None:
	"""Why nothing may be sent for this delivery now, though the subscription is active: its user is
	disabled, or the API or the event's resource is switched off in Unified Accounting Settings."""
	if not frappe.db.get_value("User", hook.user, "enabled"):
		return f"The subscription's user {hook.user} is disabled."
	settings = get_settings()
	if not settings.enabled:
		return "Unified Accounting is disabled in Unified Accounting Settings."
	if delivery.resource in switchable() and not resource_enabled(settings, delivery.resource):
		return f"The {delivery.resource} resource is disabled in Unified Accounting Settings."
	return None


def payload(hook, delivery) -> dict | None:
	"""The change event as the subscription's user may see it now (None: not visible to them)."""
	rows = frappe.get_all(
		"Unified Accounting Change",
		filters={"name": delivery.event_id},
		fields=list(EVENT_FIELDS),
	)
	events = render_for(hook.user, rows) if rows else []
	return events[0] if events else None


def post(hook, delivery, body: bytes, event_id: str) -> dict:
	"""One attempt: resolve the target and check the address (again: DNS may have changed since the
	subscription), connect to that address, sign with both schemes."""
	secret = get_decrypted_password(WEBHOOK, hook.name, "secret")
	timestamp = int(time.time())
	headers = {
		"Content-Type": "application/json",
		"User-Agent": "UnifiedAccounting-Webhooks/1.0",
		HEADER: signature_header(secret, timestamp, body),
		**standard_headers(secret, event_id, timestamp, body),
		"X-Unified-Event-Id": event_id,
		"X-Unified-Delivery-Id": str(delivery.name),
		"X-Unified-Attempt": str(delivery.attempts + 1),
	}
	started = time.monotonic()
	try:
		answer = webhook_http.post(resolve(hook.target_url), body, headers)
	except (RefusedTarget, webhook_http.DeliveryTimeout, OSError, http.client.HTTPException) as exc:
		prefix = "RefusedTarget: " if isinstance(exc, RefusedTarget) else f"{type(exc).__name__}: "
		return {
			"ok": False,
			"last_error": (prefix + str(exc))[:EXCERPT],
			"last_status_code": 0,  # Int columns are NOT NULL: 0 means no answer
			"response_excerpt": None,
			"retry_after": None,
			**latency(started),
		}
	ok = 200 <= answer.status < 300
	return {
		"ok": ok,
		"last_status_code": answer.status,
		"response_excerpt": answer.excerpt,
		"last_error": None if ok else f"HTTP {answer.status}",
		"retry_after": retry_after(answer),
		**latency(started),
	}


def retry_after(answer) -> int | None:
	"""Seconds a 429 or 503 asks us to wait (Retry-After: seconds or an HTTP date), at most a week."""
	value = answer.headers.get("retry-after") if answer.status in (429, 503) else None
	if not value:
		return None
	if value.strip().isdigit():
		seconds = int(value.strip())
	else:
		try:
			seconds = int(email.utils.parsedate_to_datetime(value).timestamp() - time.time())
		except (TypeError, ValueError, OverflowError):
			return None
	return min(max(seconds, 0), MAX_RETRY_AFTER)


def latency(started: float) -> dict:
	return {"last_latency_ms": int((time.monotonic() - started) * 1000), "last_attempt_at": now_datetime()}


def fail(hook, delivery, attempts: int, outcome: dict) -> None:
	"""A failed attempt: retry later (no sooner than a Retry-After), give up after the last, and pause
	at once on 410 Gone (the receiver says the endpoint is gone: the delivery stays pending for when the
	subscription is made active again)."""
	wait = outcome.pop("retry_after")
	failures = (frappe.db.get_value(WEBHOOK, hook.name, "consecutive_failures") or 0) + 1
	frappe.db.set_value(WEBHOOK, hook.name, "consecutive_failures", failures, update_modified=False)
	if outcome["last_status_code"] == 410:
		record(delivery, status="Pending", attempts=attempts, next_attempt_at=None, **outcome)
		pause(hook, f"The receiver answered 410 Gone to delivery {delivery.name}")
		return
	if attempts >= MAX_ATTEMPTS:
		record(delivery, status="Failed", attempts=attempts, next_attempt_at=None, **outcome)
		error = outcome.get("last_error") or "unknown"
		pause(hook, f"Delivery {delivery.name} failed {MAX_ATTEMPTS} times; last error: {error}")
		return
	record(
		delivery, status="Pending", attempts=attempts, next_attempt_at=next_attempt(attempts, wait), **outcome
	)


def next_attempt(attempts: int, retry_after: int | None = None):
	wait = BACKOFF[attempts - 1] * random.uniform(1 - JITTER, 1 + JITTER)
	return add_to_date(now_datetime(), seconds=max(int(wait), retry_after or 0))


def record(delivery, **values) -> None:
	frappe.db.set_value(DELIVERY, delivery.name, values)


def pause(hook, reason: str) -> None:
	"""Pause the subscription and tell its owner and user in Desk."""
	frappe.db.set_value(WEBHOOK, hook.name, {"status": "Paused", "paused_reason": reason})
	clear_cache()
	owner = frappe.db.get_value(WEBHOOK, hook.name, "owner")
	for user in {owner, hook.user} - {None, "Guest"}:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": WEBHOOK,
				"document_name": hook.name,
				"subject": f"Webhook to {hook.target_url} paused",
				"email_content": reason
				+ ". Fix the receiver and set the webhook Active again: pending deliveries resume; replay"
				+ " a failed one.",
			}
		).insert(ignore_permissions=True)  # a system notice, written by the delivery job


def retry_due() -> None:
	"""Scheduler, every minute: a delivery job for each active subscription with a delivery that is due."""
	webhooks = frappe.db.sql(
		f"""select distinct d.webhook from `tab{DELIVERY}` d join `tab{WEBHOOK}` w on w.name = d.webhook
		where d.status = 'Pending' and w.status = 'Active' and (d.next_attempt_at is null or d.next_attempt_at <= %s)""",
		now_datetime(),
		pluck=True,
	)
	for webhook in webhooks:
		frappe.enqueue(
			"unified_accounting.services.webhooks.delivery.deliver_pending", queue=QUEUE, webhook=webhook
		)


def replay(delivery_name: str) -> str:
	"""A new delivery of the same event (same event id: receivers de-duplicate on it), sent after commit."""
	original = frappe.get_doc(DELIVERY, delivery_name)
	fields = ("webhook", "event_id", "resource", "change", "ref_doctype", "record_id")
	copy = frappe.get_doc(
		{
			"doctype": DELIVERY,
			**{f: original.get(f) for f in fields},
			"status": "Pending",
			"attempts": 0,
			"replay_of": original.name,
		}
	).insert(ignore_permissions=True)  # the caller's right to replay was checked on the subscription
	enqueue_delivery(original.webhook)
	return copy.name
