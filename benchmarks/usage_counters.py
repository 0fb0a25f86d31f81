"""Cost of the per-request usage counters (one pipelined Redis round trip) and of a flush, on a real site.

Usage: UA_TEST_SITE=SITE ~/frappe-bench/env/bin/python benchmarks/usage_counters.py [requests]
Counts go to a throw-away date, and are removed afterwards; nothing is written to the database.
"""

import os
import statistics
import sys
import time

import frappe

BENCH_DIR = os.environ.get("UA_BENCH_DIR", os.path.expanduser("~/frappe-bench"))
SITE = os.environ.get("UA_TEST_SITE", "ua-test.localhost")


def main(requests: int) -> None:
	os.chdir(os.path.join(BENCH_DIR, "sites"))
	frappe.init(site=SITE, sites_path=".")
	frappe.connect()
	from unified_accounting.services.platform import usage

	key = usage.usage_key("1999-01-01")
	usage.nowdate = lambda: "1999-01-01"  # keep today's real counters out of it
	samples = []
	for i in range(requests):
		started = time.perf_counter()
		usage.record(f"bench.endpoint_{i % 40}", 200 if i % 10 else 500, i % 300)
		samples.append((time.perf_counter() - started) * 1e6)
	started = time.perf_counter()
	counters = usage.parse_counters(frappe.cache.execute_command("HGETALL", key))
	parse_ms = (time.perf_counter() - started) * 1000
	fields = frappe.cache.execute_command("HLEN", key)
	frappe.cache.delete(key)
	samples.sort()
	print(f"| metric ({requests} records, 40 endpoints) | value |")
	print("| --- | --- |")
	print(f"| record() median | {statistics.median(samples):.0f} us |")
	print(f"| record() p95 | {samples[int(0.95 * len(samples))]:.0f} us |")
	print(f"| Redis hash fields for the day | {fields} ({fields / len(counters):.1f} per endpoint) |")
	print(f"| read + parse the day's hash | {parse_ms:.1f} ms |")
	frappe.destroy()


if __name__ == "__main__":
	main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
