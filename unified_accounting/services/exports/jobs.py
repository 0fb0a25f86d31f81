"""Background exports: an RQ job pages the ledger as its requester and appends each page to a private File."""

import csv
import io
import json
import os
from zoneinfo import ZoneInfo

import orjson

import frappe
from frappe.utils import add_days, add_to_date, get_datetime, get_system_timezone, now_datetime

from unified_accounting.exceptions import NotFoundError, RateLimitedError
from unified_accounting.mappers.common import iso_timestamp
from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.services.core.records import ensure_doctype_readable
from unified_accounting.services.core.replica import replica_reads
from unified_accounting.services.core.settings import get_settings
from unified_accounting.services.exports import ledger_export

DOCTYPE = "Unified Accounting Export"
CHUNK = 5_000  # rows per page read and written: the job's memory does not grow with the export
JOB_TIMEOUT = 3600  # seconds RQ lets one export job run
MAX_ACTIVE_EXPORTS = 2  # queued or running exports per user: one more is refused with 429 rate_limited
ACTIVE_STATUSES = ("Queued", "Running")
# An export still "queued" or "running" this long after it was created was lost by its worker (RQ stops a
# job after JOB_TIMEOUT): it no longer counts against its user's limit.
ACTIVE_FOR_HOURS = 24
DEFAULT_RETENTION_DAYS = 7  # Unified Accounting Settings > Export File Retention, when empty
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
	ensure_below_active_limit()
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
		"unified_accounting.services.exports.jobs.run_export",
		queue="long",
		timeout=JOB_TIMEOUT,
		export=doc.name,
		enqueue_after_commit=True,
		job_id=f"unified_accounting_export::{doc.name}",
	)
	return doc.name


def ensure_below_active_limit() -> None:
	"""429 when the caller already has MAX_ACTIVE_EXPORTS exports queued or running. Their User row is
	locked first, so parallel requests of one user are counted one after the other."""
	user = frappe.session.user
	frappe.db.get_value("User", user, "name", for_update=True)
	since = add_to_date(now_datetime(), hours=-ACTIVE_FOR_HOURS)
	active = frappe.get_list(
		DOCTYPE,
		filters={"owner": user, "status": ("in", ACTIVE_STATUSES), "creation": (">", since)},
		pluck="name",
		limit_page_length=MAX_ACTIVE_EXPORTS,
	)
	if len(active) >= MAX_ACTIVE_EXPORTS:
		raise RateLimitedError(
			f"You already have {len(active)} exports queued or running, the most one user may have: "
			"wait until one is done (get_export) and start this one then.",
			[{"field": "resource", "message": f"at most {MAX_ACTIVE_EXPORTS} exports queued or running"}],
		)


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


def retention_days() -> int:
	return int(get_settings().get("export_retention_days") or DEFAULT_RETENTION_DAYS)


def expires_at(doc) -> str:
	"""When the export's File is (or was) deleted: its creation plus the retention."""
	created = add_days(get_datetime(doc.creation), retention_days())
	return iso_timestamp(created, ZoneInfo(get_system_timezone()))


def purge_expired() -> None:
	"""Daily job: delete the Files of exports created longer ago than the retention and mark the exports
	expired (committed one export at a time: a scheduler job, not a request)."""
	cutoff = add_days(now_datetime(), -retention_days())
	expiring = frappe.get_all(
		DOCTYPE, filters={"creation": ("<", cutoff), "status": ("!=", "Expired")}, pluck="name"
	)
	for name in expiring:
		expire(name)
		frappe.db.commit()


def expire(name: str) -> None:
	files = frappe.get_all(
		"File", filters={"attached_to_doctype": DOCTYPE, "attached_to_name": name}, pluck="name"
	)
	for file_name in files:
		file = frappe.get_doc("File", file_name)
		# attach() writes no content hash (it would read the whole file), so File.on_trash keeps the
		# content on disk: it is deleted here.
		file.delete_file_data_content()
		file.delete(ignore_permissions=True)
	frappe.db.set_value(DOCTYPE, name, {"status": "Expired", "file_url": None}, update_modified=False)


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
		"expires_at": expires_at(doc),
	}
