"""Opaque keyset cursors: signed, bound to the filters they were issued for. Pure: no database."""

import base64
import hashlib
import hmac
import json

from unified_accounting.exceptions import InvalidCursorError

NEXT, PREV = "next", "prev"


def fingerprint(resource: str, filters: dict) -> str:
	"""A short hash of the resource and every filter that shapes the result set (not cursor or limit)."""
	canonical = json.dumps([resource, filters], sort_keys=True, default=str, separators=(",", ":"))
	return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode_cursor(key: tuple[str, str], direction: str, bound_to: str, secret: str) -> str:
	"""`key` is (modified, name) of the row the next page starts after (or the previous page ends before)."""
	payload = json.dumps({"k": list(key), "d": direction, "f": bound_to}, separators=(",", ":")).encode()
	body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
	return f"{body}.{sign(body, secret)}"


def decode_cursor(token: str, bound_to: str, secret: str) -> tuple[tuple[str, str], str]:
	"""Return (key, direction) or raise 400 invalid_cursor when tampered with or issued for other filters."""
	body, _, signature = token.partition(".")
	if not body or not hmac.compare_digest(signature, sign(body, secret)):
		raise InvalidCursorError(
			"The cursor is not valid: pass next_cursor or prev_cursor exactly as returned.",
			[{"field": "cursor", "message": "malformed or altered"}],
		)
	payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
	if payload.get("f") != bound_to:
		raise InvalidCursorError(
			"The cursor was issued for other filters or another order: repeat the filters of the first request.",
			[{"field": "cursor", "message": "issued for different filters"}],
		)
	return tuple(payload["k"]), payload["d"]


def sign(body: str, secret: str) -> str:
	return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()[:32]
