#!/usr/bin/env bash
# Report benchmarks: each unified report vs Desk's query_report.run for the same filters, on the seeded site.
#   bash benchmarks/reports.sh [--repeat 15] [--workers 1] [--company NAME]
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_SITE=${BENCH_SITE:-ua-bench.localhost}
ensure_mariadb
ensure_redis
site_exists "$BENCH_SITE" || { echo "no $BENCH_SITE: run benchmarks/seed.sh first" >&2; exit 2; }
cd "$BENCH_DIR/sites"
"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/reports.py" --site "$BENCH_SITE" "$@"
