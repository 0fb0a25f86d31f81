"""API usage at a glance: per-request Redis counters, flushed by the scheduler into Unified Accounting Usage."""

import bisect
import json
import time
from collections.abc import Callable

import redis

import frappe
from frappe.utils import add_days, getdate, nowdate

USAGE_DOCTYPE = "Unified Accounting Usage"
ENDPOINT_PREFIX = "unified_accounting.api."
# Upper bounds (ms) of the latency histogram buckets; the last bucket is everything slower. A fixed,
# small set of buckets keeps each endpoint-day at a bounded number of Redis hash fields.
LATENCY_BOUNDS_MS = (2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000)
KEY_TTL_SECONDS = 3 * 24 * 3600


def usage_key(date: str) -> str:
	"""This site's Redis hash holding one day's counters."""
	return frappe.safe_decode(frappe.cache.make_key(f"unified_accounting:usage:{date}"))


def timed(name: str) -> Callable:
	"""Wrap an endpoint so every HTTP call of it is counted with its status and latency. Deliberately not
	functools.wraps: policy.py copies the endpoint's own attributes onto the outer function."""
	endpoint = name.removeprefix(ENDPOINT_PREFIX)

	def wrap(handler: Callable) -> Callable:
		def run(**params):
			started = time.perf_counter()
			response = handler(**params)
			if getattr(frappe.local, "request", None) is not None:
				record(endpoint, response.status_code, (time.perf_counter() - started) * 1000)
			return response

		return run

	return wrap


def record(endpoint: str, status: int, elapsed_ms: float) -> None:
	"""Count one request: one pipelined round trip to Redis, never a database write. Losing a count is
	better than failing the request, so Redis trouble is only logged."""
	bucket = bisect.bisect_left(LATENCY_BOUNDS_MS, elapsed_ms)
	key = usage_key(nowdate())
	try:
		pipe = frappe.cache.pipeline(transaction=False)
		pipe.hincrby(key, f"{endpoint}|requests", 1)
		if status >= 400:
			pipe.hincrby(key, f"{endpoint}|errors", 1)
		pipe.hincrby(key, f"{endpoint}|b{bucket}", 1)
		pipe.expire(key, KEY_TTL_SECONDS)
		pipe.execute()
	except Exception:
		frappe.logger("unified_accounting").warning("usage counter not recorded", exc_info=True)


def flush() -> None:
	"""Scheduler job: move the counters of today and yesterday (late requests) into the usage rows.
	The live hash is renamed atomically first, so requests counted meanwhile start a new hash; the
	renamed one is deleted only after the database commit, and a leftover is picked up next time."""
	for date in (add_days(nowdate(), -1), nowdate()):
		flush_day(str(date))


def flush_day(date: str) -> None:
	pending = claim_pending(date)
	if pending is None:
		return
	# HGETALL through execute_command: the cache wrapper's own hgetall expects pickled values
	counters = parse_counters(frappe.cache.execute_command("HGETALL", pending))
	for endpoint, counts in counters.items():
		merge_into_row(date, endpoint, counts)
	frappe.db.after_commit.add(lambda: frappe.cache.delete(pending))


def claim_pending(date: str) -> str | None:
	"""The day's counters to flush: a leftover pending hash, else the live one renamed (atomically)."""
	live = usage_key(date)
	pending = live + ":pending"
	if frappe.cache.execute_command("EXISTS", pending):
		return pending
	if not frappe.cache.execute_command("EXISTS", live):
		return None
	try:
		frappe.cache.renamenx(live, pending)
	except redis.ResponseError:  # the live hash expired in between
		return None
	return pending


def parse_counters(raw: dict) -> dict[str, dict]:
	"""`{b"endpoint|requests": b"3", b"endpoint|b4": b"2"}` -> `{endpoint: {requests, errors, buckets}}`."""
	counters: dict[str, dict] = {}
	for field, value in raw.items():
		endpoint, _, kind = field.decode().rpartition("|")
		counts = counters.setdefault(endpoint, {"requests": 0, "errors": 0, "buckets": {}})
		if kind.startswith("b"):
			counts["buckets"][int(kind[1:])] = int(value)
		else:
			counts[kind] = int(value)
	return counters


