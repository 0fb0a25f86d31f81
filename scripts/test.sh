#!/usr/bin/env bash
# Run the whole suite against a real ERPNext test site (never the dev site): start MariaDB/Redis if they
# are down, reuse or build the bench, (re)install this checkout into the test site, migrate, run pytest.
# Extra arguments go to pytest, e.g. scripts/test.sh -k envelope -x
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_system_packages
ensure_mariadb
ensure_bench
link_app
ensure_site "$TEST_SITE"
ensure_hosts_entry "$TEST_SITE" # Node (tests/system/test_typescript_client.py) resolves the site by name
in_bench --site "$TEST_SITE" set-config -p allow_tests True >/dev/null
# Frappe refuses a 61st User created within a minute; on a fresh site the suite's fixtures create more.
in_bench --site "$TEST_SITE" set-config -p throttle_user_limit 1000 >/dev/null
# the Desk browser tests load the app's bundles through a real gunicorn
build_app_assets

step "lint (ruff)"
cd "$CHECKOUT"
"$BENCH_DIR/env/bin/ruff" check .
"$BENCH_DIR/env/bin/ruff" format --check . >/dev/null || { "$BENCH_DIR/env/bin/ruff" format --diff .; exit 1; }

step "pytest against $TEST_SITE"
# tests/system/test_replica.py starts a read replica of the test site (scripts/replica.sh, idempotent) and stops
# it; this makes sure none is left running even if pytest is interrupted.
trap 'bash "$CHECKOUT/scripts/replica.sh" stop "$TEST_SITE" >/dev/null 2>&1 || true' EXIT
set +e
UA_BENCH_DIR=$BENCH_DIR UA_TEST_SITE=$TEST_SITE "$BENCH_DIR/env/bin/python" -m pytest -p no:cacheprovider "$@"
status=$?
set -e
finish
exit $status
