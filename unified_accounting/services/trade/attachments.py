"""Files attached to invoices, journal entries and payments: listed, read and written under the parent's
permissions (Frappe's own rule for attachments: who may read a record may read its files)."""

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated, Literal

import frappe
from frappe.core.api.file import get_max_file_size
from frappe.utils import get_datetime

from unified_accounting.exceptions import (
	InvalidRequestError,
	NotFoundError,
	PayloadTooLargeError,
	PermissionDeniedError,
	UnprocessableError,
)
from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.attachments import DOCTYPE, FILE_FIELDS
from unified_accounting.mappers.common import MapContext
from unified_accounting.object_types import doctypes_by_type, object_type
from unified_accounting.pagination import NEXT, PREV, Page, Paging, decode_cursor, fingerprint
from unified_accounting.resources import ATTACHABLE
from unified_accounting.services.core.listing import cursor_secret, cursors
from unified_accounting.services.core.records import ensure_readable, load_remote_data, map_context
from unified_accounting.services.core.settings import resolve_page_size

# The records attachments are read from and written to: the registry's attachable resources.
TYPE_BY_DOCTYPE = {doctype: object_type(doctype) for doctype in ATTACHABLE}
DOCTYPES_BY_TYPE = doctypes_by_type(ATTACHABLE)
AttachedToType = Literal[tuple(DOCTYPES_BY_TYPE)]  # type: ignore[valid-type]


class AttachmentFilters(CommonFilters):
	# Files carry no company: `company` keeps files whose parent record is in that company.
	company: Annotated[str | None, Filter(None)] = None
	attached_to_type: Annotated[AttachedToType | None, Filter(None)] = (
		None  # invoice | journal_entry | payment | sales_order | purchase_order
	)
	attached_to_id: Annotated[str | None, Filter(None)] = None  # the parent record's id


@dataclass
class AttachmentRows:
	rows: list[dict]
	ctx: MapContext


def list_attachments(filters: AttachmentFilters, paging: Paging, include_remote_data: bool):
	"""One keyset page of Files whose parent the caller may read: each parent doctype's own permission
	query (roles, User Permissions, owner rules) becomes a subquery, so a page is one SQL query."""
	scope = parent_scope(filters)
	limit = resolve_page_size(paging.limit)
	bound_to = fingerprint("attachments", {**filters.bound(), "order": paging.order})
	key, direction = (
		decode_cursor(paging.cursor, bound_to, cursor_secret()) if paging.cursor else (None, NEXT)
	)
	ascending = (paging.order == "asc") == (direction == NEXT)
	where = [scope, *date_conditions(filters)]
	rows = frappe.db.sql(page_query(where, key, ascending, limit + 1), as_dict=True)
	has_more = len(rows) > limit
	rows = rows[:limit]
	if direction == PREV:
		rows.reverse()
	total = frappe.db.sql(f"select count(*) from `tabFile` where {' and '.join(where)}")[0][0]
	page = Page(items=[], result_count=total if paging.include_count else None)
	pairs = [(DOCTYPE, row) for row in rows]
	page.next_cursor, page.prev_cursor = cursors(pairs, key, direction, has_more, bound_to)
	return finish(rows, include_remote_data), page


def parent_scope(filters: AttachmentFilters) -> str:
	"""SQL condition: attached to a record of an attachable doctype that the caller may read."""
	doctypes = (
		DOCTYPES_BY_TYPE[filters.attached_to_type] if filters.attached_to_type else tuple(TYPE_BY_DOCTYPE)
	)
	readable = [doctype for doctype in doctypes if frappe.has_permission(doctype, "read")]
	if not readable:
		raise PermissionDeniedError(f"You may not read {' or '.join(doctypes)}.")
	if filters.attached_to_id:
		readable = [d for d in readable if frappe.db.exists(d, filters.attached_to_id)] or readable[:1]
		ensure_readable(readable[0], filters.attached_to_id)
	parts = []
	for doctype in readable:
		conditions = {"company": filters.company} if filters.company else {}
		if filters.attached_to_id:
			conditions["name"] = filters.attached_to_id
		names = frappe.get_list(
			doctype, fields=["name"], filters=conditions, order_by="", limit_page_length=0, run=0
		)
		parts.append(
			f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(doctype)} and `tabFile`.`attached_to_name` in ({names}))"
		)
	return f"(`tabFile`.`is_folder` = 0 and ({' or '.join(parts)}))"


def date_conditions(filters: AttachmentFilters) -> list[str]:
	return [
		f"`tabFile`.`{column}` {operator} {frappe.db.escape(str(value))}"
		for column, operator, value in filters.frappe_filters(DOCTYPE)
	]


def page_query(where: list[str], key, ascending: bool, limit: int) -> str:
	fields = ", ".join(f"`tabFile`.`{field}`" for field in ("name", *FILE_FIELDS))
	conditions = list(where)
	if key:
		after, operator = frappe.db.escape(str(get_datetime(key[0]))), ">" if ascending else "<"
		name = frappe.db.escape(key[1])
		conditions.append(
			f"`tabFile`.`modified` {operator}= {after} and (`tabFile`.`modified` {operator} {after}"
			f" or `tabFile`.`name` {operator} {name})"
		)
	direction = "asc" if ascending else "desc"
	return (
		f"select {fields} from `tabFile` where {' and '.join(conditions)}"
		f" order by `tabFile`.`modified` {direction}, `tabFile`.`name` {direction} limit {int(limit)}"
	)


