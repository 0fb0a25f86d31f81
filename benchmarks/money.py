"""Side-by-side benchmarks of the money workflows over real HTTP, against the native pattern an outside
vendor must use, and our write overhead against ERPNext's own in-process work on the same document:

8. an expense with its receipt, paid and posted: ours one call vs native insert + upload_file + submit;
9. one payment allocated to 10 invoices after the fact: ours one call vs ERPNext's Payment
   Reconciliation over REST as Desk drives it (get_unreconciled_entries, allocate_entries, reconcile);
10. create + submit of a 5-line purchase invoice: our HTTP call vs insert() + submit() in-process (the
    physical limit: the same ERPNext work without HTTP, auth or our layers);
11. a statement of 1,000 bank lines pushed: ours one call vs 1,000 REST inserts (submitted on insert);
12. auto-reconciliation of lines against payments with the same reference, in lines/s: ours one call
    vs ERPNext's Bank Reconciliation Tool (auto_reconcile_vouchers) over REST, called per 10 lines (with
    more unreconciled lines it hands them to a background job a caller cannot follow).

The documents made stay on the benchmark site, like the other write rows' (benchmarks/seed.sh re-seeds).
Run from the bench's sites directory with the bench's Python (benchmarks/run.sh does that):
	python benchmarks/money.py --site ua-bench.localhost --repeat 7
"""

import argparse
import base64
import json
import statistics
import time

import requests
from harness import BENCH_USER, Server, prepare, print_table, row

import frappe
from frappe.utils import add_days, today

OURS = "/api/method/unified_accounting.api"
TARGETS = {
	"auto": (">=", 1.0),
	"expense": (">=", 1.5),
	"allocate": (">=", 1.5),
	"overhead": ("<=", 1.1),
	"statement": (">=", 5),
}
RECEIPT = b"receipt line\n" * 1500  # ~20 KB of text (a PDF must parse: Frappe checks it)
ALLOCATED = 10


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	server = Server(args.site, 1)
	try:
		bench = Money(server, args.site, token, args.repeat)
		rows = [
			bench.expense_with_receipt(),
			bench.allocation(),
			bench.overhead(),
			bench.statement(args.lines),
			bench.auto_reconcile(args.auto_lines),
		]
	finally:
		server.stop()
	print_table(rows, TARGETS, f"Money workflows - site {args.site}, 1 gunicorn worker, {args.repeat} runs")


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
	parser.add_argument("--lines", type=int, default=1000, help="statement lines pushed in row 11")
	parser.add_argument("--auto-lines", type=int, default=100, help="lines auto-reconciled in row 12")
	return parser.parse_args()


def timed(fn) -> float:
	started = time.perf_counter()
	fn()
	return (time.perf_counter() - started) * 1000


