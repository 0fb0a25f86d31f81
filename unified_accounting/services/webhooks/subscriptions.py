"""Webhook subscriptions: create (the secret is shown once), list and delete under the caller's permissions."""

import frappe

from unified_accounting.exceptions import (
	InvalidRequestError,
	NotFoundError,
	PermissionDeniedError,
	UnprocessableError,
)
from unified_accounting.mappers.changes import parse_event_patterns
from unified_accounting.services.webhooks.outbox import DELIVERY, WEBHOOK
from unified_accounting.services.webhooks.targets import subscription_refusal

MAX_SUBSCRIPTIONS_PER_USER = 20

WEBHOOK_FIELDS = (
	"name", "target_url", "status", "events", "company", "user", "description", "consecutive_failures",
	"last_success_at", "paused_reason", "creation", "modified",
)  # fmt: skip
DELIVERY_FIELDS = (
	"name", "webhook", "event_id", "resource", "change", "record_id", "status", "attempts", "next_attempt_at",
	"last_attempt_at", "last_status_code", "last_latency_ms", "last_error", "response_excerpt", "replay_of",
	"creation",
)  # fmt: skip


def create_webhook(values: dict):
	"""Insert a subscription as the caller (ERPNext checks create permission); return (row, secret)."""
	doc = frappe.get_doc({"doctype": WEBHOOK, **values})
	doc.user = doc.user or frappe.session.user
	# No company means every company: keep Frappe from filling in the user's default company.
	doc.dont_update_if_missing = [*getattr(doc, "dont_update_if_missing", []), "company"]
	doc.insert()
	return get_webhook(doc.name), doc.flags.plain_secret


def get_webhook(name: str):
	rows = frappe.get_list(WEBHOOK, filters={"name": name}, fields=list(WEBHOOK_FIELDS))
	if not rows:
		raise NotFoundError(f"No webhook {name}.")
	return rows[0]


def list_webhooks(limit: int) -> list:
	return frappe.get_list(
		WEBHOOK, fields=list(WEBHOOK_FIELDS), order_by="creation asc", limit_page_length=limit
	)


def delete_webhook(name: str) -> None:
	"""Delete the subscription and its delivery log (ERPNext checks delete permission first)."""
	ensure_exists(name)
	doc = frappe.get_doc(WEBHOOK, name)
	doc.check_permission("delete")
	# The log belongs to the subscription: it goes with it.
	frappe.db.delete(DELIVERY, {"webhook": name})
	frappe.delete_doc(WEBHOOK, name)


def ensure_exists(name: str) -> None:
	if not frappe.db.exists(WEBHOOK, name):
		raise NotFoundError(f"No webhook {name}.")


def readable_delivery(name: str):
	"""The delivery, after checking the caller may act on its subscription (write permission)."""
	delivery = frappe.db.get_value(DELIVERY, name, list(DELIVERY_FIELDS), as_dict=True)
	if not delivery:
		raise NotFoundError(f"No webhook delivery {name}.")
	if not frappe.has_permission(WEBHOOK, "write", delivery.webhook):
		raise PermissionDeniedError(f"You may not replay deliveries of webhook {delivery.webhook}.")
	return delivery


def list_deliveries(webhook: str, status: str | None, limit: int) -> list:
	"""The newest deliveries of a subscription the caller may read (404 otherwise)."""
	get_webhook(webhook)
	# The log rows follow their subscription's permission, checked just above.
	filters = {"webhook": webhook, **({"status": status.capitalize()} if status else {})}
	return frappe.get_all(
		DELIVERY, filters=filters, fields=list(DELIVERY_FIELDS), order_by="name desc", limit_page_length=limit
	)


def get_delivery(name: str):
	return frappe.db.get_value(DELIVERY, name, list(DELIVERY_FIELDS), as_dict=True)


def validate_subscription(doc, check_user: bool = True) -> None:
	"""Refusals shared by Desk and the API: bad events, a URL that is not http(s) or reaches an internal
	address, running as someone else, more than MAX_SUBSCRIPTIONS_PER_USER for one user."""
	_patterns, invalid = parse_event_patterns(doc.events)
	details = [{"field": "events", "message": f"unknown event {entry}"} for entry in invalid]
	if not (doc.events or "").strip():
		details.append({"field": "events", "message": "required: e.g. invoices.created or *"})
	details += target_problems(doc.target_url or "")
	if details:
		problems = "; ".join(f"{d['field']}: {d['message']}" for d in details)
		raise InvalidRequestError(f"Invalid webhook: {problems}.", details)
	if not check_user:
		return
	if doc.user != frappe.session.user and "System Manager" not in frappe.get_roles():
		raise PermissionDeniedError(
			"Only a System Manager may create a webhook whose payloads follow another user's permissions.",
			[{"field": "user", "message": "must be yourself"}],
		)
	ensure_under_cap(doc)


def target_problems(url: str) -> list[dict]:
	if not url.startswith(("http://", "https://")):
		return [{"field": "target_url", "message": "must be an http:// or https:// URL"}]
	refused = subscription_refusal(url)
	return [{"field": "target_url", "message": refused}] if refused else []


def ensure_under_cap(doc) -> None:
	# Every subscription of that user counts, whoever may read it: the cap is the site's, not the caller's.
	count = frappe.db.count(WEBHOOK, {"user": doc.user, "name": ("!=", doc.name or "")})
	if count >= MAX_SUBSCRIPTIONS_PER_USER:
		raise UnprocessableError(
			f"{doc.user} already has {count} webhooks; at most {MAX_SUBSCRIPTIONS_PER_USER} per user. "
			"Delete one, or subscribe one URL to more events.",
			[{"field": "user", "message": f"at most {MAX_SUBSCRIPTIONS_PER_USER} webhooks per user"}],
		)
