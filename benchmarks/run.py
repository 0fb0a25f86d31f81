"""Side-by-side benchmarks over real HTTP: Unified Accounting vs the native REST pattern an outside vendor
must use, measured in one run on one server, printed as a table of medians, p95s and ratios.

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/run.py --site ua-bench.localhost
"""

import argparse
import statistics
import time

import orjson
import requests
from harness import (
	BENCH_USER,
	PeakMemory,
	Server,
	prepare,
	print_table,
	ratio_row,
	row,
)

import frappe

OURS = "/api/method/unified_accounting.api"
TARGETS = {
	"page": (">=", 50),
	"deep": ("<=", 1.3),
	"sync": (">=", 50),
	"gl": (">=", 5),
	"write": ("<=", 0.6),
	"floor": ("<=", 2),
	"batch": (">=", 1.5),
}


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, args.workers)
	try:
		bench = Bench(server, args.site, token, args.repeat)
		bench.warm_up()
		measurements = {
			"page": bench.page_with_lines,
			"deep": bench.deep_page,
			"sync": lambda: bench.full_sync(args.sync_limit),
			"gl": lambda: bench.gl_export(args.gl_limit),
			"gl10k": lambda: bench.gl_pages_of_10000(args.gl_limit),
			"gl500": lambda: bench.gl_pages_of_500(args.gl_limit),
			"write": bench.create_and_submit,
			"batch": bench.batch_create,
			"floor": bench.raw_sql_floor,
		}
		rows = []
		for key in args.only or measurements:
			measured = measurements[key]()
			rows += measured if isinstance(measured, list) else [measured]
	finally:
		server.stop()
	title = f"Unified Accounting benchmarks - site {args.site}, {args.workers} gunicorn worker(s), {args.repeat} runs"
	print_table(rows, TARGETS, title)


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
	parser.add_argument(
		"--only", nargs="+", help="measure only these: page deep sync gl gl10k gl500 write batch floor"
	)
	return parser.parse_args()


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
		# Both sides are parsed with the same fast parser, so the ratio measures the servers, not the client.
		return orjson.loads(response.content)

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
	def ours_gl(self, method: str, page: int, limit: int) -> int:
		count, cursor = 0, None
		while True:
			params = {"limit": page, **({"cursor": cursor} if cursor else {})}
			body = self.get(f"{OURS}.{method}", params)
			count += len(body["result"])
			cursor = body["next_cursor"]
			if not cursor or (limit and count >= limit):
				return count

	def native_gl(self, limit: int) -> int:
		count, start = 0, 0
		while True:
			rows = self.get(
				"/api/resource/GL Entry",
				{"fields": '["*"]', "limit_page_length": 500, "limit_start": start},
			)["data"]
			count, start = count + len(rows), start + 500
			if len(rows) < 500 or (limit and count >= limit):
				return count

	def ours_gl_stream(self, limit: int) -> int:
		"""The NDJSON stream, parsed record by record as the chunks arrive (what a client of it does)."""
		count, cursor = 0, None
		while True:
			params = {"limit": limit} if limit else {}
			with self.http.get(
				f"{self.url}{OURS}.exports.stream_transactions",
				params={**params, **({"cursor": cursor} if cursor else {})},
				stream=True,
				timeout=600,
			) as response:
				response.raise_for_status()
				pending = b""
				for chunk in response.iter_content(1 << 20):
					lines = (pending + chunk).split(b"\n")
					pending = lines.pop()
					count += len([orjson.loads(line) for line in lines])
				cursor = response.headers.get("Next-Cursor")
			if not cursor or limit:
				return count

	def gl_export(self, limit: int) -> dict:
		return self.throughput(
			"gl",
			"4. full GL export, stream_transactions NDJSON (rows/s)",
			lambda: self.ours_gl_stream(limit),
			lambda: self.native_gl(limit),
		)

	def gl_pages_of_10000(self, limit: int) -> dict:
		return self.throughput(
			None,
			"   full GL export, export_transactions pages of 10,000 (rows/s)",
			lambda: self.ours_gl("exports.export_transactions", 10_000, limit),
			lambda: self.native_gl(limit),
		)

	def gl_pages_of_500(self, limit: int) -> dict:
		return self.throughput(
			None,
			"   full GL export, list_transactions pages of 500 (rows/s)",
			lambda: self.ours_gl("transactions.list_transactions", 500, limit),
			lambda: self.native_gl(limit),
		)

	def throughput(self, key: str | None, label: str, ours, native, rounds: int = 3) -> dict:
		"""Records/s of each side, alternated `rounds` times (median), and the workers' peak memory. One
		untimed run of each side first: the first call of a path in a worker builds its caches."""
		ours(), native()
		results = {"ours": [], "native": []}
		for _ in range(rounds):
			for side, fn in (("ours", ours), ("native", native)):
				with PeakMemory(self.server.workers()) as memory:
					started = time.perf_counter()
					count = fn()
					seconds = time.perf_counter() - started
				results[side].append((count / seconds, memory.peak / 2**20, count))
		rate = {side: statistics.median(r[0] for r in runs) for side, runs in results.items()}
		peak = {side: max(r[1] for r in runs) for side, runs in results.items()}
		return {
			"key": key,
			"label": label,
			"ours": f"{rate['ours']:,.0f}/s",
			"native": f"{rate['native']:,.0f}/s",
			"ratio": rate["ours"] / rate["native"],
			"note": f"{results['ours'][0][2]} records; peak worker RSS ours {peak['ours']:.0f} MB, native {peak['native']:.0f} MB",
		}

	# (5) create + submit a purchase invoice with 5 lines
	def native_purchase_invoice(self, supplier: str, company: str, lines: list[dict]) -> None:
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
					"expense_account": line["account_id"],
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

	def create_and_submit(self) -> dict:
		supplier, company, lines = self.purchase_lines()

		def ours():
			body = {"type": "accounts_payable", "contact_id": supplier, "line_items": lines, "submit": True}
			self.http.post(
				f"{self.url}{OURS}.invoices.create_invoice", json=body, timeout=600
			).raise_for_status()

		def native():
			self.native_purchase_invoice(supplier, company, lines)

		ours_runs, native_runs = self.interleaved(ours, native)
		return row(
			"write",
			"5. create + submit a 5-line purchase invoice (ms)",
			ours_runs,
			native_runs,
			lower_is_better=True,
		)

	# (7) 100 five-line purchase invoices, created and submitted
	def purchase_lines(self) -> tuple[str, str, list[dict]]:
		frappe.db.rollback()
		supplier = frappe.db.get_value("Supplier", {"supplier_name": ("like", "Seed Supplier%")})
		company = frappe.defaults.get_global_default("company")
		expense = frappe.db.get_value(
			"Account", {"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""}
		)
		lines = [{"description": f"Line {i}", "unit_price": 10 + i, "account_id": expense} for i in range(5)]
		return supplier, company, lines

	def batch_create(self, count: int = 100) -> dict:
		supplier, company, lines = self.purchase_lines()
		body = {"type": "accounts_payable", "contact_id": supplier, "line_items": lines, "submit": True}

		def ours():
			response = self.http.post(
				f"{self.url}{OURS}.batch.create_invoices", json={"items": [body] * count}, timeout=600
			)
			response.raise_for_status()
			assert all(item["status"] == 201 for item in response.json()["result"]), response.text[:500]

		def native():
			for _ in range(count):
				self.native_purchase_invoice(supplier, company, lines)

		ours_runs, native_runs = [], []
		for _ in range(max(1, self.repeat // 15)):
			ours_runs += self.timed(ours, 1)
			native_runs += self.timed(native, 1)
		result = row(
			"batch", f"7. {count} five-line purchase invoices created + submitted (s)", ours_runs, native_runs
		)
		result["ours"], result["native"] = (
			f"{statistics.median(ours_runs) / 1000:.1f} s (1 call)",
			f"{statistics.median(native_runs) / 1000:.1f} s ({2 * count} calls)",
		)
		return result

	# (6) our page vs the floor: its raw SQL inside the server + an authenticated ping
	def raw_sql_floor(self) -> list[dict]:
		"""Our page against its floor: the first page, and the first page whose every invoice has payments
		applied (the applied-payments query runs only for pages that have some)."""
		rows = [self.floor_row("6. our page / (raw SQL of the page + authenticated ping)", None)]
		cursor = self.page_with_payments()
		if cursor:
			rows.append(self.floor_row("   the same for a page whose 100 invoices all have payments", cursor))
		return rows

	def page_with_payments(self, pages: int = 40) -> str | None:
		"""The cursor of the first page of 100 whose invoices all have payments (None: no such page)."""
		cursor = None
		for _ in range(pages):
			body = self.ours_page(100, cursor)
			if len(body["result"]) == 100 and all(i["payments"] for i in body["result"]):
				return cursor
			cursor = body["next_cursor"]
			if not cursor:
				return None
		return None

	def floor_row(self, label: str, cursor: str | None) -> dict:
		statements = capture_page_sql(cursor)
		sql = self.timed(lambda: [frappe.db.sql(s, v) for s, v in statements])
		ping, ours = self.interleaved(
			lambda: self.get("/api/method/frappe.auth.get_logged_user"), lambda: self.ours_page(100, cursor)
		)
		floor = statistics.median(sql) + statistics.median(ping)
		return {
			"key": "floor" if cursor is None else None,
			"label": label,
			"ours": f"{statistics.median(ours):.1f} ms",
			"native": f"{floor:.1f} ms floor",
			"ratio": statistics.median(ours) / floor,
			"note": f"{len(statements)} SQL statements: {statistics.median(sql):.1f} ms; ping {statistics.median(ping):.1f} ms",
		}


def capture_page_sql(cursor: str | None = None) -> list[tuple[str, tuple]]:
	"""The SQL statements one page of 100 sales invoices runs, captured in this process as the bench user."""
	from unified_accounting.api.invoices import list_invoices

	frappe.set_user(BENCH_USER)
	page = {"limit": 100, "type": "accounts_receivable", **({"cursor": cursor} if cursor else {})}
	list_invoices(**page)  # warm caches: the server's are warm too
	captured, original = [], frappe.db.sql

	def capture(query, values=(), *args, **kwargs):
		captured.append((query, values))
		return original(query, values, *args, **kwargs)

	frappe.db.sql = capture
	try:
		list_invoices(**page)
	finally:
		frappe.db.sql = original
	# reads only (a union starts with its first parenthesised select)
	return [(q, v) for q, v in captured if str(q).lstrip(" \t\n(").lower().startswith("select")]


if __name__ == "__main__":
	main()
