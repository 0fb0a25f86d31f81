"""Large pages of the general ledger for exports: get_list's own query picks the rows (same filters and
permissions as list_transactions), MariaDB writes each row's JSON, Python only joins the strings."""

import re
from dataclasses import dataclass

import frappe
from frappe.utils import get_datetime

from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.pagination import NEXT, decode_cursor, encode_cursor, fingerprint
from unified_accounting.services.ledger_sql import transaction_json
from unified_accounting.services.listing import cursor_secret
from unified_accounting.services.records import ensure_doctype_readable, map_context

DOCTYPE = "GL Entry"
# What get_list selects for fields=["name", "modified"] (qualified or not).
SELECT_LIST = re.compile(r"select (`tabGL Entry`\.)?`name`, (`tabGL Entry`\.)?`modified`")
INDEX = "unified_accounting_modified_name"  # added by ensure_index (after_migrate)
MAX_EXPORT_PAGE = 10_000
DEFAULT_EXPORT_PAGE = 5_000


@dataclass
class JsonPage:
	rows: list[str]  # one JSON text per record, in order
	next_cursor: str | None


def export_page(filters: TransactionFilters, cursor: str | None, limit: int | None) -> JsonPage:
	"""Up to `limit` unified Transactions as JSON texts, ordered by (modified, name), and the cursor after
	them. Cursors are bound to the filters, as list_transactions' are."""
	ensure_doctype_readable(DOCTYPE)
	limit = page_size(limit)
	bound_to = fingerprint("transactions_export", filters.bound())
	key = decode_cursor(cursor, bound_to, cursor_secret())[0] if cursor else None
	rows = frappe.db.sql(page_sql(filters, key, limit + 1))
	has_more = len(rows) > limit
	rows = rows[:limit]
	next_cursor = None
	if has_more:
		last = (get_datetime(rows[-1][1]).isoformat(), rows[-1][0])
		next_cursor = encode_cursor(last, NEXT, bound_to, cursor_secret())
	return JsonPage([row[2] for row in rows], next_cursor)


def page_sql(filters: TransactionFilters, key: tuple[str, str] | None, limit: int) -> str:
	"""get_list builds the page's query with the caller's permissions (roles, User Permissions, sharing);
	only its select list is swapped for the JSON text."""
	conditions, or_conditions = filters.frappe_filters(DOCTYPE), None
	if key:
		after = get_datetime(key[0])
		conditions.append(["modified", ">=", after])
		or_conditions = [["modified", ">", after], ["name", ">", key[1]]]
	picked = frappe.get_list(
		DOCTYPE,
		fields=["name", "modified"],
		filters=conditions,
		or_filters=or_conditions,
		order_by=f"`tab{DOCTYPE}`.`modified` asc, `tab{DOCTYPE}`.`name` asc",
		limit_page_length=limit,
		run=0,
	)
	select, _, rest = picked.partition("\nfrom ")
	if not SELECT_LIST.fullmatch(select.strip()):
		raise RuntimeError(f"unexpected get_list query: {select[:200]}")
	# The same query, selecting the record's JSON text where get_list selected (name, modified).
	table = f"`tab{DOCTYPE}`"
	if rest.startswith(table) and frappe.db.has_index(f"tab{DOCTYPE}", INDEX):
		# Without the hint MariaDB sorts the whole ledger for the first page (it underrates the index).
		rest = f"{table} force index ({INDEX}){rest[len(table) :]}"
	return f"select {table}.name, cast({table}.modified as char), {projection(table)}\nfrom {rest}"


def count(filters: TransactionFilters) -> int:
	"""How many rows an export of these filters writes, under the same permissions."""
	conditions = filters.frappe_filters(DOCTYPE)
	return frappe.get_list(DOCTYPE, fields=["count(name) as total"], filters=conditions)[0].total


def projection(table: str) -> str:
	ctx = map_context([DOCTYPE])
	meta = frappe.get_meta(DOCTYPE)
	dimensions = [name for name, _doctype in ctx.dimensions if meta.has_field(name)]
	return transaction_json(table, ctx.tz, dimensions, ctx.custom_fields.get(DOCTYPE, []))


def page_size(limit: int | None) -> int:
	from unified_accounting.exceptions import InvalidRequestError

	if limit is None:
		return DEFAULT_EXPORT_PAGE
	if not 1 <= limit <= MAX_EXPORT_PAGE:
		raise InvalidRequestError(
			f"limit must be between 1 and {MAX_EXPORT_PAGE}.",
			[{"field": "limit", "message": f"must be between 1 and {MAX_EXPORT_PAGE}"}],
		)
	return limit


def ensure_index() -> None:
	"""after_migrate: the (modified, name) index export pages are read by, on GL Entry (idempotent)."""
	frappe.db.add_index(DOCTYPE, ["modified", "name"], INDEX)
