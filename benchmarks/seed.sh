#!/usr/bin/env bash
# Seed the benchmark site (never the dev or test site) with a realistic company. Re-runnable: it resumes.
#   bash benchmarks/seed.sh --scale 1        # 10,000 sales invoices, 3,000 purchase invoices, 8,000 payments, 3,000 journal entries
#   BENCH_SITE (ua-bench.localhost)  plus everything scripts/setup.sh accepts
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_SITE=${BENCH_SITE:-ua-bench.localhost}
[ "$BENCH_SITE" != "$DEV_SITE" ] && [ "$BENCH_SITE" != "$TEST_SITE" ] || { echo "BENCH_SITE must be its own site" >&2; exit 2; }

ensure_system_packages
ensure_mariadb
ensure_bench
link_app
ensure_site "$BENCH_SITE"
step "seed $BENCH_SITE"
cd "$BENCH_DIR/sites"
"$BENCH_DIR/env/bin/python" "$CHECKOUT/benchmarks/seed.py" --site "$BENCH_SITE" "$@"
finish
