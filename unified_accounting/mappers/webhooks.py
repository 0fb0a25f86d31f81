"""Pure mapping of webhook subscriptions and deliveries to the unified Webhook and WebhookDelivery shapes."""

from zoneinfo import ZoneInfo

from unified_accounting.mappers.common import iso_timestamp


def event_list(text: str | None) -> list[str]:
	return [e.strip() for e in (text or "").replace(",", "\n").splitlines() if e.strip()]


def to_unified_webhook(row: dict, tz: ZoneInfo, secret: str | None = None) -> dict:
	return {
		"id": row["name"],
		"target_url": row["target_url"],
		"status": (row["status"] or "Active").lower(),
		"events": event_list(row["events"]),
		"company": row["company"],
		"user": row["user"],
		"description": row["description"],
		"consecutive_failures": int(row["consecutive_failures"] or 0),
		"last_success_at": iso_timestamp(row["last_success_at"], tz),
		"paused_reason": row["paused_reason"],
		"created_at": iso_timestamp(row["creation"], tz),
		"secret": secret,
	}


def to_unified_delivery(row: dict, tz: ZoneInfo) -> dict:
	# A skipped delivery is most often one whose record the subscription's user may not read: the log
	# names neither that record nor what happened to it (last_error says why it was skipped).
	hidden = row["status"] == "Skipped"
	return {
		"id": str(row["name"]),
		"webhook_id": row["webhook"],
		"event_id": row["event_id"],
		"resource": row["resource"],
		"change": None if hidden else row["change"],
		"record_id": None if hidden else row["record_id"],
		"status": (row["status"] or "").lower(),
		"attempts": int(row["attempts"] or 0),
		"next_attempt_at": iso_timestamp(row["next_attempt_at"], tz),
		"last_attempt_at": iso_timestamp(row["last_attempt_at"], tz),
		"last_status_code": row["last_status_code"] or None,
		"last_latency_ms": row["last_latency_ms"],
		"last_error": row["last_error"],
		"response_excerpt": row["response_excerpt"],
		"replay_of": str(row["replay_of"]) if row["replay_of"] else None,
	}