def merge_into_row(date: str, endpoint: str, counts: dict) -> None:
	"""Add the counts to the endpoint-day row (created when missing) and recompute its p95."""
	name = frappe.db.get_value(USAGE_DOCTYPE, {"date": date, "endpoint": endpoint})
	# scheduler job, no caller: the usage rows are written by the system only
	doc = frappe.get_doc(USAGE_DOCTYPE, name) if name else frappe.new_doc(USAGE_DOCTYPE)
	histogram = {int(k): v for k, v in json.loads(doc.latency_histogram or "{}").items()}
	for bucket, count in counts["buckets"].items():
		histogram[bucket] = histogram.get(bucket, 0) + count
	doc.update(
		{
			"date": date,
			"endpoint": endpoint,
			"requests": (doc.requests or 0) + counts["requests"],
			"errors": (doc.errors or 0) + counts["errors"],
			"latency_histogram": json.dumps(histogram, sort_keys=True),
			"p95_ms": percentile_ms(histogram, 0.95),
		}
	)
	doc.error_rate = 100 * doc.errors / doc.requests if doc.requests else 0
	doc.save(ignore_permissions=True) if name else doc.insert(ignore_permissions=True)


def percentile_ms(histogram: dict[int, int], fraction: float) -> float:
	"""The upper bound of the bucket holding the given fraction of requests (an upper estimate; the
	open-ended last bucket reports twice the largest bound)."""
	total = sum(histogram.values())
	if not total:
		return 0
	seen = 0
	for bucket in sorted(histogram):
		seen += histogram[bucket]
		if seen >= fraction * total:
			break
	return LATENCY_BOUNDS_MS[bucket] if bucket < len(LATENCY_BOUNDS_MS) else 2 * LATENCY_BOUNDS_MS[-1]


def today_summary() -> dict:
	"""Requests, error rate (%) and p95 latency (ms, over every endpoint's histogram) of today's
	flushed rows."""
	rows = frappe.get_list(
		USAGE_DOCTYPE,
		filters={"date": nowdate()},
		fields=["requests", "errors", "latency_histogram"],
		limit=0,
	)
	requests = sum(r.requests for r in rows)
	errors = sum(r.errors for r in rows)
	histogram: dict[int, int] = {}
	for row in rows:
		for bucket, count in json.loads(row.latency_histogram or "{}").items():
			histogram[int(bucket)] = histogram.get(int(bucket), 0) + count
	return {
		"requests": requests,
		"error_rate": round(100 * errors / requests, 1) if requests else 0,
		"p95_ms": percentile_ms(histogram, 0.95),
	}


def requests_per_endpoint_per_day(days: int = 14, top: int = 8) -> dict:
	"""Chart data: one dataset per endpoint (the busiest `top`, the rest summed as "other"), one label
	per day over the last `days` days."""
	start = add_days(nowdate(), -(days - 1))
	rows = frappe.get_list(
		USAGE_DOCTYPE,
		filters={"date": [">=", start]},
		fields=["date", "endpoint", "requests"],
		limit=0,
	)
	dates = [str(add_days(start, i)) for i in range(days)]
	totals: dict[str, int] = {}
	for row in rows:
		totals[row.endpoint] = totals.get(row.endpoint, 0) + row.requests
	busiest = sorted(totals, key=lambda e: -totals[e])[:top]
	series = {endpoint: [0] * days for endpoint in [*busiest, "other"]}
	for row in rows:
		endpoint = row.endpoint if row.endpoint in busiest else "other"
		series[endpoint][dates.index(str(row.date))] += row.requests
	labels = [getdate(date).strftime("%d %b") for date in dates]
	datasets = [{"name": e, "values": v} for e, v in series.items() if any(v)]
	return {"labels": labels, "datasets": datasets}
