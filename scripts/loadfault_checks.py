"""After a load and fault run (loadfault.py): the database checks (acknowledged writes exactly once, no orphan
drafts, GL balanced, idempotency keys resolve) and the summary, printed and written to summary.json."""

import json
import statistics
import sys
from pathlib import Path

from private_stack import Stack


def check_feed(cur, follower) -> dict:
	"""Every change row committed after the follower's start reached it exactly once, in feed order, and
	every acknowledged write's `created` event is among them."""
	cur.execute(
		"""select name, record_id from `tabUnified Accounting Change`
		where resource in ('invoices', 'journal_entries') and seq > %s order by seq""",
		(follower.start,),
	)
	logged = [(str(name), record) for name, record in cur.fetchall()]
	cur.execute("select count(*) from `tabUnified Accounting Change` where seq is null or seq = 0")
	unsequenced = cur.fetchone()[0]
	seen = [e["id"] for e in follower.events]
	created = {e["record_id"] for e in follower.events if e["change"] == "created"}
	return {
		"feed_events": len(seen),
		"feed_missing": sorted({name for name, _record in logged} - set(seen)),
		"feed_doubled": sorted({i for i in seen if seen.count(i) > 1}),
		"feed_out_of_order": seen != [name for name, _record in logged if name in set(seen)],
		"feed_acked_writes_without_created_event": sorted(
			name for _doctype, name in follower.clients.acked.values() if name not in created
		),
		"feed_unsequenced_at_end": unsequenced,
		"feed_poll_errors": dict(follower.errors),
	}


def check_database(stack: Stack, clients, follower=None) -> dict:
	"""Acknowledged writes exactly once, no orphan drafts, GL balanced, idempotency keys resolve; the live
	feed follower saw every change once."""
	db = stack.db()
	cur = db.cursor()
	feed = check_feed(cur, follower) if follower else {}
	prefix = f"lf-{clients.run_id}-%"
	docs = {}
	for doctype, memo in (("Sales Invoice", "remarks"), ("Journal Entry", "user_remark")):
		cur.execute(f"select {memo}, name, docstatus from `tab{doctype}` where {memo} like %s", (prefix,))
		for remarks, name, docstatus in cur.fetchall():
			docs.setdefault(remarks.strip(), []).append((doctype, name, docstatus))
	duplicates = sorted(k for k, found in docs.items() if len(found) > 1)
	lost = sorted(
		k for k, (doctype, name) in clients.acked.items() if (doctype, name, 1) not in docs.get(k, [])
	)
	unacked_written = sorted(k for k in docs if k not in clients.acked)
	orphans = sorted(f"{d}:{n}" for found in docs.values() for d, n, status in found if status != 1)
	cur.execute("""select voucher_type, voucher_no, sum(debit) - sum(credit) from `tabGL Entry`
		where is_cancelled = 0 group by voucher_type, voucher_no having abs(sum(debit) - sum(credit)) > 0.005""")
	unbalanced = [list(row) for row in cur.fetchall()]
	cur.execute(
		"""select k.idempotency_key, k.result_id from `tabUnified Accounting Idempotency Key` k
		where k.idempotency_key like %s and k.result_id is not null
		and not exists (select 1 from `tabSales Invoice` s where s.name = k.result_id)
		and not exists (select 1 from `tabJournal Entry` j where j.name = k.result_id)""",
		(prefix,),
	)
	dangling = [list(row) for row in cur.fetchall()]
	cur.execute(
		"""select count(*) from `tabUnified Accounting Idempotency Key`
		where idempotency_key like %s and response_status is null""",
		(prefix,),
	)
	unfinished_keys = cur.fetchone()[0]
	db.close()
	return {
		**feed,
		"duplicates": duplicates,
		"lost": lost,
		"written_but_never_acknowledged": unacked_written,
		"orphan_drafts": orphans,
		"unbalanced_vouchers": unbalanced,
		"keys_pointing_at_missing_docs": dangling,
		"keys_without_response": unfinished_keys,
	}


def percentile(values, q):
	return round(statistics.quantiles(values, n=100)[q - 1] * 1000) if len(values) > 2 else None


def report(args, clients, checks, events):
	summary = {
		"duration_s": args.duration,
		"clients": args.clients,
		"gunicorn_workers": args.workers,
		"requests": sum(clients.statuses.values()),
		"statuses": {str(k): v for k, v in sorted(clients.statuses.items(), key=str)},
		"p50_ms": percentile(clients.latencies, 50),
		"p95_ms": percentile(clients.latencies, 95),
		"acknowledged_writes": len(clients.acked),
		"rejected_writes": len(clients.rejected),
		"abandoned_writes": len(clients.abandoned),
		"faults": events,
		"duplicates": len(checks["duplicates"]),
		"lost": len(checks["lost"]),
		"checks": checks,
	}
	Path(args.workdir, "summary.json").write_text(json.dumps(summary, indent=1, default=str))
	print("\nfaults:\n  " + "\n  ".join(events or ["none"]))
	print(
		f"\nrequests {summary['requests']}  in {args.duration} s, {args.clients} clients, {args.workers} workers"
	)
	print("by status: " + ", ".join(f"{k}: {v}" for k, v in summary["statuses"].items()))
	print(f"latency p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms")
	print(
		f"writes acknowledged {summary['acknowledged_writes']}, rejected {summary['rejected_writes']}, "
		f"abandoned {summary['abandoned_writes']}"
	)
	for name, value in checks.items():
		print(f"{name:<36} {len(value) if isinstance(value, list) else value}")
	bad = (
		summary["duplicates"]
		or summary["lost"]
		or checks["orphan_drafts"]
		or checks["unbalanced_vouchers"]
		or checks["keys_pointing_at_missing_docs"]
		or checks.get("feed_missing")
		or checks.get("feed_doubled")
		or checks.get("feed_out_of_order")
		or checks.get("feed_acked_writes_without_created_event")
	)
	print("\nRESULT: " + ("FAIL" if bad else "OK"))
	sys.exit(1 if bad else 0)
