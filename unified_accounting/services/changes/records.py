"""Which change rows a user may see, and each visible record in its unified shape as it stands now."""

import json
from zoneinfo import ZoneInfo

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.permissions import get_role_permissions
from frappe.utils import get_system_timezone
from frappe.utils.caching import request_cache

from unified_accounting.mappers.changes import PARTY_FIELD, to_change_event

# The stored field of a change row, the Link doctype it names and the document field that holds it.
STORED_LINKS = (("company", "Company", "company"), ("cost_center", "Cost Center", "cost_center"))


def visible_rows(rows: list[dict]) -> list[tuple[dict, bool]]:
	"""The rows the session user could read, in the order given, each with whether its record can be shown
	now. A record that still exists is judged by the same permission-filtered query a list runs; a deleted
	one (and every `deleted` event) by the fields its tombstone kept, against the user's roles and User
	Permissions."""
	readable, gone = readable_now(rows)
	user_permissions = get_user_permissions(frappe.session.user)
	kept = tombstones(rows, gone)
	visible = []
	for row in rows:
		key = (row.ref_doctype, row.record_id)
		if row.change != "deleted" and key in readable:
			visible.append((row, True))
		elif row.change == "deleted" or key in gone:
			# a deleted row is judged on what it kept; an earlier event of a deleted record as its latest
			# tombstone is (it kept the shares)
			judged = kept.get(row.name) if row.change == "deleted" else kept.get(key)
			if tombstone_readable(judged or row, user_permissions):
				visible.append((row, False))
	return visible


def tombstones(rows: list[dict], gone: set[tuple[str, str]]) -> dict:
	"""In one query, all that tombstones kept: each deleted row of the page (by its id) and the latest
	tombstone of each record that no longer exists (by (doctype, name))."""
	deleted = [row.name for row in rows if row.change == "deleted"]
	if not deleted and not gone:
		return {}
	from unified_accounting.services.changes.log import DOCTYPE, TOMBSTONE_FIELDS

	names = sorted({name for _doctype, name in gone}) or [""]
	# The log itself is internal (as in changes.fetch): these rows only decide what the caller is shown.
	found = frappe.db.sql(
		f"""select {", ".join(f"`{f}`" for f in TOMBSTONE_FIELDS)} from `tab{DOCTYPE}`
		where name in %(deleted)s or (`change` = 'deleted' and record_id in %(names)s) order by seq""",
		{"deleted": deleted or [0], "names": names},
		as_dict=True,
	)
	kept: dict = {}
	for row in found:
		kept[row.name] = row
		if (row.ref_doctype, row.record_id) in gone:
			kept[(row.ref_doctype, row.record_id)] = row
	return kept


def to_events(visible: list[tuple[dict, bool]]) -> list[dict]:
	"""ChangeEvents for visible rows, each record rendered once however many events it has on the page."""
	records = unified_records({(row.ref_doctype, row.record_id) for row, shown in visible if shown})
	tz = ZoneInfo(get_system_timezone())
	return [
		to_change_event(row, records.get((row.ref_doctype, row.record_id)), tz) for row, _shown in visible
	]


def readable_now(rows: list[dict]) -> tuple[set, set]:
	"""(records that exist and the user may read, records that no longer exist), by (doctype, name)."""
	readable, gone = set(), set()
	names_by_doctype: dict[str, set] = {}
	for row in rows:
		names_by_doctype.setdefault(row.ref_doctype, set()).add(row.record_id)
	for doctype, names in names_by_doctype.items():
		# Existence only (nothing of these rows is returned): a deleted record has no row to permit.
		existing = set(frappe.db.get_values(doctype, {"name": ("in", list(names))}, "name", pluck=True))
		gone |= {(doctype, name) for name in names - existing}
		if existing and frappe.has_permission(doctype, "read"):
			permitted = frappe.get_list(
				doctype, filters={"name": ("in", list(existing))}, pluck="name", limit_page_length=0
			)
			readable |= {(doctype, name) for name in permitted}
	return readable, gone


def tombstone_readable(row: dict, user_permissions: dict) -> bool:
	"""Whether the session user could have read the record, judged on what its tombstone kept, by Frappe's
	rules: role read permission (only their own records under `if_owner`) and then every User Permission
	on the Link values the record had (entries for all doctypes or for this one); or a share of the record
	(Frappe lists shared records whatever the User Permissions)."""
	doctype, user = row.ref_doctype, frappe.session.user
	access = role_access(doctype, user)
	if access == "owner" and row.get("record_owner") != user:
		access = None
	if access is None:
		return user in json.loads(row.get("shared_with") or "[]")
	for link, value in stored_links(row):
		if not allowed(user_permissions, link, doctype, value):
			return False
	return allowed(user_permissions, doctype, doctype, row.record_id)


@request_cache
def role_access(doctype: str, user: str) -> str | None:
	"""'all' (role read permission), 'owner' (read only under if_owner) or None."""
	perms = get_role_permissions(doctype, user=user)
	if not perms.get("read"):
		return None
	return "owner" if perms.get("if_owner", {}).get("read") is not None else "all"


def stored_links(row: dict) -> list[tuple[str, str]]:
	"""The (doctype, value) pairs User Permissions would have checked; rows written before the tombstone
	kept them all fall back to company, cost center and party, read against today's metadata."""
	if row.get("restricted_by"):
		return [tuple(pair) for pair in json.loads(row.restricted_by)]
	meta = frappe.get_meta(row.ref_doctype)
	checks = [(link, row.get(stored), field) for stored, link, field in STORED_LINKS]
	if row.ref_doctype in PARTY_FIELD:
		checks.append((row.party_type, row.party, PARTY_FIELD[row.ref_doctype][1]))
	return [
		(link, value)
		for link, value, fieldname in checks
		if value
		and (field := meta.get_field(fieldname))
		and field.fieldtype == "Link"
		and field.options == link
		and not field.ignore_user_permissions
	]


def allowed(user_permissions: dict, link: str, doctype: str, value: str) -> bool:
	entries = [
		p
		for p in user_permissions.get(link, [])
		if not p.get("applicable_for") or p["applicable_for"] == doctype
	]
	return not entries or value in {p["doc"] for p in entries}


def unified_records(keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
	"""Each readable record as the resource's own get endpoint returns it, the page's records of each
	resource read together."""
	from unified_accounting.services.changes.renderers import render_records

	return render_records(keys)


def render_for(user: str, rows: list[dict]) -> list[dict]:
	"""The events of `rows` as `user` sees them (webhook payloads), then back to the current user."""
	current = frappe.session.user
	frappe.set_user(user)
	try:
		return to_events(visible_rows(rows))
	finally:
		frappe.set_user(current)