class Money:
	def __init__(self, server: Server, site: str, token: str, repeat: int):
		self.url, self.repeat = server.url, repeat
		self.http = requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)
		self.books = books()
		self.bank_account = bench_bank_account(self.books)
		self.books["bank"] = frappe.db.get_value("Bank Account", self.bank_account, "account")

	def post(self, path: str, **kwargs) -> dict:
		response = self.http.post(self.url + path, timeout=600, **kwargs)
		assert response.ok, response.text[:800]
		return response.json()

	def interleaved(self, ours, native) -> tuple[list[float], list[float]]:
		ours(), native()  # warm both paths
		ours_runs, native_runs = [], []
		for _ in range(self.repeat):
			ours_runs.append(timed(ours))
			native_runs.append(timed(native))
		return ours_runs, native_runs

	# (8) an expense paid by card, with its receipt
	def expense_with_receipt(self) -> dict:
		b = self.books
		line = {"description": "Taxi", "unit_price": 42.5, "account_id": b["expense"]}
		receipt = {"file_name": "receipt.txt", "content_base64": base64.b64encode(RECEIPT).decode()}

		def ours():
			body = {
				"contact_id": b["supplier"],
				"account_id": b["bank"],
				"line_items": [line],
				"receipts": [receipt],
			}
			self.post(f"{OURS}.expenses.create_expense", json=body)

		def native():
			doc = {
				"supplier": b["supplier"],
				"company": b["company"],
				"is_paid": 1,
				"cash_bank_account": b["bank"],
				"items": [
					{
						"item_name": "Taxi",
						"qty": 1,
						"rate": 42.5,
						"uom": "Nos",
						"expense_account": b["expense"],
					}
				],
			}
			name = self.post("/api/resource/Purchase Invoice", json=doc)["data"]["name"]
			files = {"file": ("receipt.txt", RECEIPT, "text/plain")}
			data = {"doctype": "Purchase Invoice", "docname": name, "is_private": 1}
			self.post("/api/method/upload_file", files=files, data=data)
			self.http.put(
				f"{self.url}/api/resource/Purchase Invoice/{name}", json={"docstatus": 1}, timeout=600
			).raise_for_status()

		ours_runs, native_runs = self.interleaved(ours, native)
		label = "8. expense with its receipt, paid + posted: 1 call vs insert + upload_file + submit (ms)"
		return row("expense", label, ours_runs, native_runs)

	# (9) one payment applied to 10 invoices after the fact
	def allocation(self) -> dict:
		def ours(payment: str, invoices: list[str]) -> None:
			applied = [{"related_object_id": name, "applied_amount": 10} for name in invoices]
			self.post(f"{OURS}.payments.allocate_payment", json={"id": payment, "applied_to": applied})

		def native(payment: str, invoices: list[str]) -> None:
			customer = frappe.db.get_value("Payment Entry", payment, "party")
			tool = {
				"doctype": "Payment Reconciliation",
				"name": "Payment Reconciliation",
				"modified": None,
				"company": self.books["company"],
				"party_type": "Customer",
				"party": customer,
				"receivable_payable_account": self.books["receivable"],
				"payment_name": payment,
			}
			fetched = self.post("/api/method/run_doc_method", data=run(tool, "get_unreconciled_entries"))[
				"docs"
			][0]
			args = {"payments": fetched["payments"], "invoices": fetched["invoices"]}
			allocated = self.post("/api/method/run_doc_method", data=run(fetched, "allocate_entries", args))[
				"docs"
			][0]
			assert len(allocated["allocation"]) == ALLOCATED, allocated.get("allocation")
			self.post("/api/method/run_doc_method", data=run(allocated, "reconcile"))

		ours_runs, native_runs = [], []
		for _ in range(self.repeat + 1):  # the first round warms both paths
			for side, runs in ((ours, ours_runs), (native, native_runs)):
				payment, invoices = open_items(self.books)
				runs.append(timed(lambda side=side, p=payment, i=invoices: side(p, i)))
				frappe.db.rollback()  # a fresh snapshot: what the server committed
				assert frappe.db.get_value("Payment Entry", payment, "unallocated_amount") == 0, side
		label = f"9. one payment allocated to {ALLOCATED} invoices: 1 call vs Payment Reconciliation over REST (ms)"
		return row("allocate", label, ours_runs[1:], native_runs[1:])

	# (11) a bank statement pushed in
	def statement(self, count: int) -> dict:
		account = self.bank_account

		def ours():
			body = {"bank_account_id": account, "lines": statement_lines(count)}
			results = self.post(f"{OURS}.bank_transactions.create_bank_transactions", json=body)["result"]
			assert all(r["status"] == 201 for r in results), [r for r in results if r["status"] != 201][:2]

		def native():
			for line in statement_lines(count):
				amount = line.pop("amount")
				doc = {
					"bank_account": account,
					"date": line["transaction_date"],
					"deposit": max(amount, 0),
					"withdrawal": max(-amount, 0),
					"description": line["description"],
					"transaction_id": line["transaction_id"],
					"docstatus": 1,
				}
				self.post("/api/resource/Bank Transaction", json=doc)

		rounds = max(1, self.repeat // 5)
		ours_runs, native_runs = [], []
		for _ in range(rounds):
			ours_runs.append(timed(ours))
			native_runs.append(timed(native))
		label = f"11. a statement of {count} bank lines pushed: 1 call vs {count} REST inserts (ms)"
		result = row("statement", label, ours_runs, native_runs)
		result["note"] = (
			f"{rounds} round(s); {count / (statistics.median(ours_runs) / 1000):,.0f} lines/s ours"
		)
		return result

	# (12) auto-reconciliation by reference
	def auto_reconcile(self, count: int) -> dict:
		b = self.books
		sides = {
			"ours": bench_bank_account(b, "UA Bench Auto Ours"),
			"native": bench_bank_account(b, "UA Bench Auto ERPNext"),
		}
		for account in sides.values():  # a clean slate: earlier runs' leftovers would be examined too
			reconcile_leftovers(account)
		timings = {}
		for side, account in sides.items():
			lines = open_lines(b, account, count)
			if side == "ours":
				body = {"bank_account_id": account}
				run = lambda body=body: self.post(f"{OURS}.bank_transactions.auto_reconcile", json=body)  # noqa: E731
				timings[side] = timed(run)
			else:
				timings[side] = 0.0
				for start in range(0, count, 10):
					push_lines(account, lines[start : start + 10])
					url = "/api/method/erpnext.accounts.doctype.bank_reconciliation_tool.bank_reconciliation_tool.auto_reconcile_vouchers"
					form = {"bank_account": account, "from_date": "2000-01-01", "to_date": today()}
					timings[side] += timed(lambda url=url, form=form: self.post(url, data=form))
			frappe.db.rollback()
			left = frappe.db.count(
				"Bank Transaction", {"bank_account": account, "docstatus": 1, "unallocated_amount": (">", 0)}
			)
			assert left == 0, (side, left)
		rate = {side: count / (ms / 1000) for side, ms in timings.items()}
		return {
			"key": "auto",
			"label": f"12. auto-reconcile {count} lines by reference (lines/s)",
			"ours": f"{rate['ours']:,.0f}/s",
			"native": f"{rate['native']:,.0f}/s",
			"ratio": rate["ours"] / rate["native"],
			"note": "ERPNext's tool per 10 lines (it backgrounds more)",
		}

	# (10) our write overhead over ERPNext's own in-process work
	def overhead(self) -> dict:
		b = self.books
		lines = [
			{"description": f"Line {i}", "unit_price": 10 + i, "account_id": b["expense"]} for i in range(5)
		]

		def ours():
			body = {
				"type": "accounts_payable",
				"contact_id": b["supplier"],
				"line_items": lines,
				"submit": True,
			}
			self.post(f"{OURS}.invoices.create_invoice", json=body)

		def in_process():
			frappe.set_user(BENCH_USER)
			doc = frappe.get_doc(
				{
					"doctype": "Purchase Invoice",
					"supplier": b["supplier"],
					"company": b["company"],
					"items": [
						{
							"item_name": line["description"],
							"qty": 1,
							"rate": line["unit_price"],
							"uom": "Nos",
							"expense_account": line["account_id"],
						}
						for line in lines
					],
				}
			)
			doc.insert()
			doc.submit()
			frappe.db.commit()
			frappe.set_user("Administrator")

		ours_runs, native_runs = self.interleaved(ours, in_process)
		result = row(
			"overhead",
			"10. create + submit, 5-line bill: our HTTP call / ERPNext's insert() + submit() in-process (ms)",
			ours_runs,
			native_runs,
			lower_is_better=True,
		)
		overhead = statistics.median(ours_runs) - statistics.median(native_runs)
		result["note"] = f"our layers + HTTP: {overhead:.1f} ms per call"
		return result


def statement_lines(count: int) -> list[dict]:
	tag = frappe.generate_hash(length=8)
	return [
		{
			"transaction_date": today(),
			"amount": (-1) ** i * (10 + i % 90),
			"description": f"Line {i}",
			"transaction_id": f"{tag}-{i}",
		}
		for i in range(count)
	]


def bench_bank_account(b: dict, name: str = "UA Bench Statement") -> str:
	"""A Bank Account of the company on a Bank-type ledger account of its own (made once, committed)."""
	found = frappe.db.get_value("Bank Account", {"account_name": name})
	if found:
		return found
	if not frappe.db.exists("Bank", "UA Bench Bank"):
		frappe.get_doc({"doctype": "Bank", "bank_name": "UA Bench Bank"}).insert(ignore_permissions=True)
	parent = frappe.db.get_value("Account", b["cash"], "parent_account")
	ledger = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": name,
			"company": b["company"],
			"parent_account": parent,
			"account_type": "Bank",
		}
	).insert(ignore_permissions=True)
	account = {
		"account_name": name,
		"bank": "UA Bench Bank",
		"account": ledger.name,
		"company": b["company"],
		"is_company_account": 1,
	}
	created = frappe.get_doc({"doctype": "Bank Account", **account}).insert(ignore_permissions=True)
	frappe.db.commit()
	return created.name


