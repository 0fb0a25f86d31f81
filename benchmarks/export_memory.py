"""A large background export on a real RQ worker: rows/s and the worker's peak memory (job process
included), with the ledger bulk-grown by labelled copies for the run and cleaned up afterwards.

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh runs it):
	python benchmarks/export_memory.py --site ua-bench.localhost --rows 200000
"""

import argparse
import subprocess
import sys
import threading
import time

import psutil
import requests
from harness import Server, prepare

import frappe

COPY_TYPE = "UA Bulk Copy"  # voucher_type of the copies; they are also cancelled, so reports skip them
CREATE = "/api/method/unified_accounting.api.exports.create_export"
GET = "/api/method/unified_accounting.api.exports.get_export"


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	copies = grow_ledger(args.rows)
	server = Server(args.site, 1)
	try:
		http = requests.Session()
		http.headers.update({"Host": args.site, "Authorization": f"token {token}"})
		body = {"resource": "transactions", "filters": {"include_cancelled": True}, "format": args.format}
		export = http.post(server.url + CREATE, json=body, timeout=60).json()["result"]
		seconds, peak = run_worker()
		done = http.get(server.url + GET, params={"id": export["id"]}, timeout=60).json()["result"]
	finally:
		server.stop()
		shrink_ledger()
	print(f"\nBackground export ({args.format}) on one RQ worker - {copies:,} bulk copies added for the run")
	print("\n| rows written | seconds | rows/s | peak worker RSS (MB) | status |")
	print("| --- | --- | --- | --- | --- |")
	print(
		f"| {done['rows_written']:,} | {seconds:.1f} | {done['rows_written'] / seconds:,.0f} | {peak:.0f} "
		f"| {done['status']} |",
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


def shrink_ledger() -> None:
	frappe.db.sql("delete from `tabGL Entry` where voucher_type = %s", COPY_TYPE)
	frappe.db.commit()


def run_worker() -> tuple[float, float]:
	"""`bench worker --burst` on the long queue: runs the queued export and exits. Peak RSS of the worker
	and the job process it forks, sampled every 20 ms."""
	started = time.perf_counter()
	worker = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long", "--burst"],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	peak = [0.0]

	def sample():
		root = psutil.Process(worker.pid)
		while worker.poll() is None:
			try:
				tree = [root, *root.children(recursive=True)]
				peak[0] = max(peak[0], max(p.memory_info().rss for p in tree) / 2**20)
			except psutil.Error:
				pass
			time.sleep(0.02)

	sampler = threading.Thread(target=sample, daemon=True)
	sampler.start()
	worker.wait(timeout=3600)
	sampler.join()
	return time.perf_counter() - started, peak[0]


if __name__ == "__main__":
	main()
