"""The change feed: one keyset-paged stream of change events across resources, retention and its purge."""

import datetime
import time

import frappe
from frappe.utils import add_days, get_datetime, now_datetime

from unified_accounting.exceptions import GoneError, InvalidRequestError
from unified_accounting.mappers.changes import (
	CHANGES,
	DEFAULT_FEED_RESOURCES,
	WATCHED_RESOURCES,
	ChangeFilters,
)
from unified_accounting.pagination import NEXT, Page, decode_cursor, encode_cursor, fingerprint
from unified_accounting.services.changes.log import DOCTYPE, EVENT_FIELDS
from unified_accounting.services.changes.records import to_events, visible_rows
from unified_accounting.services.changes.sequence import max_position, pending, request_sequencing
from unified_accounting.services.core.listing import cursor_secret
from unified_accounting.services.core.settings import get_settings, resolve_page_size, resource_enabled
from unified_accounting.services.webhooks.outbox import DELIVERY

# A request reads at most this many log rows and for at most this long (a caller who may read little of a
# large log still gets an answer); its cursor then continues after the part it read.
SCAN_ROWS = 5000
SCAN_SECONDS = 2.0
PURGED_THROUGH = "unified_accounting_changes_purged_through"  # a DefaultValue: "<seq> <timestamp>"; see install.DEFAULT_KEYS


# Always the primary, also on sites that serve reads from a replica: a lagging replica could show a later
# commit without an earlier one and move a cursor past it, and show a new record as missing.
@frappe.write_only()
def list_changes(filters: ChangeFilters, cursor: str | None, limit: int | None) -> Page:
	"""One page of the events after the position given by `cursor` or `since` (a cursor, `now` or a
	timestamp), only those the caller may see, in feed order (`seq`, given at commit by the sequencer).
	`next_cursor` is always set: poll with it to get what happens next."""
	resources, changes = validate(filters)
	size = resolve_page_size(limit)
	bound_to = fingerprint(
		"changes", {"resources": resources, "changes": changes, "company": filters.company}
	)
	position = start_position(cursor or filters.since, bound_to)
	events, position = scan(resources, changes, filters.company, position, size)
	if len(events) < size and pending():
		request_sequencing()  # committed rows still unnumbered: their job was lost (the sweep would come)
	next_cursor = encode_cursor((str(position), ""), NEXT, bound_to, cursor_secret())
	return Page(items=events, next_cursor=next_cursor)


def validate(filters: ChangeFilters) -> tuple[list[str], list[str]]:
	"""The resources (enabled in settings) and changes asked for; unknown names are one 400."""
	resources = split(filters.resources) or list(DEFAULT_FEED_RESOURCES)
	changes = split(filters.changes) or list(CHANGES)
	details = [
		{"field": "resources", "message": f"unknown resource {r}; one of: {', '.join(WATCHED_RESOURCES)}"}
		for r in resources
		if r not in WATCHED_RESOURCES
	] + [
		{"field": "changes", "message": f"unknown change {c}; one of: {', '.join(CHANGES)}"}
		for c in changes
		if c not in CHANGES
	]
	if details:
		raise InvalidRequestError(
			"Invalid filter values: " + ", ".join(d["field"] for d in details) + ".", details
		)
	settings = get_settings()
	enabled = [
		r for r in resources if not settings.meta.has_field(f"enable_{r}") or resource_enabled(settings, r)
	]
	return sorted(enabled), sorted(changes)


def split(value: str | list | None) -> list[str]:
	if not value:
		return []
	items = value if isinstance(value, list) else str(value).split(",")
	return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def start_position(since: str | None, bound_to: str) -> int:
	"""The position after which the page starts: from a cursor, `now` (the last position given), a
	timestamp, or 0 (the oldest kept)."""
	purged_seq, purged_at = purged_through()
	if not since:
		return 0
	if since == "now":
		return max_position()
	timestamp = parse_timestamp(since)
	if timestamp is None:
		(position, _), _direction = decode_cursor(since, bound_to, cursor_secret())
		position = int(position)
		if position < purged_seq:
			raise gone()
		return position
	if purged_at and timestamp < purged_at:
		raise gone()
	return position_at(timestamp, purged_seq)


