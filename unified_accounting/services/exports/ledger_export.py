"""Large reads of the general ledger for exports: get_list's own query picks the rows (same filters and
permissions as list_transactions), MariaDB writes each row's JSON, Python only joins the strings.

One query template serves the enveloped pages (export_page) and the NDJSON stream (stream): it is built
once per request by get_list with a marker condition, which is swapped for the keyset bounds of each
chunk, so a stream of many chunks builds and permission-checks its query once."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import frappe
from frappe.utils import get_datetime

from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.pagination import NEXT, decode_cursor, encode_cursor, fingerprint
from unified_accounting.services.core.listing import cursor_secret
from unified_accounting.services.core.records import ensure_doctype_readable, map_context, readable_columns
from unified_accounting.services.core.replica import replica_reads
from unified_accounting.services.exports.ledger_sql import transaction_json

DOCTYPE = "GL Entry"
TABLE = f"`tab{DOCTYPE}`"
# What get_list selects for fields=["name", "modified"] (qualified or not).
SELECT_LIST = re.compile(r"select (`tabGL Entry`\.)?`name`, (`tabGL Entry`\.)?`modified`")
# A condition get_list writes into its WHERE clause, replaced by the keyset bounds (never matched as data).
MARKER = "unified-accounting-keyset-bounds"
MARKER_SQL = re.compile(r"`tabGL Entry`\.`name` != '" + re.escape(MARKER) + "'")
LIMIT_SQL = re.compile(r"\blimit 1 offset 0\s*$")
INDEX = "unified_accounting_modified_name"  # added by ensure_index (after_migrate)
MAX_EXPORT_PAGE = 10_000
DEFAULT_EXPORT_PAGE = 5_000
MAX_STREAM = 1_000_000
DEFAULT_STREAM = 100_000
STREAM_CHUNK = 2_000  # rows per query while streaming: the worker's memory holds one chunk

Key = tuple[str, str]  # (modified as 'YYYY-MM-DD HH:MM:SS.ffffff', name)
KEY_COLUMNS = f"cast({TABLE}.modified as char), {TABLE}.name"  # a row's Key, selected


@dataclass
class JsonPage:
	rows: list[str]  # one JSON text per record, in order
	next_cursor: str | None


@dataclass
class Stream:
	chunks: Iterator[bytes]  # NDJSON: one record per line, a chunk of lines per query
	next_cursor: str | None  # where the next stream starts, known before the first byte is sent


def export_page(filters: TransactionFilters, cursor: str | None, limit: int | None) -> JsonPage:
	"""Up to `limit` unified Transactions as JSON texts, ordered by (modified, name), and the cursor after
	them. Cursors are bound to the filters, as list_transactions' are."""
	limit = bounded(limit, DEFAULT_EXPORT_PAGE, MAX_EXPORT_PAGE)
	query = LedgerQuery(filters)
	rows = query.rows(query.start(cursor), None, limit + 1)
	has_more = len(rows) > limit
	rows = rows[:limit]
	next_cursor = query.cursor(rows[-1][:2]) if has_more else None
	return JsonPage([row[2] for row in rows], next_cursor)


def stream(filters: TransactionFilters, cursor: str | None, limit: int | None) -> Stream:
	"""Up to `limit` unified Transactions as NDJSON chunks. The last row of the stream is fixed before
	it starts (one index scan), so its next cursor can travel in a response header; the rows are then read
	in keyset chunks as the client takes them, on the replica when the site reads from one."""
	limit = bounded(limit, DEFAULT_STREAM, MAX_STREAM)
	query = LedgerQuery(filters)
	start = query.start(cursor)
	last = query.last_key(start, limit)
	return Stream(query.chunks(start, last, limit), query.cursor(last) if last else None)


