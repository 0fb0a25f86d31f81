"""Pure helpers shared by every resource mapper: timestamps, statuses, references, tracking categories."""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from unified_accounting.mappers.custom_fields import custom_fields_of

# frappe.utils.strip_html's pattern (comments and tags), here so that mappers never import frappe.
TAGS = re.compile(r"(<!--.*?-->|<[^>]*>)")


def strip_tags(text: str) -> str:
	return TAGS.sub("", text)


def reverse(mapping: dict) -> dict:
	"""The other direction of a one-to-one enum map (built once, at import)."""
	return {unified: erpnext for erpnext, unified in mapping.items()}


def reverse_all(mapping: dict) -> dict[str, list]:
	"""The other direction of a many-to-one enum map: each unified value -> every ERPNext value of it."""
	found: dict[str, list] = {}
	for erpnext, unified in mapping.items():
		found.setdefault(unified, []).append(erpnext)
	return found


POSTING_STATUS = {0: "draft", 1: "posted", 2: "cancelled"}
DOCSTATUS_BY_POSTING_STATUS = reverse(POSTING_STATUS)
# records switched by an `enabled` check (Currency, Mode of Payment)
ENABLED_STATUS = {1: "active", 0: "inactive"}
ENABLED_BY_STATUS = reverse(ENABLED_STATUS)


@dataclass
class MapContext:
	"""What mappers need besides the rows, gathered once per request by the service."""

	tz: ZoneInfo  # the site's system time zone: stored datetimes are naive in it
	custom_fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # doctype -> (field, type)
	dimensions: list[tuple[str, str]] = field(default_factory=list)  # (fieldname, document_type)
	names: dict[tuple[str, str], str] = field(default_factory=dict)  # (doctype, id) -> display name
	remote_data: dict[tuple[str, str], dict] = field(default_factory=dict)  # (doctype, id) -> document
	balances: dict[str, float] | None = None  # account id -> GL balance, when asked for
	currencies: dict[str, str] = field(default_factory=dict)  # company -> its currency
	facts: dict[str, dict] = field(default_factory=dict)  # what one resource's service adds (bank balances)


def snake(value: str | None) -> str | None:
	"""'Accounts Receivable' -> 'accounts_receivable'; None stays None."""
	if not value:
		return None
	return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")


def iso_timestamp(value: datetime.datetime | None, tz: ZoneInfo) -> str | None:
	"""A stored (naive, site time zone) datetime as ISO 8601 with its UTC offset."""
	if value is None:
		return None
	return value.replace(tzinfo=tz).isoformat()


def iso_date(value) -> str | None:
	return value.isoformat() if value else None


def text(value) -> str | None:
	"""An optional text column: empty is None."""
	return value or None


def same(value):
	return value


# A field table row: (unified key, ERPNext column, read converter). One table serves both directions:
# `read_fields` builds the unified keys, `write_fields` the ERPNext columns of the keys a caller gave.
def read_fields(row: dict, table: tuple) -> dict:
	return {unified: convert(row.get(column)) for unified, column, convert in table}


def write_fields(given: dict, table: tuple) -> dict:
	return {column: given[unified] for unified, column, _convert in table if unified in given}


def columns(*tables: tuple) -> tuple[str, ...]:
	"""The ERPNext columns of field tables, to select."""
	return tuple(column for table in tables for _unified, column, _convert in table)


def enabled_status(enabled) -> str:
	return ENABLED_STATUS[int(enabled or 0)]


def posting_status(docstatus: int | None) -> str:
	return POSTING_STATUS[int(docstatus or 0)]


def number(value) -> float:
	return float(value or 0)


def contact_ref(party_type: str | None, party: str | None, name: str | None = None) -> dict | None:
	if not party_type or not party:
		return None
	return {"id": party, "name": name, "type": snake(party_type)}


def tracking_categories(row: dict, ctx: MapContext) -> list[dict]:
	"""Cost center, project and every accounting dimension set on a row, in that order."""
	found = []
	for fieldname, kind in (("cost_center", "cost_center"), ("project", "project")):
		if row.get(fieldname):
			found.append(
				{"type": kind, "id": row[fieldname], "name": display_name(ctx, kind, row[fieldname])}
			)
	for fieldname, document_type in ctx.dimensions:
		if row.get(fieldname):
			found.append(
				{
					"type": fieldname,
					"id": row[fieldname],
					"name": display_name(ctx, document_type, row[fieldname]),
				}
			)
	return found


def display_name(ctx: MapContext, doctype: str, record_id: str) -> str:
	return ctx.names.get((doctype, record_id), record_id)


def base_fields(row: dict, doctype: str, ctx: MapContext) -> dict:
	"""The keys every unified record starts with."""
	return {
		"id": row["name"],
		"company": row.get("company"),
		"created_at": iso_timestamp(row.get("creation"), ctx.tz),
		"updated_at": iso_timestamp(row.get("modified"), ctx.tz),
	}


def trailing_fields(row: dict, doctype: str, ctx: MapContext) -> dict:
	"""The keys every unified record ends with."""
	return {
		"custom_fields": custom_fields_of(row, ctx.custom_fields.get(doctype, [])),
		"remote_data": ctx.remote_data.get((doctype, row["name"])),
	}
