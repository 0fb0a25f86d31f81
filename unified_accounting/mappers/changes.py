"""Pure rules of the change feed: which change a save is, how changes in one transaction coalesce, the event shape."""

import datetime
import json
from typing import Annotated
from zoneinfo import ZoneInfo

from unified_accounting.filtering import Filter, Filters
from unified_accounting.mappers.common import iso_timestamp
from unified_accounting.resources import (  # noqa: F401 (re-exported for the feed's services)
	DEFAULT_FEED_RESOURCES,
	PARTY_FIELD,
	RESOURCE_BY_DOCTYPE,
	WATCHED_RESOURCES,
)

CHANGES = ("created", "updated", "submitted", "cancelled", "deleted")
# The resources the feed and webhooks carry, and the doctypes behind each, are declared in the registry.
ACTION_CHANGE = {"submit": "submitted", "cancel": "cancelled"}


def changes_of_save(in_insert: bool, action: str | None, docstatus: int, doctype: str) -> list[str]:
	"""What one `on_change` of a document means. An insert that is already submitted (create-and-submit,
	ledger entries) is both created and submitted; ledger entries are only ever created."""
	if in_insert:
		if doctype == "GL Entry" or not docstatus:
			return ["created"]
		return ["created", "submitted"]
	return [ACTION_CHANGE.get(action or "", "updated")]


def coalesce(pending: list[str], change: str) -> list[str]:
	"""Add `change` to the changes a record already has in this transaction. Each change is kept once, and
	`updated` only when nothing else happened to the record: a submit also saves (and sets statuses), but
	it is one `submitted` event, whose record is read as of delivery anyway."""
	if change in pending:
		return pending
	if change == "updated":
		return pending or ["updated"]
	return [c for c in pending if c != "updated"] + [change]


def stored_fields(doctype: str, name: str, doc: dict, restricting: list[tuple[str, str]]) -> dict:
	"""What a change row keeps besides its ids: the fields permission checks and company filters need,
	never the document. `restricting` is (fieldname, linked doctype) of the doctype's Link fields that
	User Permissions restrict; their values are kept, so a tombstone is judged as the record was."""
	party_type, party = doc.get("party_type"), doc.get("party")
	if doctype in PARTY_FIELD:
		party_type, field = PARTY_FIELD[doctype]
		party = doc.get(field)
	elif doctype in ("Customer", "Supplier"):
		party_type, party = doctype, name
	links = sorted({(linked, str(doc.get(field))) for field, linked in restricting if doc.get(field)})
	return {
		"company": doc.get("company"),
		"party_type": party_type,
		"party": party,
		"cost_center": doc.get("cost_center"),
		"record_owner": doc.get("owner"),
		"restricted_by": json.dumps(links, separators=(",", ":")),
	}


def to_change_event(row: dict, record: dict | None, tz: ZoneInfo) -> dict:
	"""One change row (and the record as it stands now, None once deleted) in the ChangeEvent shape."""
	occurred: datetime.datetime = row["creation"]
	return {
		"id": str(row["name"]),
		"resource": row["resource"],
		"record_id": row["record_id"],
		"record_type": row["ref_doctype"],
		"change": row["change"],
		"company": row.get("company"),
		"occurred_at": iso_timestamp(occurred, tz),
		"record": record,
	}


def parse_event_patterns(text: str | None) -> tuple[list[tuple[str, str]], list[str]]:
	"""`invoices.created`, `payments.*`, `*.deleted`, `*`, one per line or comma-separated, into
	(resource, change) pairs ("*" is a wildcard), and the entries that are not valid."""
	patterns, invalid = [], []
	for entry in (text or "").replace(",", "\n").splitlines():
		entry = entry.strip()
		if not entry:
			continue
		resource, _, change = entry.partition(".")
		change = change or "*"
		if (resource == "*" or resource in WATCHED_RESOURCES) and (change == "*" or change in CHANGES):
			patterns.append((resource, change))
		else:
			invalid.append(entry)
	return patterns, invalid


def matches(patterns: list[tuple[str, str]], resource: str, change: str) -> bool:
	return any(r in ("*", resource) and c in ("*", change) for r, c in patterns)


class ChangeFilters(Filters):
	"""list_changes filters; the service applies them itself (they select log rows, not documents)."""

	resources: Annotated[str | None, Filter(None)] = None  # comma-separated; default all but transactions
	changes: Annotated[str | None, Filter(None)] = None  # comma-separated; default every change
	company: Annotated[str | None, Filter(None)] = None  # only events of this company
	since: Annotated[str | None, Filter(None)] = None  # a next_cursor, `now`, or an ISO 8601 timestamp
