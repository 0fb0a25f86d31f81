"""Feed catch-up after a bulk import: N sales invoices imported through the batch API, then the change feed
paged from a position taken before the import (events/s, each event with its record), beside list_invoices
paging the same invoices (records/s), over real HTTP with a real RQ worker giving feed positions.

	cd ~/frappe-bench/sites && ../env/bin/python ~/unified_accounting/benchmarks/feed_catchup.py \
		--site ua-bench.localhost --invoices 2000 --repeat 3
"""

import argparse
import statistics
import subprocess
import sys
import time

import requests
from harness import Server, prepare, print_table

import frappe

API = "unified_accounting.api"
PAGE = 500


def company_books() -> dict:
	company = frappe.get_all("Company", pluck="name", order_by="creation asc", limit=1)[0]
	income = frappe.db.get_value(
		"Account",
		{"company": company, "is_group": 0, "root_type": "Income", "account_type": "Income Account"},
	) or frappe.db.get_value("Account", {"company": company, "is_group": 0, "root_type": "Income"})
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"UA Feed Bench {frappe.generate_hash(length=6)}",
			"customer_group": "All Customer Groups",
			"territory": "All Territories",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return {"company": company, "income": income, "customer": customer.name}


def import_invoices(http: requests.Session, url: str, books: dict, count: int) -> float:
	body = {
		"type": "accounts_receivable",
		"company": books["company"],
		"contact_id": books["customer"],
		"submit": True,
		"line_items": [{"name": "Bench", "unit_price": 10, "quantity": 1, "account_id": books["income"]}],
	}
	started = time.perf_counter()
	for start in range(0, count, 100):
		items = [body] * min(100, count - start)
		response = http.post(
			f"{url}/api/method/{API}.batch.create_invoices", json={"items": items}, timeout=900
		)
		response.raise_for_status()
		assert all(item["status"] == 201 for item in response.json()["result"]), response.text[:300]
	return time.perf_counter() - started


def wait_sequenced(timeout: float = 300) -> None:
	from unified_accounting.services.changes.sequence import pending

	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		frappe.db.rollback()
		if not pending():
			return
		time.sleep(0.2)
	raise SystemExit("the sequencer did not number the imported changes (is a worker running?)")


def page_through(http: requests.Session, url: str, method: str, params: dict, key: str) -> tuple[int, float]:
	"""(items read, seconds) paging `method` to its end, following `key` (since / cursor)."""
	count, cursor, started = 0, params.pop(key, None), time.perf_counter()
	while True:
		query = {**params, "limit": PAGE, **({key: cursor} if cursor else {})}
		response = http.get(f"{url}/api/method/{API}.{method}", params=query, timeout=600)
		response.raise_for_status()
		body = response.json()
		count += len(body["result"])
		cursor = body.get("next_cursor")
		if len(body["result"]) < PAGE or not cursor:
			return count, time.perf_counter() - started


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__)
	parser.add_argument("--site", required=True)
	parser.add_argument("--invoices", type=int, default=2000)
	parser.add_argument("--repeat", type=int, default=3)
	args = parser.parse_args()
	token = prepare(args.site)
	worker = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "short"],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	server = Server(args.site, 1)
	http = requests.Session()
	http.headers.update({"Host": args.site, "Authorization": f"token {token}"})
	try:
		books = company_books()
		start = http.get(
			f"{server.url}/api/method/{API}.changes.list_changes",
			params={"since": "now", "resources": "invoices"},
			timeout=60,
		).json()["next_cursor"]
		seconds = import_invoices(http, server.url, books, args.invoices)
		print(f"imported {args.invoices} invoices in {seconds:.1f} s")
		wait_sequenced()
		feed_rates, list_rates, events = [], [], 0
		for _ in range(args.repeat):
			feed = {"since": start, "resources": "invoices"}
			events, feed_seconds = page_through(http, server.url, "changes.list_changes", feed, "since")
			listing = {"contact_id": books["customer"], "type": "accounts_receivable"}
			records, list_seconds = page_through(
				http, server.url, "invoices.list_invoices", listing, "cursor"
			)
			assert records == args.invoices, records
			feed_rates.append(events / feed_seconds)
			list_rates.append(records / list_seconds)
		ours, native = statistics.median(feed_rates), statistics.median(list_rates)
		print_table(
			[
				{
					"key": "feed",
					"label": f"feed catch-up after importing {args.invoices} invoices (per second)",
					"ours": f"{ours:.0f} events/s ({events} events)",
					"native": f"{native:.0f} records/s (list_invoices, {args.invoices} records)",
					"ratio": ours / native,
					"note": f"pages of {PAGE}, median of {args.repeat}",
				}
			],
			{"feed": (">=", 0.8)},
			"Change feed catch-up vs list_invoices on the same data",
		)
	finally:
		server.stop()
		worker.terminate()
		worker.wait(timeout=30)


if __name__ == "__main__":
	main()
