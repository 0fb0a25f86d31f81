"""A large background export: the export job run by Frappe's RQ job runner (execute_job, what a worker's
job process runs) in its own process, its rows/s and peak memory, with the ledger bulk-grown by labelled
copies for the run and cleaned up afterwards. (Not through the shared queue: on a shared bench another
worker could pick the job up and the memory measured would be the wrong process's.)

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh runs it):
	python benchmarks/export_memory.py --site ua-bench.localhost --rows 200000
"""

import argparse
import os
import subprocess
import sys
import time

import psutil
from harness import BENCH_USER, prepare

import frappe

COPY_TYPE = "UA Bulk Copy"  # voucher_type of the copies; they are also cancelled, so reports skip them


def main() -> None:
	args = parse_args()
	prepare(args.site)
	copies = grow_ledger(args.rows)
	try:
		export = frappe.get_doc(
			{
				"doctype": "Unified Accounting Export",
				"resource": "transactions",
				"export_format": args.format,
				"filters": '{"include_cancelled": true}',
				"status": "Queued",
				"owner": BENCH_USER,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		seconds, peak = run_job(args.site, export.name)
		frappe.db.rollback()
		done = frappe.get_doc("Unified Accounting Export", export.name)
		size = remove_file(done)
	finally:
		shrink_ledger()
	print(f"\nBackground export ({args.format}), one job process - {copies:,} bulk copies added for the run")
	print("\n| rows written | file (MB) | seconds | rows/s | peak job process RSS (MB) | status |")
	print("| --- | --- | --- | --- | --- | --- |")
	print(
		f"| {done.rows_written:,} | {size / 2**20:,.0f} | {seconds:.1f} | {done.rows_written / seconds:,.0f} | {peak:.0f} "
		f"| {done.status} |",
		flush=True,
	)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--rows", type=int, default=200_000, help="grow the ledger to about this many rows")
	parser.add_argument("--format", default="jsonl", choices=("jsonl", "csv"))
	return parser.parse_args()


def grow_ledger(rows: int) -> int:
	"""Copies of the seeded GL rows (new names, voucher_type COPY_TYPE, cancelled) up to `rows` in all."""
	shrink_ledger()
	existing = frappe.db.count("GL Entry")
	times = max(0, -(-(rows - existing) // existing))
	columns = [
		c
		for c in frappe.db.get_table_columns("GL Entry")
		if c not in ("name", "voucher_type", "is_cancelled")
	]
	listed = ", ".join(f"`{c}`" for c in columns)
	frappe.db.sql(
		f"""insert into `tabGL Entry` (name, voucher_type, is_cancelled, {listed})
		select concat(g.name, '-c', s.seq), %s, 1, {", ".join(f"g.`{c}`" for c in columns)}
		from `tabGL Entry` g join seq_1_to_{max(times, 1)} s
		where g.voucher_type != %s and %s > 0""",
		(COPY_TYPE, COPY_TYPE, times),
	)
	frappe.db.commit()
	return frappe.db.count("GL Entry", {"voucher_type": COPY_TYPE})


def remove_file(export) -> int:
	"""Delete the export's File (record and file on disk); return its size."""
	path = (
		frappe.get_site_path("private", "files", export.file_url.rsplit("/", 1)[-1])
		if export.file_url
		else None
	)
	size = os.path.getsize(path) if path and os.path.exists(path) else 0
	for name in frappe.get_all("File", {"attached_to_name": export.name}, pluck="name"):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	if path and os.path.exists(path):
		os.remove(path)
	frappe.db.commit()
	return size


def shrink_ledger() -> None:
	frappe.db.sql("delete from `tabGL Entry` where voucher_type = %s", COPY_TYPE)
	frappe.db.commit()


def run_job(site: str, export: str) -> tuple[float, float]:
	"""The job, as an RQ worker's job process runs it (frappe.utils.background_jobs.execute_job), in a
	process of its own whose peak RSS is sampled every 20 ms."""
	code = (
		"import frappe.utils.background_jobs as jobs; "
		f"jobs.execute_job({site!r}, 'unified_accounting.services.exports.jobs.run_export', None, 'export', "
		f"{{'export': {export!r}}}, user={BENCH_USER!r}, is_async=True)"
	)
	started = time.perf_counter()
	job = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
	peak = 0.0
	process = psutil.Process(job.pid)
	while job.poll() is None:
		try:
			peak = max(peak, process.memory_info().rss / 2**20)
		except psutil.Error:
			pass
		time.sleep(0.02)
	assert job.returncode == 0, job.stderr.read()[-2000:]
	return time.perf_counter() - started, peak


if __name__ == "__main__":
	main()
