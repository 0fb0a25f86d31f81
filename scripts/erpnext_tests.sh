#!/usr/bin/env bash
# ERPNext's own accounting tests on a dedicated site with this app installed and recording every change:
# our doc_events hooks run on every save of the books, and must break none of ERPNext's tests. Not CI (it
# takes a while); figures go to docs/reliability.md.
#   bash scripts/erpnext_tests.sh [module ...]   (default: the modules below)
#   PEER_SITE (ua-peer.localhost)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PEER_SITE=${PEER_SITE:-ua-peer.localhost}
MODULES=("$@")
if [ ${#MODULES[@]} -eq 0 ]; then
	MODULES=(
		erpnext.accounts.doctype.journal_entry.test_journal_entry
		erpnext.accounts.doctype.payment_entry.test_payment_entry
		erpnext.accounts.doctype.sales_invoice.test_sales_invoice
		erpnext.accounts.doctype.purchase_invoice.test_purchase_invoice
		erpnext.accounts.doctype.payment_reconciliation.test_payment_reconciliation
		erpnext.accounts.doctype.bank_reconciliation_tool.test_bank_reconciliation_tool
	)
fi

ensure_mariadb
ensure_bench
link_app
ensure_site "$PEER_SITE"
in_bench --site "$PEER_SITE" set-config -p allow_tests True >/dev/null

db_name=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['db_name'])" "$BENCH_DIR/sites/$PEER_SITE/site_config.json")
changes() { mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -Nse "select count(*) from \`$db_name\`.\`tabUnified Accounting Change\`"; }

results=()
failed=0
for module in "${MODULES[@]}"; do
	step "ERPNext tests: $module"
	log=$BENCH_DIR/logs/peer-$(echo "$module" | tr . _).log
	before=$(changes)
	started=$(date +%s)
	set +e
	in_bench --site "$PEER_SITE" run-tests --module "$module" >"$log" 2>&1
	status=$?
	set -e
	summary=$(grep -aE '^(Ran [0-9]+ tests|OK|FAILED)' "$log" | tr '\n' ' ')
	recorded=$(($(changes) - before))
	note "$summary  ($(($(date +%s) - started)) s, exit $status, $recorded change rows recorded; log: $log)"
	results+=("| \`$module\` | $summary | $status | $recorded | $(($(date +%s) - started)) s |")
	[ "$status" = 0 ] || failed=$((failed + 1))
done

printf '\n| module | result | exit | change rows recorded | time |\n| --- | --- | --- | --- | --- |\n'
printf '%s\n' "${results[@]}"
finish
exit $((failed > 0))
