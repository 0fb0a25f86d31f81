"""Side-by-side benchmarks over real HTTP: Unified Accounting vs the native REST pattern an outside vendor
must use, measured in one run on one server, printed as a table of medians, p95s and ratios.

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/run.py --site ua-bench.localhost
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

import frappe

BENCH_USER = "ua-bench@example.com"
OURS = "/api/method/unified_accounting.api"
TARGETS = {
	"page": (">=", 50),
	"deep": ("<=", 1.3),
	"sync": (">=", 50),
	"gl": (">=", 5),
	"write": ("<=", 0.6),
	"floor": ("<=", 3),
}


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, args.workers)
	try:
		bench = Bench(server, args.site, token, args.repeat)
		bench.warm_up()
		rows = [
			bench.page_with_lines(),
			*bench.deep_page(),
			bench.full_sync(args.sync_limit),
			bench.gl_export(args.gl_limit),
			bench.create_and_submit(),
			bench.raw_sql_floor(),
		]
	finally:
		server.stop()
	print_table(rows, args)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
	parser.add_argument(
		"--workers", type=int, default=1, help="gunicorn workers (1 = like Frappe's dev server)"
	)
	parser.add_argument(
		"--sync-limit", type=int, default=0, help="stop full syncs after this many invoices (0 = all)"
	)
	parser.add_argument(
		"--gl-limit", type=int, default=0, help="stop GL exports after this many rows (0 = all)"
	)
	return parser.parse_args()


def prepare(site: str) -> str:
	"""A non-admin Accounts Manager with fresh API keys: both sides pay ERPNext's permission checks."""
	frappe.init(site=site, sites_path=os.getcwd())
	frappe.connect()
	from frappe.utils.password import get_decrypted_password

	if not frappe.db.exists("User", BENCH_USER):
		frappe.get_doc(
			{"doctype": "User", "email": BENCH_USER, "first_name": "Bench", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", BENCH_USER)
	user.add_roles("Accounts Manager", "Accounts User")
	if not user.api_key:
		user.api_key = frappe.generate_hash(length=15)
		user.api_secret = frappe.generate_hash(length=15)
		user.save(ignore_permissions=True)
	frappe.db.commit()
	return f"{user.api_key}:{get_decrypted_password('User', BENCH_USER, 'api_secret')}"


class Server:
	"""gunicorn serving the site on a free loopback port; its worker's memory is sampled while it runs."""

	def __init__(self, site: str, workers: int):
		with socket.socket() as s:
			s.bind(("127.0.0.1", 0))
			port = s.getsockname()[1]
		gunicorn = Path(sys.executable).with_name("gunicorn")
		self.process = subprocess.Popen(
			[
				str(gunicorn),
				"-b",
				f"127.0.0.1:{port}",
				"-w",
				str(workers),
				"-t",
				"600",
				"frappe.app:application",
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		self.url = f"http://127.0.0.1:{port}"
		for _ in range(120):
			try:
				if requests.get(self.url + "/api/method/ping", headers={"Host": site}, timeout=10).ok:
					return
			except requests.RequestException:
				time.sleep(0.5)
		raise SystemExit("gunicorn did not start")

	def workers(self) -> list[psutil.Process]:
		return psutil.Process(self.process.pid).children()

	def stop(self) -> None:
		self.process.terminate()
		self.process.wait(timeout=30)


class PeakMemory:
	"""Peak RSS of the server's workers while the block runs (sampled every 20 ms)."""

	def __init__(self, processes: list[psutil.Process]):
		self.processes, self.peak, self.running = processes, 0, True
		self.thread = threading.Thread(target=self.sample, daemon=True)

	def sample(self) -> None:
		while self.running:
			self.peak = max(self.peak, sum(p.memory_info().rss for p in self.processes))
			time.sleep(0.02)

	def __enter__(self):
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.running = False
		self.thread.join()


class Bench:
	def __init__(self, server: Server, site: str, token: str, repeat: int):
		self.server, self.url, self.repeat = server, server.url, repeat
		self.http = requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)

	def get(self, path: str, params=None) -> dict:
		response = self.http.get(self.url + path, params=params, timeout=600)
		response.raise_for_status()
		return response.json()

	def timed(self, fn, repeat: int | None = None) -> list[float]:
		runs = []
		for _ in range(repeat or self.repeat):
			started = time.perf_counter()
			fn()
			runs.append((time.perf_counter() - started) * 1000)
		return runs

	def interleaved(self, ours, native, native_every: int = 1) -> tuple[list[float], list[float]]:
		"""Time both sides in alternation, so drift on a busy machine (I/O flushes, other load) hits both."""
		ours_runs, native_runs = [], []
		for i in range(self.repeat):
			ours_runs += self.timed(ours, 1)
			if i % native_every == 0:
				native_runs += self.timed(native, 1)
		return ours_runs, native_runs

	def queries(self, fn) -> int:
		"""SQL statements the server ran for fn (MariaDB's global Questions counter; the server is idle
		otherwise). The two status reads themselves are subtracted."""
		before = questions()
		fn()
		return questions() - before - 1

	def warm_up(self) -> None:
		for _ in range(10):
			self.ours_page(100)
			self.native_page(5)

	# (1) a page of 100 invoices with their lines
	def ours_page(self, limit: int, cursor: str | None = None) -> dict:
		params = {"limit": limit, "type": "accounts_receivable", **({"cursor": cursor} if cursor else {})}
		return self.get(f"{OURS}.invoices.list_invoices", params)

	def native_page(self, limit: int, start: int = 0) -> list:
		names = self.get(
			"/api/resource/Sales Invoice",
			{
				"fields": '["name"]',
				"limit_page_length": limit,
				"limit_start": start,
				"order_by": "modified asc, name asc",
			},
		)["data"]
		return [self.get(f"/api/resource/Sales Invoice/{row['name']}")["data"] for row in names]

	def page_with_lines(self) -> dict:
		ours, native = self.interleaved(
			lambda: self.ours_page(100), lambda: self.native_page(100), native_every=3
		)
		return row(
			"page",
			"1. page of 100 invoices with lines (ms)",
			ours,
			native,
			queries=self.queries(lambda: self.ours_page(100)),
		)

	# (2) a deep page vs the first page
	def deep_page(self) -> list[dict]:
		total = self.get("/api/method/frappe.client.get_count", {"doctype": "Sales Invoice"})["message"]
		depth = max(0, min(9_900, total - 100))
		cursor = None
		for _ in range(depth // 100):
			cursor = self.ours_page(100, cursor)["next_cursor"]
		ours_first, ours_deep = self.interleaved(
			lambda: self.ours_page(100), lambda: self.ours_page(100, cursor)
		)

		def list_only(start: int) -> dict:
			params = {"fields": '["*"]', "limit_page_length": 100, "limit_start": start}
			return self.get("/api/resource/Sales Invoice", params)

		native_first, native_deep = self.interleaved(lambda: list_only(0), lambda: list_only(depth))
		return [
			ratio_row(
				"deep", f"2. deep page (after {depth}) / first page, ours (keyset)", ours_deep, ours_first
			),
			ratio_row(
				None,
				f"   deep page (after {depth}) / first page, native list (offset)",
				native_deep,
				native_first,
			),
		]

	# (3) a full sync of all sales invoices with lines
	def full_sync(self, limit: int) -> dict:
		def ours() -> int:
			count, cursor = 0, None
			while True:
				body = self.ours_page(500, cursor)
				count += len(body["result"])
				cursor = body["next_cursor"]
				if not cursor or (limit and count >= limit):
					return count

		def native() -> int:
			count, start = 0, 0
			while True:
				docs = self.native_page(500, start)
				count, start = count + len(docs), start + 500
				if len(docs) < 500 or (limit and count >= limit):
					return count

		return self.throughput("sync", "3. full sync of sales invoices with lines (records/s)", ours, native)

	# (4) a full export of the general ledger
	def gl_export(self, limit: int) -> dict:
		def ours() -> int:
			count, cursor = 0, None
			while True:
				params = {"limit": 500, **({"cursor": cursor} if cursor else {})}
				body = self.get(f"{OURS}.transactions.list_transactions", params)
				count += len(body["result"])
				cursor = body["next_cursor"]
				if not cursor or (limit and count >= limit):
					return count

		def native() -> int:
			count, start = 0, 0
			while True:
				rows = self.get(
					"/api/resource/GL Entry",
					{"fields": '["*"]', "limit_page_length": 500, "limit_start": start},
				)["data"]
				count, start = count + len(rows), start + 500
				if len(rows) < 500 or (limit and count >= limit):
					return count

		return self.throughput("gl", "4. full GL export (rows/s)", ours, native)

	def throughput(self, key: str, label: str, ours, native) -> dict:
		results = {}
		for side, fn in (("ours", ours), ("native", native)):
			with PeakMemory(self.server.workers()) as memory:
				started = time.perf_counter()
				count = fn()
				seconds = time.perf_counter() - started
			results[side] = (count / seconds, memory.peak / 2**20, count)
		return {
			"key": key,
			"label": label,
			"ours": f"{results['ours'][0]:,.0f}/s",
			"native": f"{results['native'][0]:,.0f}/s",
			"ratio": results["ours"][0] / results["native"][0],
			"note": f"{results['ours'][2]} records; peak worker RSS ours {results['ours'][1]:.0f} MB, native {results['native'][1]:.0f} MB",
		}

	# (5) create + submit a purchase invoice with 5 lines
	def create_and_submit(self) -> dict:
		frappe.db.rollback()
		supplier = frappe.db.get_value("Supplier", {"supplier_name": ("like", "Seed Supplier%")})
		company = frappe.defaults.get_global_default("company")
		expense = frappe.db.get_value(
			"Account", {"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""}
		)
		lines = [{"description": f"Line {i}", "unit_price": 10 + i, "account_id": expense} for i in range(5)]

		def ours():
			body = {"type": "accounts_payable", "contact_id": supplier, "line_items": lines, "submit": True}
			self.http.post(
				f"{self.url}{OURS}.invoices.create_invoice", json=body, timeout=600
			).raise_for_status()

		def native():
			doc = {
				"supplier": supplier,
				"company": company,
				"items": [
					{
						"item_name": line["description"],
						"qty": 1,
						"rate": line["unit_price"],
						"uom": "Nos",
						"conversion_factor": 1,
						"expense_account": expense,
					}
					for line in lines
				],
			}
			created = self.http.post(f"{self.url}/api/resource/Purchase Invoice", json=doc, timeout=600)
			created.raise_for_status()
			name = created.json()["data"]["name"]
			self.http.put(
				f"{self.url}/api/resource/Purchase Invoice/{name}", json={"docstatus": 1}, timeout=600
			).raise_for_status()

		ours_runs, native_runs = self.interleaved(ours, native)
		return row(
			"write",
			"5. create + submit a 5-line purchase invoice (ms)",
			ours_runs,
			native_runs,
			lower_is_better=True,
		)

	# (6) our page vs the floor: its raw SQL inside the server + an authenticated ping
	def raw_sql_floor(self) -> dict:
		statements = capture_page_sql()
		sql = self.timed(lambda: [frappe.db.sql(s, v) for s, v in statements])
		ping, ours = self.interleaved(
			lambda: self.get("/api/method/frappe.auth.get_logged_user"), lambda: self.ours_page(100)
		)
		floor = statistics.median(sql) + statistics.median(ping)
		return {
			"key": "floor",
			"label": "6. our page / (raw SQL of the page + authenticated ping)",
			"ours": f"{statistics.median(ours):.1f} ms",
			"native": f"{floor:.1f} ms floor",
			"ratio": statistics.median(ours) / floor,
			"note": f"{len(statements)} SQL statements: {statistics.median(sql):.1f} ms; ping {statistics.median(ping):.1f} ms",
		}


def capture_page_sql() -> list[tuple[str, tuple]]:
	"""The SQL statements one page of 100 sales invoices runs, captured in this process as the bench user."""
	from unified_accounting.api.invoices import list_invoices

	frappe.set_user(BENCH_USER)
	list_invoices(limit=100, type="accounts_receivable")  # warm caches: the server's are warm too
	captured, original = [], frappe.db.sql

	def capture(query, values=(), *args, **kwargs):
		captured.append((query, values))
		return original(query, values, *args, **kwargs)

	frappe.db.sql = capture
	try:
		list_invoices(limit=100, type="accounts_receivable")
	finally:
		frappe.db.sql = original
	return [(q, v) for q, v in captured if str(q).lstrip().lower().startswith("select")]


def questions() -> int:
	frappe.db.rollback()
	return int(frappe.db.sql("show global status like 'Questions'")[0][1])


def row(key, label, ours, native, queries=None, lower_is_better=False) -> dict:
	ours_median, native_median = statistics.median(ours), statistics.median(native)
	return {
		"key": key,
		"label": label,
		"ours": f"{ours_median:.1f} (p95 {p95(ours):.1f})",
		"native": f"{native_median:.1f} (p95 {p95(native):.1f})",
		"ratio": ours_median / native_median if lower_is_better else native_median / ours_median,
		"note": f"{queries} SQL queries per request" if queries is not None else "",
	}


def ratio_row(key, label, deep, first) -> dict:
	return {
		"key": key,
		"label": label,
		"ours": f"{statistics.median(deep):.1f} ms deep",
		"native": f"{statistics.median(first):.1f} ms first",
		"ratio": statistics.median(deep) / statistics.median(first),
		"note": "",
	}


def p95(values: list[float]) -> float:
	return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def print_table(rows: list[dict], args) -> None:
	print(
		f"\nUnified Accounting benchmarks - site {args.site}, {args.workers} gunicorn worker(s), {args.repeat} runs, "
		f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB"
	)
	print("\n| measurement | ours | native / reference | ratio | target | met | notes |")
	print("| --- | --- | --- | --- | --- | --- | --- |")
	for r in rows:
		target = TARGETS.get(r["key"])
		met = (
			""
			if not target
			else (
				"yes" if (r["ratio"] >= target[1] if target[0] == ">=" else r["ratio"] <= target[1]) else "NO"
			)
		)
		shown = f"{target[0]} {target[1]}" if target else ""
		print(
			f"| {r['label']} | {r['ours']} | {r['native']} | {r['ratio']:.2f}x | {shown} | {met} | {r['note']} |"
		)
	sys.stdout.flush()


if __name__ == "__main__":
	main()