def open_lines(b: dict, bank_account: str, count: int) -> list[dict]:
	"""`count` receipts into the account's ledger, each with its reference, and for ours their statement
	lines already pushed (for native they are pushed 10 at a time). Made in-process, committed; not timed."""
	from unified_accounting.inputs import PaymentCreate
	from unified_accounting.services.money.payment_writes import create_payment

	frappe.set_user("Administrator")
	ledger = frappe.db.get_value("Bank Account", bank_account, "account")
	customer = frappe.db.get_value("Customer", {"customer_name": ("like", "Seed Customer%")})
	tag = frappe.generate_hash(length=6)
	lines = []
	for i in range(count):
		reference = f"AUTO-{tag}-{i}"
		body = {
			"type": "accounts_receivable",
			"contact_id": customer,
			"total_amount": 10 + i,
			"account_id": ledger,
			"reference": reference,
			"submit": True,
		}
		create_payment(PaymentCreate.model_validate(body))
		lines.append(
			{
				"date": today(),
				"deposit": 10 + i,
				"reference_number": reference,
				"transaction_id": f"{tag}-{i}",
			}
		)
	frappe.db.commit()
	if "Ours" in bank_account:
		push_lines(bank_account, lines)
	return lines


def push_lines(bank_account: str, lines: list[dict]) -> None:
	for line in lines:
		doc = frappe.get_doc({"doctype": "Bank Transaction", "bank_account": bank_account, **line})
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
	frappe.db.commit()


