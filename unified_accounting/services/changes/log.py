"""Recording changes: doc_events handlers buffer a transaction's changes; just before it commits they are
written, with one webhook outbox row per matching subscription, in that same transaction (their feed
position comes after the commit: services/changes/sequence.py)."""

import json

import frappe
from frappe.utils import now_datetime

from unified_accounting.mappers.changes import RESOURCE_BY_DOCTYPE, changes_of_save, coalesce, stored_fields

DOCTYPE = "Unified Accounting Change"
CHANGE_FIELDS = (
	"resource",
	"change",
	"ref_doctype",
	"record_id",
	"company",
	"party_type",
	"party",
	"cost_center",
	"record_owner",
	"restricted_by",
	"shared_with",
)
# What a change event is rendered from; a tombstone is judged on all it kept (the fields after `company`
# are read only for deleted records: most events never need them).
EVENT_FIELDS = ("name", "seq", "creation", *CHANGE_FIELDS[: CHANGE_FIELDS.index("company") + 1])
TOMBSTONE_FIELDS = ("name", "seq", "creation", *CHANGE_FIELDS)
# Benchmarks set this flag to measure a write without recording it; nothing else does.
SKIP_FLAG = "unified_accounting_skip_changes"
CHUNK = 500


class TransactionBuffer:
	"""The changes of the open transaction, per record in the order records first changed."""

	def __init__(self, db):
		self.db = db
		self.records: dict[tuple[str, str], dict] = {}


def on_change(doc, method=None) -> None:
	"""doc_events `on_change`: every insert, save, submit, cancel and `db_set` of a watched doctype."""
	if doc.flags.in_delete or frappe.flags.get(SKIP_FLAG):
		return
	action = getattr(doc, "_action", None)
	for change in changes_of_save(bool(doc.flags.in_insert), action, doc.docstatus, doc.doctype):
		buffer_change(doc, change)


def on_trash(doc, method=None) -> None:
	"""doc_events `on_trash`: a delete (permanent ones and cancelled documents included) leaves a tombstone."""
	if not frappe.flags.get(SKIP_FLAG):
		buffer_change(doc, "deleted")


def after_rename(doc, method=None, old: str | None = None, new: str | None = None, merge=False) -> None:
	"""doc_events `after_rename`: to a mirror keyed by id a rename is the old id deleted and the new one
	created (a merge: the old id deleted, the surviving record updated)."""
	if frappe.flags.get(SKIP_FLAG) or not old:
		return
	buffer_change(doc, "deleted", name=str(old))
	buffer_change(doc, "updated" if merge else "created", name=str(new or doc.name))


def buffer_change(doc, change: str, name: str | None = None) -> None:
	records = transaction_buffer().records
	name = name or str(doc.name)
	entry = records.setdefault((doc.doctype, name), {"changes": []})
	entry["changes"] = coalesce(entry["changes"], change)
	entry["fields"] = stored_fields(doc.doctype, name, doc, restricting_links(doc.doctype))
	if change == "deleted":
		entry["fields"]["shared_with"] = shared_with(doc.doctype, name)


def restricting_links(doctype: str) -> list[tuple[str, str]]:
	"""(fieldname, linked doctype) of the Link fields User Permissions restrict (Frappe's rule: Link fields
	that do not ignore user permissions)."""
	return [
		(field.fieldname, field.options)
		for field in frappe.get_meta(doctype).get_link_fields()
		if not field.ignore_user_permissions
	]


def shared_with(doctype: str, name: str) -> str:
	"""The users the record is shared with for reading, as JSON (the shares go with the record)."""
	users = frappe.get_all(
		"DocShare", filters={"share_doctype": doctype, "share_name": name, "read": 1}, pluck="user"
	)
	return json.dumps(sorted(users))


def transaction_buffer() -> TransactionBuffer:
	"""This transaction's buffer; the first change registers the write before commit and the reset on
	rollback (Frappe clears both callback queues when the transaction ends either way)."""
	buffer = getattr(frappe.local, "unified_accounting_changes", None)
	if buffer is None or buffer.db is not frappe.db:
		buffer = frappe.local.unified_accounting_changes = TransactionBuffer(frappe.db)
		frappe.db.before_commit.add(flush)
		frappe.db.after_rollback.add(forget)
	return buffer


def forget() -> None:
	frappe.local.unified_accounting_changes = None


def flush() -> None:
	"""Write the buffered changes in one statement, then the webhook outbox rows they call for."""
	buffer = getattr(frappe.local, "unified_accounting_changes", None)
	forget()
	if not buffer or not buffer.records:
		return
	batch = frappe.generate_hash(length=16)
	try:
		insert_rows(
			DOCTYPE,
			("creation", "modified", "owner", "modified_by", "docstatus", "batch", *CHANGE_FIELDS),
			list(change_rows(buffer, batch)),
		)
	except Exception as exc:
		if frappe.db.is_table_missing(exc):
			return  # the app is being installed or migrated: its tables come next
		raise
	from unified_accounting.services.changes.sequence import request_sequencing
	from unified_accounting.services.webhooks.outbox import write_outbox

	# The rows get their feed position from the sequencer, once this commit has made them visible.
	frappe.db.after_commit.add(request_sequencing)
	write_outbox(batch)


def change_rows(buffer: TransactionBuffer, batch: str):
	now, user = now_datetime(), getattr(frappe.session, "user", None) or "Administrator"
	for (doctype, name), entry in buffer.records.items():
		fields = entry["fields"]
		for change in entry["changes"]:
			yield (
				now, now, user, user, 0, batch,
				RESOURCE_BY_DOCTYPE[doctype], change, doctype, name,
				fields["company"], fields["party_type"], fields["party"], fields["cost_center"],
				fields["record_owner"], fields["restricted_by"], fields.get("shared_with"),
			)  # fmt: skip


def insert_rows(doctype: str, fields: tuple[str, ...], rows: list[tuple]) -> None:
	"""Multi-row INSERTs into an autoincrement doctype: names come from its sequence, in row order. Chunked,
	so a transaction that touched thousands of records (a repost) stays within the packet size."""
	sequence = frappe.scrub(f"{doctype}_id_seq")
	row = f"(nextval(`{sequence}`), {', '.join(['%s'] * len(fields))})"
	columns = ", ".join(f"`{field}`" for field in ("name", *fields))
	for start in range(0, len(rows), CHUNK):
		chunk = rows[start : start + CHUNK]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([row] * len(chunk))}",
			[value for values in chunk for value in values],
		)
