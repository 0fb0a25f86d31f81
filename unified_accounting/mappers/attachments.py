"""Pure mapping of File records attached to invoices, journal entries, payments and orders to the unified Attachment."""

import mimetypes
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import MapContext, base_fields, trailing_fields
from unified_accounting.object_types import ATTACHABLE, doctypes_by_type, object_type

DOCTYPE = "File"
TYPE_BY_DOCTYPE = {doctype: object_type(doctype) for doctype in ATTACHABLE}
DOCTYPES_BY_TYPE = doctypes_by_type(ATTACHABLE)
AttachedToType = Literal[tuple(DOCTYPES_BY_TYPE)]  # type: ignore[valid-type]
FILE_FIELDS = (
	"creation",
	"modified",
	"owner",
	"file_name",
	"file_size",
	"is_private",
	"content_hash",
	"attached_to_doctype",
	"attached_to_name",
)
DOWNLOAD_METHOD = "unified_accounting.api.attachments.download_attachment"


class AttachmentFilters(CommonFilters):
	# Files carry no company: `company` keeps files whose parent record is in that company.
	company: Annotated[str | None, Filter(None)] = None
	attached_to_type: Annotated[AttachedToType | None, Filter(None)] = (
		None  # invoice | journal_entry | payment | sales_order | purchase_order
	)
	attached_to_id: Annotated[str | None, Filter(None)] = None  # the parent record's id


def content_type(file_name: str | None) -> str | None:
	return mimetypes.guess_type(file_name or "")[0]


def to_unified_attachment(row: dict, ctx: MapContext) -> dict:
	return {
		**base_fields(row, DOCTYPE, ctx),
		"company": None,
		"name": row.get("file_name") or row["name"],
		"content_type": content_type(row.get("file_name")),
		"size": int(row.get("file_size") or 0),
		"is_private": bool(row.get("is_private")),
		"content_hash": row.get("content_hash") or None,
		"attached_to": {
			"type": TYPE_BY_DOCTYPE.get(row.get("attached_to_doctype"), "other"),
			"erpnext_doctype": row.get("attached_to_doctype"),
			"id": row.get("attached_to_name"),
		},
		"uploaded_by": row.get("owner"),
		"download_method": DOWNLOAD_METHOD,
		**trailing_fields(row, DOCTYPE, ctx),
	}