def finish(rows: list, include_remote_data: bool) -> AttachmentRows:
	ctx = map_context([DOCTYPE])
	if include_remote_data:
		load_remote_data(ctx, [(DOCTYPE, row.name) for row in rows])
	return AttachmentRows(rows, ctx)


def attachment_row(name: str) -> dict:
	"""The File row when it is attached to an invoice, journal entry or payment: 404 otherwise."""
	row = frappe.db.get_value(DOCTYPE, name, ["name", *FILE_FIELDS], as_dict=True)
	if not row or row.attached_to_doctype not in TYPE_BY_DOCTYPE or not row.attached_to_name:
		raise NotFoundError(f"No attachment {name} on an invoice, journal entry or payment.")
	return row


def readable_file(name: str) -> dict:
	"""The File row when it is attached to a record the caller may read: 404 / 403 otherwise."""
	row = attachment_row(name)
	ensure_readable(row.attached_to_doctype, row.attached_to_name)
	return row


def get_attachment(name: str, include_remote_data: bool = False) -> AttachmentRows:
	return finish([readable_file(name)], include_remote_data)


def file_content(name: str) -> tuple[dict, bytes]:
	"""The row and content of an attachment, for exactly the callers Frappe's own `/private/files/` download
	serves it to: File.is_downloadable, the check frappe.utils.response.download_private_file makes (a
	public file, the caller's own upload, or a parent the caller may read as a whole document: User
	Permissions on its child rows' links count, which a list's permission query does not see)."""
	row = attachment_row(name)
	file = frappe.get_doc(DOCTYPE, name)
	if not file.is_downloadable():
		raise PermissionDeniedError(f"You may not download the file {name}.")
	return row, file.get_content()


def parent_doctype(kind: str, record_id: str) -> str:
	"""The doctype of the record a file is attached to; 404 when there is none of that type."""
	found = [doctype for doctype in DOCTYPES_BY_TYPE[kind] if frappe.db.exists(doctype, record_id)]
	if not found:
		raise NotFoundError(f"No {kind.replace('_', ' ')} {record_id}.")
	return found[0]


def decoded_content(content_base64: str | None, uploaded) -> tuple[bytes, str | None]:
	"""(content, uploaded file name) from a multipart `file` part or a base64 field."""
	if uploaded is not None:
		return uploaded.stream.read(), uploaded.filename
	if not content_base64:
		raise InvalidRequestError(
			"Send the file as a multipart part named 'file' or as content_base64.",
			[{"field": "content_base64", "message": "required (or a multipart part named 'file')"}],
		)
	content, problem = decoded_base64(content_base64, "content_base64")
	if problem:
		raise InvalidRequestError("content_base64 is not valid base64.", [problem])
	return content, None


def decoded_base64(content_base64: str, field: str) -> tuple[bytes, dict | None]:
	"""(content, problem): the bytes of a base64 field, or a 400 detail naming it."""
	try:
		return base64.b64decode(content_base64, validate=True), None
	except (binascii.Error, ValueError):
		return b"", {"field": field, "message": "not valid base64"}


def size_problem(content: bytes, field: str) -> dict | None:
	"""A 400 detail for an empty file or one over the site's limit (checked before a write begins)."""
	if not content:
		return {"field": field, "message": "empty"}
	if len(content) > (limit := get_max_file_size()):
		return {"field": field, "message": f"larger than {limit} bytes (System Settings > Max File Size)"}
	return None


def upload_attachment(
	kind: str, record_id: str, file_name: str | None, content: bytes, is_private: bool
) -> str:
	"""Attach a new File to a record the caller may read and write (Frappe's rule for uploads)."""
	doctype = parent_doctype(kind, record_id)
	ensure_readable(doctype, record_id)
	if not frappe.has_permission(doctype, "write", doc=record_id):
		raise PermissionDeniedError(f"You may not attach files to {doctype} {record_id}.")
	ensure_size(content)
	return insert_file(
		{
			"doctype": DOCTYPE,
			"file_name": file_name,
			"attached_to_doctype": doctype,
			"attached_to_name": record_id,
			"is_private": int(is_private),
			"content": content,
		}
	)


def ensure_size(content: bytes) -> None:
	"""Not empty, and within Frappe's limit (System Settings > Max File Size, else site config, else 25 MB)."""
	limit = get_max_file_size()
	if len(content) > limit:
		raise PayloadTooLargeError(
			f"The file is {len(content)} bytes; this site accepts files up to {limit} bytes (System Settings).",
			[{"field": "file", "message": f"larger than {limit} bytes"}],
		)
	if not content:
		raise InvalidRequestError("The file is empty.", [{"field": "file", "message": "empty"}])


def insert_file(values: dict) -> str:
	doc = frappe.get_doc(values)
	try:
		doc.insert()
	except Exception as exc:
		# Frappe checks PDFs for scripts with pypdf, which raises its own errors on a broken file.
		if type(exc).__module__.startswith("pypdf"):
			message = f"{values['file_name']} is not a readable PDF."
			raise UnprocessableError(message, [{"field": "file", "message": "not a readable PDF"}]) from None
		raise
	return doc.name
