"""Webhook signatures, both schemes a delivery carries. Pure: no database.

- `X-Unified-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, Stripe style, keyed by the whole secret
  string (what receivers written before Standard Webhooks verify).
- Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
  `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the base64-decoded part
  of the secret after `whsec_`, so off-the-shelf verifiers (the `standardwebhooks` package) accept it."""

import base64
import binascii
import hashlib
import hmac
import secrets

HEADER = "X-Unified-Signature"
SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
	"""`whsec_` + base64 of random bytes, the Standard Webhooks secret format."""
	return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
	"""The X-Unified-Signature value a delivery of `body` at `timestamp` carries."""
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


def signing_key(secret: str) -> bytes:
	"""The Standard Webhooks key, decoded as the reference verifiers decode it (padding added, stray
	characters dropped). Secrets made before this scheme (`whsec_` + 32 hex characters) are base64 too."""
	try:
		return base64.b64decode(secret.removeprefix(SECRET_PREFIX) + "==")
	except (binascii.Error, ValueError):
		return secret.encode()  # not base64 (never generated so): still a stable key


def standard_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
	"""The three Standard Webhooks headers for one delivery."""
	signed = f"{message_id}.{timestamp}.".encode() + body
	mac = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
	return {
		"webhook-id": message_id,
		"webhook-timestamp": str(timestamp),
		"webhook-signature": f"v1,{base64.b64encode(mac).decode()}",
	}
