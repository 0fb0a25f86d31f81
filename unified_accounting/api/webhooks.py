"""Webhook endpoints: subscriptions to change events, their delivery log, and replaying a delivery."""

from typing import Literal
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_system_timezone

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import WebhookAction, WebhookCreate
from unified_accounting.mappers.webhooks import to_unified_delivery, to_unified_webhook
from unified_accounting.pagination import Page
from unified_accounting.schemas import Deleted, Webhook, WebhookDelivery
from unified_accounting.services.core.settings import resolve_page_size
from unified_accounting.services.webhooks import delivery as webhook_delivery
from unified_accounting.services.webhooks import subscriptions as webhooks


@frappe.whitelist(methods=["POST"])
@unified_api(write=True, status=201, secret_fields=("secret",))
def create_webhook(body: WebhookCreate) -> Webhook:
	"""Subscribe a URL to change events; return the subscription with its signing `secret` (shown only
	here: a replay of the same Idempotency-Key answers `secret: null`)."""
	values = body.model_dump(exclude={"dry_run"}, exclude_none=True) | {"events": "\n".join(body.events)}
	row, secret = webhooks.create_webhook(values)
	return to_unified_webhook(row, tz(), secret)


@frappe.whitelist(methods=["GET"])
@unified_api()
def list_webhooks(limit: int | None = None) -> Page[Webhook]:
	"""Return the subscriptions the caller may read, oldest first (secrets are never returned)."""
	return Page(
		items=[to_unified_webhook(row, tz()) for row in webhooks.list_webhooks(resolve_page_size(limit))]
	)


@frappe.whitelist(methods=["POST"])
@unified_api(write=True)
def delete_webhook(body: WebhookAction) -> Deleted:
	"""Delete a subscription and its delivery log; nothing more is sent to it."""
	webhooks.delete_webhook(body.id)
	return {"id": body.id, "deleted": True}


@frappe.whitelist(methods=["GET"])
@unified_api()
def list_deliveries(
	webhook_id: str,
	status: Literal["pending", "delivered", "failed", "skipped"] | None = None,
	limit: int | None = None,
) -> Page[WebhookDelivery]:
	"""Return a subscription's delivery log, newest first: attempts, status code, latency, last error."""
	rows = webhooks.list_deliveries(webhook_id, status, resolve_page_size(limit))
	return Page(items=[to_unified_delivery(row, tz()) for row in rows])


@frappe.whitelist(methods=["POST"])
@unified_api(write=True, status=201)
def replay_delivery(body: WebhookAction) -> WebhookDelivery:
	"""Send a delivery's event again (same event id) as a new delivery, queued after commit; return it."""
	webhooks.readable_delivery(body.id)
	return to_unified_delivery(webhooks.get_delivery(webhook_delivery.replay(body.id)), tz())


def tz() -> ZoneInfo:
	return ZoneInfo(get_system_timezone())
