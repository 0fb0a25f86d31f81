"""Side-by-side report benchmarks over real HTTP: each unified report vs Desk's own
`frappe.desk.query_report.run` for the same filters (the same ERPNext computation; we add shaping on top,
so the target is ours <= 1.2x native). Prints a table of medians, p95s and ratios.

Run from the bench's sites directory with the bench's Python (benchmarks/reports.sh does that):
	python benchmarks/reports.py --site ua-bench.localhost [--repeat 15]
"""

import argparse
import json
import os
import statistics
import sys
import time

import psutil
import requests
from harness import Server, p95, prepare

import frappe

OURS = "/api/method/unified_accounting.api"
TARGET = 1.2  # ours / native, lower is better


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	cases = report_cases(args.company)
	server = Server(args.site, args.workers)
	try:
		client = Client(server.url, args.site, token)
		rows = [measure(client, args.repeat, *case) for case in cases]
	finally:
		server.stop()
	print_table(rows, args)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--company", help="default: the site's default company")
	parser.add_argument("--repeat", type=int, default=15, help="timed runs per side")
	parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
	return parser.parse_args()


def report_cases(company: str | None) -> list[tuple]:
	"""(label, our method, our params, ERPNext report, Desk's filters) for the current fiscal year."""
	from erpnext.accounts.utils import get_fiscal_year

	company = company or frappe.defaults.get_global_default("company")
	fiscal_year, start, end = get_fiscal_year(frappe.utils.today(), company=company)[:3]
	start, end, today = str(start), str(end), frappe.utils.today()
	statement = {
		"company": company,
		"filter_based_on": "Fiscal Year",
		"from_fiscal_year": fiscal_year,
		"to_fiscal_year": fiscal_year,
		"period_start_date": start,
		"period_end_date": end,
		"periodicity": "Monthly",
		"include_default_book_entries": 1,
	}
	ours = {"company": company, "fiscal_year": fiscal_year, "periodicity": "monthly"}
	aged = {
		"company": company,
		"report_date": today,
		"ageing_based_on": "Due Date",
		"calculate_ageing_with": "Report Date",
		"range": "30, 60, 90",
	}
	return [
		(
			"balance sheet, monthly",
			"balance_sheet",
			ours,
			"Balance Sheet",
			{**statement, "accumulated_values": 1},
		),
		("profit and loss, monthly", "profit_and_loss", ours, "Profit and Loss Statement", statement),
		("cash flow, monthly", "cash_flow", ours, "Cash Flow", statement),
		(
			"trial balance, fiscal year",
			"trial_balance",
			{"company": company, "fiscal_year": fiscal_year},
			"Trial Balance",
			{
				"company": company,
				"fiscal_year": fiscal_year,
				"from_date": start,
				"to_date": end,
				"with_period_closing_entry_for_opening": 1,
				"with_period_closing_entry_for_current_period": 1,
				"include_default_book_entries": 1,
				"show_net_values": 1,
			},
		),
		(
			"aged receivables, per invoice",
			"aged_receivables",
			{"company": company, "include_items": 1},
			"Accounts Receivable",
			aged,
		),
		(
			"aged payables, per invoice",
			"aged_payables",
			{"company": company, "include_items": 1},
			"Accounts Payable",
			aged,
		),
	]


class Client:
	"""A token-authenticated HTTP session to the server, as the site's Host."""

	def __init__(self, url: str, site: str, token: str):
		self.url, self.http = url, requests.Session()
		self.http.headers.update(
			{"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}
		)

	def get(self, path: str, params: dict) -> dict:
		response = self.http.get(self.url + path, params=params, timeout=600)
		response.raise_for_status()
		return response.json()


def interleaved(repeat: int, ours, native) -> tuple[list[float], list[float]]:
	"""Time both sides in alternation (ms), so drift on a busy machine hits both."""
	runs: tuple[list[float], list[float]] = ([], [])
	for _ in range(repeat):
		for side, fn in zip(runs, (ours, native), strict=True):
			started = time.perf_counter()
			fn()
			side.append((time.perf_counter() - started) * 1000)
	return runs


def measure(
	client: Client, repeat: int, label: str, method: str, params: dict, report: str, filters: dict
) -> dict:
	def ours():
		return client.get(f"{OURS}.reports.{method}", params)

	def native():
		query = {"report_name": report, "filters": json.dumps(filters), "ignore_prepared_report": 1}
		return client.get("/api/method/frappe.desk.query_report.run", query)

	mine, theirs = ours()["result"], native()["message"]["result"]
	size = (len(json.dumps(mine)), len(json.dumps(theirs)))
	same = "yes" if figures(mine) == figures(theirs) else "NO"
	for _ in range(2):  # warm both sides' caches
		ours(), native()
	ours_runs, native_runs = interleaved(repeat, ours, native)
	ratio = statistics.median(ours_runs) / statistics.median(native_runs)
	return {
		"label": label,
		"ours": f"{statistics.median(ours_runs):.1f} (p95 {p95(ours_runs):.1f})",
		"native": f"{statistics.median(native_runs):.1f} (p95 {p95(native_runs):.1f})",
		"ratio": ratio,
		"note": f"same figures: {same}; payload ours {size[0] / 1024:.0f} KB, native {size[1] / 1024:.0f} KB",
	}


def figures(result) -> dict | list:
	"""Per account (statements, trial balance) or per voucher (aged): the amounts, rounded to the cent,
	from our shape or from Desk's rows, to show both sides computed the same numbers."""
	if isinstance(result, dict) and "contacts" in result:
		items = [i for c in result["contacts"] for i in c["items"]]
		return sorted((i["id"], round(i["outstanding"], 2)) for i in items)
	if isinstance(result, dict):
		keys = ("closing_debit", "closing_credit") if result["report"] == "trial_balance" else ("total",)
		return {
			line["account_id"]: tuple(round(line[k] or 0, 2) for k in keys)
			for line in result["lines"]
			if line.get("account_id")
		}
	result = [r for r in result if isinstance(r, dict)]
	if result and "voucher_no" in result[0]:
		return sorted((r["voucher_no"], round(r["outstanding"], 2)) for r in result if r.get("voucher_no"))
	keys = ("closing_debit", "closing_credit") if "closing_debit" in result[0] else ("total",)
	accounts = [
		r for r in result if "parent_account" in r and not str(r.get("account") or "'").startswith("'")
	]
	return {r["account"]: tuple(round(r.get(k) or 0, 2) for k in keys) for r in accounts}


def print_table(rows: list[dict], args) -> None:
	print(
		f"\nReport benchmarks - site {args.site}, {args.workers} gunicorn worker(s), {args.repeat} runs, "
		f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB"
	)
	print("\n| report (ms) | ours | query_report.run | ours / native | target | met | notes |")
	print("| --- | --- | --- | --- | --- | --- | --- |")
	for r in rows:
		met = "yes" if r["ratio"] <= TARGET else "NO"
		print(
			f"| {r['label']} | {r['ours']} | {r['native']} | {r['ratio']:.2f}x | <= {TARGET} | {met} | {r['note']} |"
		)
	sys.stdout.flush()


if __name__ == "__main__":
	main()
