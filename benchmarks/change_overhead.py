"""What recording a change costs a write: create + submit a Sales Invoice (one transaction, committed) with
change recording off, on (the feed), and on with an active webhook subscription (plus its outbox row and
the after-commit enqueue), interleaved, printed as a table of medians, p95s and ratios.

Run from the bench's sites directory with the bench's Python, against your own site:
	../env/bin/python /path/to/benchmarks/change_overhead.py --site ua-h2.localhost --rounds 40
Target: recording (with or without a subscription) under 5% slower than off.
"""

import argparse
import statistics
import time

import frappe

MODES = ("off", "feed", "feed + webhook")
SKIP_FLAG = "unified_accounting_skip_changes"  # services.changes.log.SKIP_FLAG


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		books = prepare()
		timings, recording = measure(books, args.rounds, args.warmup)
		print_table(timings, recording, args.rounds)
	finally:
		cleanup()
		frappe.destroy()


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--rounds", type=int, default=40, help="invoices per mode")
	parser.add_argument("--warmup", type=int, default=5)
	return parser.parse_args()


def prepare() -> dict:
	company = (
		frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)
	customer = frappe.get_all("Customer", pluck="name", limit=1)[0]
	income = frappe.db.get_value(
		"Account",
		{"company": company, "root_type": "Income", "is_group": 0, "account_type": "Income Account"},
	) or frappe.db.get_value("Account", {"company": company, "root_type": "Income", "is_group": 0})
	return {"company": company, "customer": customer, "income": income}


def invoice(books: dict) -> None:
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": books["company"],
			"customer": books["customer"],
			"items": [{"item_name": "Benchmark", "qty": 1, "rate": 100, "income_account": books["income"]}],
		}
	)
	doc.insert()
	doc.submit()
	frappe.db.commit()


def set_mode(mode: str, webhook: list) -> None:
	frappe.flags[SKIP_FLAG] = mode == "off"
	if mode == "feed + webhook" and not webhook:
		hook = frappe.get_doc(
			{
				"doctype": "Unified Accounting Webhook",
				# Nothing listens on the discard port: the benchmark measures the write, not delivery.
				"target_url": "http://127.0.0.1:9/benchmark",
				"events": "invoices.*",
				"description": "benchmarks/change_overhead.py",
			}
		).insert()
		frappe.db.commit()
		webhook.append(hook.name)
	elif mode != "feed + webhook" and webhook:
		frappe.db.set_value("Unified Accounting Webhook", webhook[0], "status", "Paused")
		frappe.db.commit()
		from unified_accounting.services.webhooks.outbox import clear_cache

		clear_cache()
	elif mode == "feed + webhook":
		frappe.get_doc("Unified Accounting Webhook", webhook[0]).update({"status": "Active"}).save()
		frappe.db.commit()


class HookClock:
	"""Pass-through timing of the recording code itself (the doc_events handlers and the pre-commit write,
	outbox and enqueue included): its cost per write, free of the noise of the whole request."""

	def __init__(self):
		from unified_accounting.services.changes import log as change_log

		self.module, self.spent = change_log, 0.0
		for name in ("on_change", "on_trash", "flush"):
			setattr(change_log, name, self.timed(getattr(change_log, name)))

	def timed(self, fn):
		def run(*args, **kwargs):
			started = time.perf_counter()
			try:
				return fn(*args, **kwargs)
			finally:
				self.spent += time.perf_counter() - started

		return run

	def take(self) -> float:
		spent, self.spent = self.spent, 0.0
		return spent * 1000


def measure(books: dict, rounds: int, warmup: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
	"""Modes interleaved round by round, so drift (caches, disk, neighbours) hits every mode alike."""
	timings = {mode: [] for mode in MODES}
	recording = {mode: [] for mode in MODES}
	webhook: list[str] = []
	clock = HookClock()
	for index in range(warmup + rounds):
		for mode in MODES:
			set_mode(mode, webhook)
			clock.take()
			started = time.perf_counter()
			invoice(books)
			if index >= warmup:
				timings[mode].append((time.perf_counter() - started) * 1000)
				recording[mode].append(clock.take())
	frappe.flags[SKIP_FLAG] = False
	return timings, recording


def print_table(timings: dict[str, list[float]], recording: dict[str, list[float]], rounds: int) -> None:
	base = statistics.median(timings["off"])
	print(f"\ncreate + submit Sales Invoice, {rounds} per mode, interleaved (ms)")
	print(f"{'mode':<16} {'median':>8} {'p95':>8} {'vs off':>8} {'recording':>10} {'share':>7}")
	for mode, values in timings.items():
		median = statistics.median(values)
		p95 = sorted(values)[max(0, int(len(values) * 0.95) - 1)]
		spent = statistics.median(recording[mode])
		print(
			f"{mode:<16} {median:8.1f} {p95:8.1f} {median / base - 1:+8.1%} {spent:10.2f} {spent / base:7.2%}"
		)
	print(
		"recording: median ms inside the change-log handlers, pre-commit write, outbox and enqueue per write"
	)
	print("target: feed and feed + webhook under +5.0% vs off")


def cleanup() -> None:
	"""Remove the benchmark's subscription and its outbox rows (the invoices stay, as any benchmark data)."""
	frappe.db.rollback()
	for name in frappe.get_all(
		"Unified Accounting Webhook", filters={"description": "benchmarks/change_overhead.py"}, pluck="name"
	):
		frappe.db.delete("Unified Accounting Webhook Delivery", {"webhook": name})
		frappe.delete_doc("Unified Accounting Webhook", name, force=True)
	frappe.db.commit()


if __name__ == "__main__":
	main()
