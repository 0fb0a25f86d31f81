"""Background exports: an RQ job pages the ledger as its requester and appends each page to a private File."""

import csv
import io
import json
import os

import orjson

import frappe
from frappe.utils import now_datetime

from unified_accounting.exceptions import NotFoundError
from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.services import ledger_export
from unified_accounting.services.records import ensure_doctype_readable
from unified_accounting.services.replica import replica_reads

DOCTYPE = "Unified Accounting Export"
CHUNK = 5_000  # rows per page read and written: the job's memory does not grow with the export
PROGRESS_EVENT = "unified_accounting_export_progress"
CSV_COLUMNS = (
	"id",
	"company",
	"created_at",
	"updated_at",
	"transaction_date",
	"account_id",
	"debit",
	"credit",
	"net_amount",
	"currency",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"transaction_currency",
	"debit_in_transaction_currency",
	"credit_in_transaction_currency",
	"contact_type",
	"contact_id",
	"underlying_transaction_type",
	"underlying_transaction_id",
	"description",
	"is_cancelled",
	"tracking_categories",
	"custom_fields",
)


def create_export(resource: str, export_format: str, filters: TransactionFilters) -> str:
	"""Record the export and queue its job (after this request commits); return the export's id."""
	ensure_doctype_readable(ledger_export.DOCTYPE)
	doc = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"resource": resource,
			"export_format": export_format,
			"filters": filters.model_dump_json(exclude_none=True),
			"status": "Queued",
		}
	).insert()
	frappe.enqueue(
		"unified_accounting.services.exports.run_export",
		queue="long",
		timeout=3600,
		export=doc.name,
		enqueue_after_commit=True,
		job_id=f"unified_accounting_export::{doc.name}",
	)
	return doc.name


def get_export(name: str):
	"""The export record, if the caller may read it (their own; System Managers: all)."""
	if not frappe.db.exists(DOCTYPE, name) or not frappe.has_permission(DOCTYPE, "read", doc=name):
		raise NotFoundError(f"No export '{name}'.")
	return frappe.get_doc(DOCTYPE, name)


def run_export(export: str) -> None:
	"""The RQ job. Runs as the user who asked, so their permissions choose the rows."""
	doc = frappe.get_doc(DOCTYPE, export)
	frappe.set_user(doc.owner)
	filters = TransactionFilters.model_validate_json(doc.filters or "{}")
	try:
		total = ledger_export.count(filters)
		progress(doc, status="Running", total_rows=total, rows_written=0)
		path, file_name = export_path(doc)
		with open(path, "w", encoding="utf-8", newline="") as out:
			write_pages(doc, filters, out)
		file_url = attach(doc, file_name)
		progress(doc, status="Done", file_url=file_url, finished_at=now_datetime())
	except Exception as exc:
		frappe.db.rollback()
		frappe.log_error(title=f"Unified Accounting export {export} failed")
		progress(doc, status="Failed", error=str(exc)[:500], finished_at=now_datetime())


def write_pages(doc, filters: TransactionFilters, out) -> None:
	cursor, written = None, 0
	if doc.export_format == "csv":
		out.write(",".join(CSV_COLUMNS) + "\n")
	while True:
		# reads go to the replica on sites with read_from_replica (progress is written to the primary)
		with replica_reads():
			page = ledger_export.export_page(filters, cursor, CHUNK)
		out.write(jsonl(page.rows) if doc.export_format == "jsonl" else csv_text(page.rows))
		written += len(page.rows)
		progress(doc, rows_written=written)
		cursor = page.next_cursor
		if not cursor:
			return


def jsonl(rows: list[str]) -> str:
	return "".join(f"{row}\n" for row in rows)


def csv_text(rows: list[str]) -> str:
	buffer = io.StringIO()
	writer = csv.writer(buffer, lineterminator="\n")
	for text in rows:
		writer.writerow(csv_row(orjson.loads(text)))
	return buffer.getvalue()


def csv_row(record: dict) -> list:
	contact = record["contact"] or {}
	underlying = record["underlying_transaction"]
	flat = {
		**record,
		"contact_type": contact.get("type"),
		"contact_id": contact.get("id"),
		"underlying_transaction_type": underlying["type"],
		"underlying_transaction_id": underlying["id"],
		"tracking_categories": ";".join(f"{t['type']}={t['id']}" for t in record["tracking_categories"]),
		"custom_fields": orjson.dumps(record["custom_fields"]).decode() if record["custom_fields"] else "",
	}
	return ["" if flat[column] is None else flat[column] for column in CSV_COLUMNS]


def progress(doc, **values) -> None:
	"""Save progress where the poll endpoint reads it, and push it to the requester over realtime."""
	frappe.db.set_value(DOCTYPE, doc.name, values, update_modified=False)
	frappe.db.commit()  # a background job: each step is visible to pollers at once
	doc.update(values)
	frappe.publish_realtime(PROGRESS_EVENT, export_status(doc), user=doc.owner)


def export_path(doc) -> tuple[str, str]:
	file_name = f"unified-accounting-{doc.resource}-{doc.name}.{doc.export_format}"
	return frappe.get_site_path("private", "files", file_name), file_name


def attach(doc, file_name: str) -> str:
	"""A private File record for the written file, attached to the export (only its owner may read it).
	File.insert() would read the whole file into memory to hash it, and an export can be gigabytes: the
	record is written as is (it has no content hash)."""
	file = frappe.new_doc("File")
	file.update(
		{
			"file_name": file_name,
			"file_url": f"/private/files/{file_name}",
			"is_private": 1,
			"folder": "Home/Attachments",
			"file_size": os.path.getsize(export_path(doc)[0]),
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
		}
	)
	file.set_new_name()
	file.set_user_and_timestamp()
	file.db_insert()
	return file.file_url


def export_status(doc) -> dict:
	"""The unified view of an export (the poll endpoint's result and the realtime message)."""
	total, written = doc.total_rows or 0, doc.rows_written or 0
	return {
		"id": doc.name,
		"resource": doc.resource,
		"format": doc.export_format,
		"status": doc.status.lower(),
		"rows_written": written,
		"total_rows": total if doc.status != "Queued" else None,
		"progress": round(written / total, 4) if total else (1.0 if doc.status == "Done" else 0.0),
		"download_url": doc.file_url or None,
		"error": doc.error or None,
		"filters": json.loads(doc.filters or "{}"),
	}