class LedgerQuery:
	"""The permission-checked GL Entry query of one caller and filter set, read by keyset ranges."""

	def __init__(self, filters: TransactionFilters):
		ensure_doctype_readable(DOCTYPE)
		self.bound_to = fingerprint("transactions_export", filters.bound())
		self.template = query_template(filters)
		self.projection = projection()

	def start(self, cursor: str | None) -> Key | None:
		return decode_cursor(cursor, self.bound_to, cursor_secret())[0] if cursor else None

	def cursor(self, key: Key) -> str:
		return encode_cursor((get_datetime(key[0]).isoformat(), key[1]), NEXT, self.bound_to, cursor_secret())

	def sql(self, select: str, after: Key | None, until: Key | None, limit: int, offset: int = 0) -> str:
		bounds = " and ".join(keyset_bounds(after, until)) or "1=1"
		query = MARKER_SQL.sub(lambda _: bounds, self.template, count=1)
		return f"select {select}\nfrom {LIMIT_SQL.sub(f'limit {limit} offset {offset}', query)}"

	def rows(self, after: Key | None, until: Key | None, limit: int, lines: bool = False) -> tuple:
		"""(modified, name, JSON text) of up to `limit` rows after `after`, up to and including `until`;
		`lines`: the JSON as bytes with a newline, ready to send (no decoding and encoding in Python)."""
		record = f"cast(concat({self.projection}, '\\n') as binary)" if lines else self.projection
		select = f"{KEY_COLUMNS}, {record}"
		return frappe.db.sql(self.sql(select, after, until, limit))

	def last_key(self, after: Key | None, limit: int) -> Key | None:
		"""The key of the limit-th row after `after` when more rows follow it; None when it reaches the end."""
		found = frappe.db.sql(self.sql(KEY_COLUMNS, after, None, 2, offset=limit - 1))
		return tuple(found[0]) if len(found) == 2 else None

	def chunks(self, after: Key | None, until: Key | None, limit: int) -> Iterator[bytes]:
		with replica_reads():
			sent = 0
			while sent < limit:
				rows = self.rows(after, until, min(STREAM_CHUNK, limit - sent), lines=True)
				if not rows:
					return
				yield b"".join([row[2] for row in rows])
				sent += len(rows)
				after = rows[-1][:2]
				if len(rows) < STREAM_CHUNK:
					return


def keyset_bounds(after: Key | None, until: Key | None) -> list[str]:
	"""Rows whose (modified, name) is after `after` and not after `until`, written so that MariaDB reads a
	range of the (modified, name) index."""
	modified, name = f"{TABLE}.`modified`", f"{TABLE}.`name`"
	bounds = []
	if after:
		at, key = frappe.db.escape(after[0]), frappe.db.escape(after[1])
		bounds.append(f"{modified} >= {at} and ({modified} > {at} or {name} > {key})")
	if until:
		at, key = frappe.db.escape(until[0]), frappe.db.escape(until[1])
		bounds.append(f"{modified} <= {at} and ({modified} < {at} or {name} <= {key})")
	return bounds


def query_template(filters: TransactionFilters) -> str:
	"""get_list builds the query with the caller's permissions (roles, User Permissions, sharing); its select
	list is dropped (each use selects its own) and the marker condition stands for the keyset bounds."""
	conditions = [*filters.frappe_filters(DOCTYPE), ["name", "!=", MARKER]]
	picked = frappe.get_list(
		DOCTYPE,
		fields=["name", "modified"],
		filters=conditions,
		order_by=f"{TABLE}.`modified` asc, {TABLE}.`name` asc",
		limit_page_length=1,
		run=0,
	)
	select, _, rest = picked.partition("\nfrom ")
	if not (
		SELECT_LIST.fullmatch(select.strip())
		and len(MARKER_SQL.findall(rest)) == 1
		and LIMIT_SQL.search(rest)
	):
		raise RuntimeError(f"unexpected get_list query: {picked[:300]}")
	if rest.startswith(TABLE) and frappe.db.has_index(f"tab{DOCTYPE}", INDEX):
		# Without the hint MariaDB sorts the whole ledger for the first page (it underrates the index).
		rest = f"{TABLE} force index ({INDEX}){rest[len(TABLE) :]}"
	return rest


def count(filters: TransactionFilters) -> int:
	"""How many rows an export of these filters writes, under the same permissions."""
	conditions = filters.frappe_filters(DOCTYPE)
	return frappe.get_list(DOCTYPE, fields=["count(name) as total"], filters=conditions)[0].total


def projection() -> str:
	"""The record's JSON as the caller may see it: columns above their field permission levels are NULL,
	as in list_transactions' rows."""
	ctx = map_context([DOCTYPE])
	meta = frappe.get_meta(DOCTYPE)
	dimensions = [name for name, _doctype in ctx.dimensions if meta.has_field(name)]
	custom = ctx.custom_fields.get(DOCTYPE, [])
	return transaction_json(TABLE, ctx.tz, dimensions, custom, readable_columns(DOCTYPE))


def bounded(limit: int | None, default: int, most: int) -> int:
	from unified_accounting.exceptions import InvalidRequestError

	if limit is None:
		return default
	if not 1 <= limit <= most:
		raise InvalidRequestError(
			f"limit must be between 1 and {most}.",
			[{"field": "limit", "message": f"must be between 1 and {most}"}],
		)
	return limit


def ensure_index() -> None:
	"""after_migrate: the (modified, name) index export pages are read by, on GL Entry (idempotent)."""
	frappe.db.add_index(DOCTYPE, ["modified", "name"], INDEX)
