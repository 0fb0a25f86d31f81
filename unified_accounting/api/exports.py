"""Export endpoints: the general ledger in large pages, and background export jobs that write a File."""

from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.envelope import NdjsonStream, Page, ndjson_response
from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.schemas import Export, Transaction
from unified_accounting.services.exports import jobs as exports
from unified_accounting.services.exports import ledger_export


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def export_transactions(
	filters: TransactionFilters,
	cursor: str | None = None,  # next_cursor exactly as the previous page returned it
	limit: int | None = None,  # rows per page: default 5,000, at most 10,000
) -> Page[Transaction]:
	"""Return up to 10,000 general ledger lines per page (default 5,000), oldest change first, in the
	shape and under the permissions of list_transactions: the fast path for a full ledger export."""
	found = ledger_export.export_page(filters, cursor, limit)
	# MariaDB wrote each record's JSON: the envelope embeds the texts as they are.
	return Page(items=[orjson.Fragment(row) for row in found.rows], next_cursor=found.next_cursor)


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def stream_transactions(
	filters: TransactionFilters,
	cursor: str | None = None,  # a Next-Cursor header, or a next_cursor of export_transactions
	limit: int | None = None,  # rows in this stream: default 100,000, at most 1,000,000
) -> NdjsonStream[Transaction]:
	"""Stream general ledger lines as NDJSON (one Transaction per line, oldest change first), in the shape
	and under the permissions of list_transactions: the fastest full export. The rows are read and sent in
	chunks, so the client parses while the server reads. When more rows follow, the `Next-Cursor` header
	(sent before the body) continues the export; a stream cut short ends without HTTP's final chunk, so
	the client's HTTP library reports the failure."""
	found = ledger_export.stream(filters, cursor, limit)
	headers = {"Next-Cursor": found.next_cursor} if found.next_cursor else {}
	return ndjson_response(found.chunks, headers)


class ExportCreate(BaseModel):
	model_config = ConfigDict(extra="forbid")

	resource: Literal["transactions"]  # the general ledger (more resources can follow)
	format: Literal["jsonl", "csv"] = "jsonl"  # one JSON record per line, or one CSV row per record
	filters: TransactionFilters = Field(default_factory=TransactionFilters)


@frappe.whitelist(methods=["POST"])
@unified_api("transactions", write=True, status=202)
def create_export(body: ExportCreate) -> Export:
	"""Start a background export (an RQ job writes a private File page by page); return the export, to
	poll with get_export (progress is also pushed over Frappe realtime as `unified_accounting_export_progress`).
	A user may have two exports queued or running: a third is refused with 429 `rate_limited`. The File is
	deleted after the retention of Unified Accounting Settings (default 7 days); the export is then expired."""
	name = exports.create_export(body.resource, body.format, body.filters)
	return exports.export_status(exports.get_export(name))


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def get_export(
	id: str,  # the id create_export returned
) -> Export:
	"""Return an export: status (queued, running, done, failed, or expired once its File was deleted after
	the retention), rows written of the total, once done the download_url of its private File, and
	expires_at."""
	return exports.export_status(exports.get_export(id))