def position_at(timestamp: datetime.datetime, floor: int) -> int:
	"""Just before the first event sequenced after `timestamp`: every event committed after it comes, and
	events sequenced around that instant may come again, never be skipped."""
	first = frappe.db.sql(
		f"select min(seq) from `tab{DOCTYPE}` where seq > 0 and sequenced_at > %s", timestamp
	)[0][0]
	if first is not None:
		return max(int(first) - 1, floor)
	return max_position()


def parse_timestamp(value: str) -> datetime.datetime | None:
	"""An ISO 8601 timestamp (naive: the site's time zone), or None when `value` is a cursor."""
	try:
		parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
	except ValueError:
		return None
	if parsed.tzinfo:
		from frappe.utils.data import convert_utc_to_system_timezone

		parsed = convert_utc_to_system_timezone(parsed.astimezone(datetime.timezone.utc)).replace(tzinfo=None)
	return parsed


def gone() -> GoneError:
	days = get_settings().change_retention_days or 30
	return GoneError(
		f"This position in the change feed is older than the retention ({days} days) and its events were "
		"purged. Resync: page every resource in full, then follow the feed from a position (since=now) taken before.",
		[{"field": "since", "message": "older than the change retention"}],
	)


def scan(resources: list, changes: list, company: str | None, position: int, size: int) -> tuple[list, int]:
	"""Read change rows after `position` in feed order, batch by batch, keeping the visible ones, until the
	page is full, the sequenced end of the log is reached, or SCAN_ROWS / SCAN_SECONDS are spent. Returns
	(events, the last position consumed)."""
	# The first read is one page's worth (most callers see most events); each later one twice the last.
	taken, batch, scanned = [], max(size, 100), 0
	deadline = time.monotonic() + SCAN_SECONDS
	while True:
		asked = min(batch, SCAN_ROWS - scanned)
		rows = fetch(resources, changes, company, position, asked)
		scanned += len(rows)
		room = size - len(taken)
		visible = visible_rows(rows)
		if len(visible) >= room:
			taken += visible[:room]
			return to_events(taken), int(taken[-1][0].seq) if taken else position
		taken += visible
		position = int(rows[-1].seq) if rows else position
		if len(rows) < asked or scanned >= SCAN_ROWS or time.monotonic() > deadline:
			return to_events(taken), position
		batch = min(batch * 2, 2000)


def fetch(resources: list, changes: list, company: str | None, position: int, limit: int) -> list:
	if not resources:
		return []
	filters = {"seq": (">", position), "resource": ("in", resources), "change": ("in", changes)}
	if company:
		filters["company"] = company
	# The log itself is internal: what a caller may see of it is decided per row by visible_rows.
	return frappe.get_all(
		DOCTYPE,
		filters=filters,
		fields=list(EVENT_FIELDS),
		order_by="seq asc",
		limit_page_length=limit,
	)


def purged_through() -> tuple[int, datetime.datetime | None]:
	"""Read from the table, not frappe's defaults cache: a process holding an older snapshot can refill
	that cache with the value from before a purge, and a purged position must never read as kept."""
	value = frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": PURGED_THROUGH}, "defvalue")
	if not value:
		return 0, None
	position, _, timestamp = value.partition(" ")
	return int(position), get_datetime(timestamp)


def purge_expired() -> None:
	"""Daily job: drop change rows older than the retention, remembering how far it went (for 410 gone),
	and the delivery log's finished rows of the same age (pending ones stay until delivered or failed)."""
	cutoff = add_days(now_datetime(), -int(get_settings().change_retention_days or 30))
	frappe.db.delete(
		DELIVERY, {"creation": ("<", cutoff), "status": ("in", ("Delivered", "Skipped", "Failed"))}
	)
	last = frappe.db.sql(
		f"select max(seq), max(creation) from `tab{DOCTYPE}` where seq > 0 and creation < %s", cutoff
	)
	if not last or last[0][0] is None:
		return
	frappe.db.sql(f"delete from `tab{DOCTYPE}` where seq > 0 and seq <= %s", last[0][0])
	frappe.db.set_default(PURGED_THROUGH, f"{last[0][0]} {last[0][1].isoformat()}")
