"""Idempotency keys: a write's key is claimed in the write's own transaction; a retry replays the result."""

import hashlib
import json
import re
from dataclasses import dataclass

import frappe
from frappe.utils import add_days, now_datetime

from unified_accounting.exceptions import InvalidRequestError, UnprocessableError
from unified_accounting.services.core.settings import get_settings

DOCTYPE = "Unified Accounting Idempotency Key"
MAX_KEY_LENGTH = 140  # the Data columns that hold it (key store, audit log)
# No control characters, and no < or >: Frappe's XSS filter would rewrite (and lengthen) such a value.
KEY_PATTERN = re.compile(rf"[^\x00-\x1f\x7f<>]{{1,{MAX_KEY_LENGTH}}}")


@dataclass
class StoredResponse:
	status: int
	body: dict


def request_hash(endpoint: str, body: dict) -> str:
	canonical = json.dumps([endpoint, body], sort_keys=True, default=str, separators=(",", ":"))
	return hashlib.sha256(canonical.encode()).hexdigest()


def key_name(user: str, key: str) -> str:
	"""Keys are per user: the same key from two users are two keys."""
	return hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:40]


def valid_key(key) -> bool:
	return isinstance(key, str) and bool(KEY_PATTERN.fullmatch(key))


def claim(key: str, endpoint: str, body_hash: str) -> StoredResponse | None:
	"""Insert the key before doing the work. A concurrent request with the same key waits on the row lock
	until the first commits, then finds it here and replays; if the first rolled back, it proceeds."""
	if not valid_key(key):
		raise InvalidRequestError(
			f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters, without control characters, < or >.",
			[{"field": "idempotency_key", "message": "invalid key"}],
		)
	user = frappe.session.user
	name = key_name(user, key)
	try:
		# The key store is internal to the API: callers never write it directly.
		frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"user": user,
				"idempotency_key": key,
				"endpoint": endpoint,
				"request_hash": body_hash,
			}
		).insert(ignore_permissions=True, set_name=name)
		return None
	except frappe.DuplicateEntryError:
		return stored(name, endpoint, body_hash)


def stored(name: str, endpoint: str, body_hash: str) -> StoredResponse:
	# The failed insert left this transaction a shared lock on the committed row; a share-mode read sees
	# that row whatever this transaction's snapshot, and (unlike FOR UPDATE) needs no lock upgrade, which
	# would deadlock against the other requests waiting on the same key.
	row = frappe.db.sql(
		f"""select endpoint, request_hash, response_status, response_body from `tab{DOCTYPE}`
		where name = %s lock in share mode""",
		name,
		as_dict=True,
	)[0]
	if row.endpoint != endpoint or row.request_hash != body_hash:
		raise UnprocessableError(
			"This Idempotency-Key was already used with a different request. Use a new key for a new request.",
			[{"field": "idempotency_key", "message": f"already used for {row.endpoint} with another body"}],
		)
	return StoredResponse(row.response_status, json.loads(row.response_body))


def redacted(body: dict, fields: tuple[str, ...]) -> dict:
	"""The body with these result fields set to null: a secret shown once is never stored with the key."""
	result = body.get("result")
	if not fields or not isinstance(result, dict):
		return body
	return {**body, "result": {**result, **dict.fromkeys(fields)}}


def remember(key: str, status: int, body: dict, result_id: str | None) -> None:
	"""Store the outcome in the same transaction as the document it describes."""
	frappe.db.set_value(
		DOCTYPE,
		key_name(frappe.session.user, key),
		{"response_status": status, "response_body": json.dumps(body, default=str), "result_id": result_id},
		update_modified=False,
	)


def purge_expired() -> None:
	"""Daily job: forget keys older than the retention set in Unified Accounting Settings."""
	cutoff = add_days(now_datetime(), -int(get_settings().idempotency_key_retention_days or 1))
	frappe.db.delete(DOCTYPE, {"creation": ("<", cutoff)})
