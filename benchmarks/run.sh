#!/usr/bin/env bash
# Run the side-by-side benchmarks against the seeded benchmark site (see benchmarks/seed.sh).
#   bash benchmarks/run.sh [--repeat 15] [--workers 1] [--sync-limit N] [--gl-limit N]
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_SITE=${BENCH_SITE:-ua-bench.localhost}
ensure_mariadb
ensure_redis
site_exists "$BENCH_SITE" || { echo "no $BENCH_SITE: run benchmarks/seed.sh first" >&2; exit 2; }
cd "$BENCH_DIR/sites"
"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/run.py" --site "$BENCH_SITE" "$@"
