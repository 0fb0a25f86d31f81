"""After a load and fault run (loadfault.py): the database checks (acknowledged writes exactly once, no orphan
drafts, GL balanced, idempotency keys resolve) and the summary, printed and written to summary.json."""

import json
import statistics
import sys
from pathlib import Path

from private_stack import Stack


def check_database(stack: Stack, clients) -> dict:
	"""Acknowledged writes exactly once, no orphan drafts, GL balanced, idempotency keys resolve."""
	db = stack.db()
	cur = db.cursor()
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
	)
	print("\nRESULT: " + ("FAIL" if bad else "OK"))
	sys.exit(1 if bad else 0)
