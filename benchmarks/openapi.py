"""What the OpenAPI document and the contract check cost: generation (code part, live part), cached answers,
the cache key, and validating a page of invoices. Prints a table of medians and p95s (milliseconds).

Run from the bench's sites directory with the bench's Python:
	python ../apps/unified_accounting/benchmarks/openapi.py --site ua-bench.localhost [--repeat 50]
"""

import argparse
import json
import statistics
import time

import frappe


def timed(fn, repeat: int) -> list[float]:
	found = []
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		found.append((time.perf_counter() - start) * 1000)
	return found


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=50)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from unified_accounting.api.invoices import list_invoices
	from unified_accounting.openapi import document as openapi
	from unified_accounting.tests.support.contract import Contract

	rows = [("code part, once per process (cold)", timed(openapi.code_spec, 1))]
	rows.append(("live part (per metadata version)", timed(openapi.build_spec, max(3, args.repeat // 10))))
	rows.append(("get_spec, cached", timed(openapi.get_spec, args.repeat)))
	rows.append(("cache key (spec_version)", timed(openapi.spec_version, args.repeat)))
	page = json.loads(list_invoices(limit=100).get_data())
	contract = Contract(openapi.get_spec())
	path = "/api/method/unified_accounting.api.invoices.list_invoices"
	check = lambda: contract.check("GET", path, 200, page)  # noqa: E731
	rows.append((f"contract check, page of {len(page['result'])} invoices", timed(check, args.repeat)))
	size = len(json.dumps(openapi.get_spec()))
	print(f"\nOpenAPI document of {args.site}: {size / 1024:.0f} KiB\n")
	print(f"| {'step':<44} | {'median ms':>9} | {'p95 ms':>8} | {'n':>4} |")
	print(f"| {'-' * 44} | {'-' * 9}: | {'-' * 7}: | {'-' * 3}: |")
	for label, values in rows:
		p95 = sorted(values)[max(0, int(len(values) * 0.95) - 1)]
		print(f"| {label:<44} | {statistics.median(values):>9.1f} | {p95:>8.1f} | {len(values):>4} |")
	frappe.destroy()


if __name__ == "__main__":
	main()
