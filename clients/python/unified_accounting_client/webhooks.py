"""Verifying webhook deliveries: either signature scheme a delivery carries, replays refused by timestamp."""

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


class WebhookVerificationError(Exception):
	"""The delivery is not from the site (or is older than the tolerance): answer 400 and drop it."""


def verify_webhook(
	secret: str, headers: Mapping[str, str], body: bytes, tolerance: int = TOLERANCE_SECONDS
) -> dict:
	"""Return the event of a verified delivery. Standard Webhooks headers (`webhook-id`, `-timestamp`,
	`-signature`) are checked when present, else `X-Unified-Signature: t=..,v1=..`. `body` is the raw
	request body, before any JSON parsing."""
	lower = {key.lower(): value for key, value in headers.items()}
	if "webhook-signature" in lower:
		verify_standard(secret, lower, body, tolerance)
	elif "x-unified-signature" in lower:
		verify_unified(secret, lower["x-unified-signature"], body, tolerance)
	else:
		raise WebhookVerificationError("no signature header")
	return json.loads(body)


def verify_standard(secret: str, headers: Mapping[str, str], body: bytes, tolerance: int) -> None:
	timestamp = fresh(headers.get("webhook-timestamp", ""), tolerance)
	signed = f"{headers.get('webhook-id', '')}.{timestamp}.".encode() + body
	expected = base64.b64encode(hmac.new(signing_key(secret), signed, hashlib.sha256).digest()).decode()
	given = [
		part.partition(",")[2] for part in headers["webhook-signature"].split() if part.startswith("v1,")
	]
	if not any(hmac.compare_digest(expected, signature) for signature in given):
		raise WebhookVerificationError("webhook-signature does not match")


def verify_unified(secret: str, header: str, body: bytes, tolerance: int) -> None:
	parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
	timestamp = fresh(parts.get("t", ""), tolerance)
	expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
	if not hmac.compare_digest(expected, parts.get("v1", "")):
		raise WebhookVerificationError("X-Unified-Signature does not match")


def fresh(value: str, tolerance: int) -> int:
	try:
		timestamp = int(value)
	except ValueError:
		raise WebhookVerificationError("no timestamp") from None
	if abs(time.time() - timestamp) > tolerance:
		raise WebhookVerificationError("timestamp outside the tolerance (a replay?)")
	return timestamp


def signing_key(secret: str) -> bytes:
	"""The Standard Webhooks key: the base64 part after `whsec_`, decoded."""
	try:
		return base64.b64decode(secret.removeprefix(SECRET_PREFIX) + "==")
	except (binascii.Error, ValueError):
		return secret.encode()