def reconcile_leftovers(bank_account: str) -> None:
	"""Cancel lines an interrupted earlier run left unreconciled on the benchmark's own accounts."""
	for name in frappe.get_all(
		"Bank Transaction",
		{"bank_account": bank_account, "docstatus": 1, "unallocated_amount": (">", 0)},
		pluck="name",
	):
		frappe.get_doc("Bank Transaction", name).cancel()
	frappe.db.commit()


def run(doc: dict, method: str, args: dict | None = None) -> dict:
	"""The form body Desk's frappe.call('run_doc_method') sends."""
	body = {"docs": json.dumps(doc, default=str), "method": method}
	if args is not None:
		body["args"] = json.dumps(args, default=str)
	return body


def books() -> dict:
	frappe.db.rollback()
	company = frappe.defaults.get_global_default("company")
	leaf = lambda **f: frappe.db.get_value("Account", {"company": company, "is_group": 0, **f})  # noqa: E731
	return {
		"company": company,
		"supplier": frappe.db.get_value("Supplier", {"supplier_name": ("like", "Seed Supplier%")}),
		"expense": leaf(root_type="Expense", account_type=""),
		"income": leaf(root_type="Income", account_type="Income Account") or leaf(root_type="Income"),
		"cash": leaf(account_type="Cash"),
		"receivable": frappe.get_cached_value("Company", company, "default_receivable_account"),
	}


def open_items(b: dict) -> tuple[str, list[str]]:
	"""A new customer with 10 open invoices of 10 and an unallocated receipt of 100 from yesterday (made
	in-process with our services, committed; not timed)."""
	from unified_accounting.inputs import InvoiceCreate, PaymentCreate
	from unified_accounting.services.money.payment_writes import create_payment
	from unified_accounting.services.trade.invoice_writes import create_invoice

	frappe.set_user("Administrator")
	customer = (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"UA Bench Remit {frappe.generate_hash(length=8)}",
				"customer_group": "All Customer Groups",
				"territory": "All Territories",
			}
		)
		.insert()
		.name
	)
	line = [{"name": "Work", "unit_price": 10, "account_id": b["income"]}]
	invoice = {"type": "accounts_receivable", "contact_id": customer, "line_items": line, "submit": True}
	invoices = [create_invoice(InvoiceCreate.model_validate(invoice)).name for _ in range(ALLOCATED)]
	receipt = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": 10 * ALLOCATED,
		"account_id": b["cash"],
		"transaction_date": add_days(today(), -1),
		"submit": True,
	}
	payment = create_payment(PaymentCreate.model_validate(receipt)).name
	frappe.db.commit()
	return payment, invoices


if __name__ == "__main__":
	main()
