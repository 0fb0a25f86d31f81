"""Permission-aware keyset listing over one or more doctypes: a page costs the same wherever it starts."""

from dataclasses import dataclass, field

import frappe
from frappe.utils import get_datetime

from unified_accounting.pagination import NEXT, PREV, Page, Paging, decode_cursor, encode_cursor, fingerprint
from unified_accounting.services.core.settings import resolve_page_size


@dataclass
class ListRequest:
	"""What a list endpoint asks of the lister; `filters_by_doctype` are Frappe filter lists, or None to
	leave that doctype out of the result altogether."""

	resource: str
	fields_by_doctype: dict[str, list[str]]
	filters_by_doctype: dict[str, list | None]
	bound_filters: dict  # the caller's filters as given (`Filters.bound()`), for binding cursors
	paging: Paging = field(default_factory=Paging)


def list_page(request: ListRequest) -> tuple[list[tuple[str, dict]], Page]:
	"""Rows of one page as (doctype, row), ordered by (modified, name) across doctypes, and the Page with
	its cursors. Each doctype costs one `frappe.get_list` query (role and User Permissions applied)."""
	paging = request.paging
	limit = resolve_page_size(paging.limit)
	bound_to = fingerprint(request.resource, {**request.bound_filters, "order": paging.order})
	key, direction = (
		decode_cursor(paging.cursor, bound_to, cursor_secret()) if paging.cursor else (None, NEXT)
	)
	ascending = (paging.order == "asc") == (direction == NEXT)
	rows = []
	for doctype, filters in request.filters_by_doctype.items():
		if filters is None:
			continue
		fields = ["name", "modified", *request.fields_by_doctype[doctype]]
		for row in fetch(doctype, fields, filters, key, ascending, limit + 1):
			rows.append((doctype, row))
	rows.sort(key=lambda pair: (pair[1].modified, pair[1].name), reverse=not ascending)
	has_more = len(rows) > limit
	rows = rows[:limit]
	if direction == PREV:
		rows.reverse()
	page = Page(items=[], result_count=count(request) if paging.include_count else None)
	page.next_cursor, page.prev_cursor = cursors(rows, key, direction, has_more, bound_to)
	return rows, page


def fetch(doctype: str, fields: list[str], filters: list, key, ascending: bool, limit: int) -> list:
	"""One keyset query: rows strictly after `key` in the given direction."""
	or_filters = None
	filters = list(filters)
	if key:
		after, operator = get_datetime(key[0]), ">" if ascending else "<"
		filters.append(["modified", f"{operator}=", after])
		or_filters = [["modified", operator, after], ["name", operator, key[1]]]
	direction = "asc" if ascending else "desc"
	return frappe.get_list(
		doctype,
		fields=list(dict.fromkeys(fields)),
		filters=filters,
		or_filters=or_filters,
		order_by=f"`tab{doctype}`.`modified` {direction}, `tab{doctype}`.`name` {direction}",
		limit_page_length=limit,
	)


def cursors(rows: list, key, direction: str, has_more: bool, bound_to: str) -> tuple[str | None, str | None]:
	"""next_cursor continues after the last row; prev_cursor goes back before the first."""
	if not rows:
		return None, None
	secret = cursor_secret()
	first, last = rows[0][1], rows[-1][1]
	more_after = has_more if direction == NEXT else key is not None
	more_before = key is not None if direction == NEXT else has_more
	next_cursor = encode_cursor(row_key(last), NEXT, bound_to, secret) if more_after else None
	prev_cursor = encode_cursor(row_key(first), PREV, bound_to, secret) if more_before else None
	return next_cursor, prev_cursor


def row_key(row) -> tuple[str, str]:
	return (row.modified.isoformat(), row.name)


def count(request: ListRequest) -> int:
	"""How many records match the filters (all pages), under the same permissions."""
	total = 0
	for doctype, filters in request.filters_by_doctype.items():
		if filters is not None:
			# Qualified and distinct: a filter on a child table (payments' invoice_id) joins it.
			field = f"count(distinct `tab{doctype}`.`name`) as total"
			total += frappe.get_list(doctype, fields=[field], filters=filters)[0].total
	return total


def cursor_secret() -> str:
	"""Per-site secret for signing cursors: the site's encryption key, created by Frappe on first use."""
	from frappe.utils.password import get_encryption_key

	return get_encryption_key()


def children_by_parent(
	child_doctype: str, parent_doctype: str, parents: list[str], fields: list[str]
) -> dict[str, list]:
	"""All child rows of many parents in one query, grouped by parent, in their stored order."""
	if not parents:
		return {}
	rows = frappe.get_list(
		child_doctype,
		fields=list(dict.fromkeys(["name", "parent", "idx", *fields])),
		filters={"parent": ("in", parents), "parenttype": parent_doctype},
		parent_doctype=parent_doctype,
		order_by="parent asc, idx asc",
		limit_page_length=0,
	)
	grouped: dict[str, list] = {}
	for row in rows:
		grouped.setdefault(row.parent, []).append(row)
	return grouped
