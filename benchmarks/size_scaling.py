"""Page latency against table size: a page of 100 sales invoices with lines (first page and a deep page)
with the seeded invoices bulk-grown to 2,000, 10,000 and 50,000 by copies (labelled in `remarks`, removed
afterwards). Copies are dated after every seeded invoice (`modified` a century later), so the measured pages
hold the same seeded invoices at every size: what changes is only the size of the tables they are read
from. The sizes are measured up and down again, twice (2k, 10k, 50k, 10k, 2k, 10k, 50k, 10k, 2k), and each
size's passes pooled, so drift on the machine during the run falls on every size alike.

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh runs it):
	python benchmarks/size_scaling.py --site ua-bench.localhost --sizes 2000 10000 50000
"""

import argparse
import statistics
import time

import orjson
import requests
from harness import Server, prepare

import frappe

LABEL = "UA bulk copy (benchmarks/size_scaling.py)"
PAGE = "/api/method/unified_accounting.api.invoices.list_invoices"


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, 1)
	rows = []
	try:
		http = requests.Session()
		http.headers.update({"Host": args.site, "Authorization": f"token {token}"})
		runs: dict[int, tuple[list, list, int]] = {}
		for size in passes(sorted(args.sizes), args.cycles):
			total = resize_invoices(size)
			settle()
			first, deep = measure(http, server.url, args.repeat)
			print(
				f"  pass at {total:,}: first page {statistics.median(first):.1f} ms, deep {statistics.median(deep):.1f} ms",
				flush=True,
			)
			pooled = runs.setdefault(size, ([], [], total))
			pooled[0].extend(first)
			pooled[1].extend(deep)
		for size in sorted(args.sizes):
			first, deep, total = runs[size]
			rows.append((size, total, statistics.median(first), statistics.median(deep)))
	finally:
		server.stop()
		remove_copies()
	first = [r[2] for r in rows]
	print(
		f"\nPage latency by table size - a page of 100 sales invoices with lines, {args.repeat} runs per pass,"
		f" {args.cycles} up-and-down cycles, each size's passes pooled"
	)
	print("\n| sales invoices | of which bulk copies | first page ms (median) | deep page ms (median) |")
	print("| --- | --- | --- | --- |")
	for _size, total, first_ms, deep_ms in rows:
		print(f"| {total:,} | {total - seeded():,} | {first_ms:.1f} | {deep_ms:.1f} |")
	print(
		f"\nlargest / smallest first-page median: {max(first) / min(first):.2f}x (target <= 1.2)", flush=True
	)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000, 50000])
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per pass")
	parser.add_argument(
		"--cycles",
		type=int,
		default=2,
		help="up-and-down cycles over the sizes (2: 2k 10k 50k 10k 2k 10k 50k 10k 2k)",
	)
	return parser.parse_args()


def passes(sizes: list[int], cycles: int) -> list[int]:
	"""Up, then down again, `cycles` times: every size is measured at several moments of the run, the
	largest too, so drift on the machine falls on every size alike."""
	order = [sizes[0]]
	for _ in range(cycles):
		order += [*sizes[1:], *sizes[-2::-1]]
	return order


def seeded() -> int:
	return frappe.db.sql("select count(*) from `tabSales Invoice` where ifnull(remarks, '') != %s", LABEL)[0][
		0
	]


def resize_invoices(size: int) -> int:
	"""Copies of the seeded sales invoices and their lines (new names) until there are about `size`: whole
	rounds of copies are added, or the rounds beyond it removed."""
	missing = size - frappe.db.count("Sales Invoice")
	if missing < 0:
		keep = max(0, -(-(size - seeded()) // seeded()))
		suffix = "cast(substring_index({}, '-c', -1) as unsigned) > %(keep)s"
		frappe.db.sql(
			f"""delete from `tabSales Invoice Item` where parent like '%%-c%%' and {suffix.format("parent")}
			and parent in (select name from `tabSales Invoice` where remarks = %(label)s)""",
			{"keep": keep, "label": LABEL},
		)
		frappe.db.sql(
			f"delete from `tabSales Invoice` where remarks = %(label)s and {suffix.format('name')}",
			{"keep": keep, "label": LABEL},
		)
		frappe.db.commit()
	if missing > 0:
		base = seeded()
		start = frappe.db.count("Sales Invoice", {"remarks": LABEL}) // base + 1
		rounds = -(-missing // base)
		for table, key, extra in (
			# dated after every seeded invoice: the measured pages stay the seeded ones at every size
			(
				"Sales Invoice",
				"name",
				{"remarks": f"'{LABEL}'", "modified": "t.modified + interval 100 year"},
			),
			("Sales Invoice Item", "parent", {}),
		):
			copy_rows(table, key, extra, start, start + rounds - 1)
		frappe.db.commit()
	return frappe.db.count("Sales Invoice")


def copy_rows(table: str, key: str, extra: dict, first: int, last: int) -> None:
	columns = [c for c in frappe.db.get_table_columns(table) if c not in ("name", "parent", *extra)]
	values = {
		"name": "concat(t.name, '-c', s.seq)",
		**({"parent": "concat(t.parent, '-c', s.seq)"} if key == "parent" else {}),
		**extra,
	}
	target = ", ".join(f"`{c}`" for c in [*values, *columns])
	source = ", ".join([*values.values(), *(f"t.`{c}`" for c in columns)])
	only_seeded = (
		"ifnull(t.remarks, '') != %(label)s"
		if key == "name"
		else "t.parent in (select name from `tabSales Invoice` where ifnull(remarks, '') != %(label)s)"
	)
	frappe.db.sql(
		f"""insert into `tab{table}` ({target}) select {source}
		from `tab{table}` t join seq_{first}_to_{last} s where {only_seeded}""",
		{"label": LABEL},
	)


def remove_copies() -> None:
	frappe.db.rollback()
	frappe.db.sql(
		"""delete i from `tabSales Invoice Item` i join `tabSales Invoice` s on s.name = i.parent
		where s.remarks = %s""",
		LABEL,
	)
	frappe.db.sql("delete from `tabSales Invoice` where remarks = %s", LABEL)
	frappe.db.commit()


def settle(seconds: float = 60) -> None:
	"""Wait (bounded) until InnoDB has written out the pages the resize dirtied: measured while it flushes
	tens of MB, a size would pay for the I/O of its own setup."""
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		dirty = frappe.db.sql("show global status like 'Innodb_buffer_pool_pages_dirty'")[0][1]
		if int(dirty) < 100:
			return
		time.sleep(0.5)


def measure(http: requests.Session, url: str, repeat: int) -> tuple[list[float], list[float]]:
	"""Milliseconds of the first page and of the page after 10 pages, timed in alternation."""
	params = {"limit": 100, "type": "accounts_receivable"}
	cursor = None
	for _ in range(10):
		cursor = orjson.loads(
			http.get(url + PAGE, params={**params, **({"cursor": cursor} if cursor else {})}).content
		)["next_cursor"]
	for _ in range(20):  # warm the worker (its first requests are slower) and its caches at this size
		http.get(url + PAGE, params=params, timeout=120)
	first, deep = [], []
	for _ in range(repeat):
		for runs, extra in ((first, {}), (deep, {"cursor": cursor})):
			started = time.perf_counter()
			response = http.get(url + PAGE, params={**params, **extra}, timeout=120)
			response.raise_for_status()
			orjson.loads(response.content)
			runs.append((time.perf_counter() - started) * 1000)
	return first, deep


if __name__ == "__main__":
	main()
