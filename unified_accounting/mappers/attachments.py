"""Pure mapping of File records attached to invoices, journal entries, payments and orders to the unified Attachment."""

import mimetypes

from unified_accounting.mappers.common import MapContext, base_fields, trailing_fields
from unified_accounting.object_types import object_type

DOCTYPE = "File"
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
			"type": object_type(row.get("attached_to_doctype")),
			"erpnext_doctype": row.get("attached_to_doctype"),
			"id": row.get("attached_to_name"),
		},
		"uploaded_by": row.get("owner"),
		"download_method": DOWNLOAD_METHOD,
		**trailing_fields(row, DOCTYPE, ctx),
	}
