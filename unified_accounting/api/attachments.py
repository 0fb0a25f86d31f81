"""Attachment endpoints: files on invoices, journal entries and payments - list, get, download, upload."""

from urllib.parse import quote

from werkzeug.wrappers import Response

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.mappers.attachments import content_type, to_unified_attachment
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import Attachment
from unified_accounting.services.trade import attachments as service
from unified_accounting.services.trade.attachments import AttachedToType, AttachmentFilters


@frappe.whitelist(methods=["GET"])
@unified_api("attachments")
def list_attachments(
	filters: AttachmentFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Attachment]:
	"""Return one page of Attachments on invoices, journal entries and payments the caller may read."""
	found, page = service.list_attachments(filters, paging, include_remote_data)
	page.items = [to_unified_attachment(row, found.ctx) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("attachments")
def get_attachment(id: str, include_remote_data: bool = False) -> Attachment:
	"""Return one Attachment (its metadata; the content comes from download_attachment)."""
	found = service.get_attachment(id, include_remote_data)
	return to_unified_attachment(found.rows[0], found.ctx)


@frappe.whitelist(methods=["GET"])
@unified_api("attachments")
def download_attachment(id: str) -> Response:
	"""Return the file's content as the response body (binary), with its content type and file name."""
	row, content = service.file_content(id)
	name = row.file_name or row.name
	return Response(
		content,
		status=200,
		mimetype=content_type(name) or "application/octet-stream",
		headers={
			"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
			"X-Content-Type-Options": "nosniff",
		},
	)


@frappe.whitelist(methods=["POST"])
@unified_api("attachments", write=True, status=201)
def upload_attachment(
	attached_to_type: AttachedToType,
	attached_to_id: str,
	file_name: str | None = None,
	content_base64: str | None = None,
	is_private: bool = True,
	dry_run: bool = False,
) -> Attachment:
	"""Attach a file to an invoice, journal entry or payment; return the Attachment. Send multipart/form-data
	with a part named `file`, or JSON with `content_base64` and `file_name`. Private unless is_private=false."""
	uploaded = frappe.request.files.get("file") if getattr(frappe.local, "request", None) else None
	content, uploaded_name = service.decoded_content(content_base64, uploaded)
	name = file_name or uploaded_name
	if not name:
		raise InvalidRequestError("file_name is required.", [{"field": "file_name", "message": "required"}])
	created = service.upload_attachment(attached_to_type, attached_to_id, name, content, is_private)
	found = service.get_attachment(created)
	return to_unified_attachment(found.rows[0], found.ctx)
