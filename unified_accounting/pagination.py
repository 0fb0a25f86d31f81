"""Paging of list endpoints: the Paging request object, the Page result, and opaque keyset cursors
(signed, bound to the filters they were issued for). Pure: no database."""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from unified_accounting.exceptions import InvalidCursorError

NEXT, PREV = "next", "prev"


class Paging(BaseModel):
	"""How a list endpoint pages: declared once, taken by every list endpoint as `paging: Paging` (its
	fields arrive as flat query parameters; the binder in api/policy.py gathers them)."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	cursor: str | None = None  # next_cursor / prev_cursor exactly as a previous page returned it
	limit: int | None = None  # page size: settings default, at most the settings maximum
	order: Literal["asc", "desc"] = "asc"  # by (modified, name)
	include_count: bool = False  # add result_count: every matching record, all pages


# The record shape of a page: list endpoints annotate `-> Page[Invoice]`, which the OpenAPI spec reads.
Item = TypeVar("Item")


@dataclass
class Page(Generic[Item]):
	"""One page of a list endpoint, before it is put in the envelope."""

	items: list[dict]
	next_cursor: str | None = None
	prev_cursor: str | None = None
	result_count: int | None = None


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
	# compared as bytes: compare_digest refuses str with non-ASCII characters (a 500, found by fuzzing)
	if not body or not hmac.compare_digest(signature.encode(), sign(body, secret).encode()):
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
