"""Side-by-side benchmarks of orders over real HTTP, against the native pattern an outside vendor must use:

13. bill a 20-line purchase order and post the bill: ours one call (bill_purchase_order, submit) vs
    native make_purchase_invoice over REST, insert, submit (3 calls);
14. a page of 100 sales orders with their lines: ours one call vs native list + one GET per order.

The orders made stay on the benchmark site (benchmarks/seed.sh re-seeds). Run from the bench's sites
directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/orders.py --site ua-bench.localhost --repeat 7
"""

import argparse
import statistics
import time

import requests
from harness import Server, prepare, print_table, row

import frappe
from frappe.utils import add_days, today

OURS = "/api/method/unified_accounting.api"
TARGETS = {"bill": (">=", 1.5), "orders_page": (">=", 30)}
ITEM = "UA-BENCH-ORDER-ITEM"
PAGE = 100


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	grant_order_roles()
	server = Server(args.site, 1)
	try:
		bench = Orders(server, args.site, token, args.repeat)
		rows = [bench.bill_purchase_order(), bench.page_of_orders()]
	finally:
		server.stop()
	print_table(rows, TARGETS, f"Orders - site {args.site}, 1 gunicorn worker, {args.repeat} runs")


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
	return parser.parse_args()


def grant_order_roles() -> None:
	"""The bench user also works orders (both sides run as it)."""
	from harness import BENCH_USER

	frappe.get_doc("User", BENCH_USER).add_roles(
		"Sales User", "Purchase User", "Sales Manager", "Purchase Manager"
	)
	frappe.db.commit()


def timed(fn) -> float:
	started = time.perf_counter()
	fn()
	return (time.perf_counter() - started) * 1000


class Orders:
	def __init__(self, server: Server, site: str, token: str, repeat: int):
		self.url, self.repeat = server.url, repeat
		self.http = requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)
		self.company = frappe.defaults.get_global_default("company")
		ensure_item(self.company)

	def call(self, method: str, path: str, **kwargs) -> dict:
		response = self.http.request(method, self.url + path, timeout=600, **kwargs)
		assert response.ok, response.text[:800]
		return response.json()

	# (13) bill a 20-line purchase order
	def bill_purchase_order(self) -> dict:
		supplier = frappe.db.get_value("Supplier", {"supplier_name": ("like", "Seed Supplier%")})

		def ours(order: str) -> None:
			body = {"id": order, "submit": True}
			self.call("POST", f"{OURS}.purchase_orders.bill_purchase_order", json=body)

		def native(order: str) -> None:
			path = "/api/method/erpnext.buying.doctype.purchase_order.purchase_order.make_purchase_invoice"
			mapped = self.call("POST", path, data={"source_name": order})["message"]
			name = self.call("POST", "/api/resource/Purchase Invoice", json=mapped)["data"]["name"]
			self.call("PUT", f"/api/resource/Purchase Invoice/{name}", json={"docstatus": 1})

		ours_runs, native_runs = [], []
		for _ in range(self.repeat + 1):  # the first round warms both paths
			for side, runs in ((ours, ours_runs), (native, native_runs)):
				order = purchase_order(self.company, supplier, 20)
				runs.append(timed(lambda side=side, order=order: side(order)))
				frappe.db.rollback()
				assert frappe.db.get_value("Purchase Order", order, "per_billed") == 100
		label = "13. bill a 20-line purchase order, posted: 1 call vs make_purchase_invoice + insert + submit (ms)"
		return row("bill", label, ours_runs[1:], native_runs[1:])

	# (14) a page of 100 sales orders with lines
	def page_of_orders(self) -> dict:
		ensure_sales_orders(self.company, PAGE)

		def ours() -> None:
			page = self.call("GET", f"{OURS}.sales_orders.list_sales_orders", params={"limit": PAGE})[
				"result"
			]
			assert len(page) == PAGE and all(o["line_items"] for o in page)

		def native() -> None:
			params = {"limit_page_length": PAGE, "fields": '["name"]', "order_by": "modified desc"}
			names = [r["name"] for r in self.call("GET", "/api/resource/Sales Order", params=params)["data"]]
			for name in names:
				assert self.call("GET", f"/api/resource/Sales Order/{name}")["data"]["items"]

		ours(), native()
		ours_runs, native_runs = [], []
		for i in range(self.repeat):
			ours_runs.append(timed(ours))
			if i % 3 == 0:
				native_runs.append(timed(native))
		label = f"14. a page of {PAGE} sales orders with lines: 1 call vs list + {PAGE} GETs (ms)"
		result = row("orders_page", label, ours_runs, native_runs)
		result["note"] = f"native median {statistics.median(native_runs):.0f} ms over {len(native_runs)} runs"
		return result


def ensure_item(company: str) -> None:
	if not frappe.db.exists("Item", ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": ITEM,
				"item_group": "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()


def purchase_order(company: str, supplier: str, lines: int) -> str:
	"""A submitted purchase order with `lines` lines (in-process, committed; not timed)."""
	frappe.set_user("Administrator")
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Order",
			"company": company,
			"supplier": supplier,
			"transaction_date": today(),
			"schedule_date": add_days(today(), 7),
			"items": [{"item_code": ITEM, "qty": 1 + i % 3, "rate": 10 + i} for i in range(lines)],
		}
	)
	doc.insert()
	doc.submit()
	frappe.db.commit()
	return doc.name


def ensure_sales_orders(company: str, count: int) -> None:
	"""At least `count` submitted sales orders of 3 lines (in-process, committed; not timed)."""
	frappe.set_user("Administrator")
	customer = frappe.db.get_value("Customer", {"customer_name": ("like", "Seed Customer%")})
	for _ in range(count - frappe.db.count("Sales Order", {"docstatus": 1})):
		doc = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"company": company,
				"customer": customer,
				"transaction_date": today(),
				"delivery_date": add_days(today(), 7),
				"items": [{"item_code": ITEM, "qty": 1 + i, "rate": 20 + i} for i in range(3)],
			}
		)
		doc.insert()
		doc.submit()
	frappe.db.commit()


if __name__ == "__main__":
	main()
