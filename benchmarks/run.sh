#!/usr/bin/env bash
# Run the side-by-side benchmarks against the seeded benchmark site (see benchmarks/seed.sh), then the
# throughput table for 1, 2 and 4 gunicorn workers, the background export, page latency by size, the reports
# and the change-feed write overhead.
#   bash benchmarks/run.sh [--repeat 15] [--workers 1] [--sync-limit N] [--gl-limit N]
#   SCALING_WORKERS ("1 2 4"), SCALING_SECONDS (10), SCALING_CLIENTS (8); SCALING_WORKERS="" skips it
#   EXPORT_ROWS (1000000): background export of a ledger bulk-grown to that many rows; 0 skips it
#   SIZES ("2000 10000 50000"): page latency with the sales invoices bulk-grown to each size; "" skips it
#   REPORTS (1): each unified report vs frappe.desk.query_report.run (benchmarks/reports.py); 0 skips it
#   CHANGE_ROUNDS (40): create + submit with change recording off / on / on + webhook
#     (benchmarks/change_overhead.py, invoices committed on the site); 0 skips it
#   MONEY (1): expense with receipt, allocation after the fact, write overhead, a statement push and
#     auto-reconciliation (benchmarks/money.py, documents committed on the site); 0 skips it
#   ORDERS (1): billing a 20-line purchase order and a page of sales orders (benchmarks/orders.py,
#     orders committed on the site); 0 skips it
#   MCP (1): tools/list and a read tool against the same HTTP calls (benchmarks/mcp.py), and the Python
#     SDK's invoice sync and ledger stream against raw requests loops (benchmarks/sdk.py); 0 skips them
#   FEED_INVOICES (2000): feed catch-up after importing that many invoices vs list_invoices on them
#     (benchmarks/feed_catchup.py, invoices committed on the site); 0 skips it
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_SITE=${BENCH_SITE:-ua-bench.localhost}
ensure_mariadb
ensure_redis
site_exists "$BENCH_SITE" || { echo "no $BENCH_SITE: run benchmarks/seed.sh first" >&2; exit 2; }
cd "$BENCH_DIR/sites"
repeat_of() { # the value of --repeat among the arguments (15 by default), for the scripts that take it
	local n=15
	while [ $# -gt 0 ]; do
		case $1 in --repeat) n=$2; shift ;; --repeat=*) n=${1#--repeat=} ;; esac
		shift
	done
	echo "$n"
}
"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/run.py" --site "$BENCH_SITE" "$@"
if [ -n "${SCALING_WORKERS-1 2 4}" ]; then
	# shellcheck disable=SC2086
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/scaling.py" --site "$BENCH_SITE" \
		--workers ${SCALING_WORKERS-1 2 4} --seconds "${SCALING_SECONDS:-10}" --clients "${SCALING_CLIENTS:-8}"
fi
if [ "${EXPORT_ROWS-1000000}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/export_memory.py" --site "$BENCH_SITE" --rows "${EXPORT_ROWS:-1000000}"
fi
if [ -n "${SIZES-2000 10000 50000}" ]; then
	# shellcheck disable=SC2086
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/size_scaling.py" --site "$BENCH_SITE" --sizes ${SIZES-2000 10000 50000}
fi
if [ "${REPORTS:-1}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/reports.py" --site "$BENCH_SITE" --repeat "$(repeat_of "$@")"
fi
if [ "${CHANGE_ROUNDS:-40}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/change_overhead.py" --site "$BENCH_SITE" --rounds "${CHANGE_ROUNDS:-40}"
fi
if [ "${MONEY:-1}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/money.py" --site "$BENCH_SITE" --repeat "$(repeat_of "$@")"
fi
if [ "${ORDERS:-1}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/orders.py" --site "$BENCH_SITE" --repeat "$(repeat_of "$@")"
fi
if [ "${MCP:-1}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/mcp.py" --site "$BENCH_SITE" --repeat "$(repeat_of "$@")"
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/sdk.py" --site "$BENCH_SITE" --repeat "$(repeat_of "$@")"
fi
if [ "${FEED_INVOICES:-2000}" != 0 ]; then
	"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/feed_catchup.py" --site "$BENCH_SITE" --invoices "${FEED_INVOICES:-2000}"
fi
