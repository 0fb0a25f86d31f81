"""Webhook signatures, Stripe style: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. Pure: no database."""

import hashlib
import hmac

HEADER = "X-Unified-Signature"


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
	"""The header value a delivery of `body` at `timestamp` carries."""
	return f"t={timestamp},v1={digest(secret, timestamp, body)}"


def digest(secret: str, timestamp: int, body: bytes) -> str:
	return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
	"""What a receiver does: recompute, compare in constant time, refuse stale timestamps (replays)."""
	parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
	try:
		timestamp = int(parts.get("t", ""))
	except ValueError:
		return False
	if abs(now - timestamp) > tolerance:
		return False
	return hmac.compare_digest(parts.get("v1", ""), digest(secret, timestamp, body))
