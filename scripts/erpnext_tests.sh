#!/usr/bin/env bash
# ERPNext's own accounting tests on a dedicated site with this app installed and recording every change,
# beside the same tests on a baseline site without it: our doc_events hooks run on every save of the
# books, and must break none of ERPNext's tests (a test that fails on both sites fails for reasons of this
# machine, e.g. no exchange-rate service). Not CI (it takes a while); figures go to docs/reliability.md.
#   bash scripts/erpnext_tests.sh [module ...]   (default: the modules below)
#   PEER_SITE (ua-peer.localhost), BASE_SITE (ua-peer-base.localhost)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PEER_SITE=${PEER_SITE:-ua-peer.localhost}
BASE_SITE=${BASE_SITE:-ua-peer-base.localhost}
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
if ! site_exists "$BASE_SITE"; then
	step "baseline site $BASE_SITE (ERPNext only)"
	quietly in_bench new-site "$BASE_SITE" --db-root-password "$DB_ROOT_PASSWORD" --admin-password "$ADMIN_PASSWORD" \
		--install-app erpnext
	in_bench --site "$BASE_SITE" execute erpnext.setup.utils.before_tests
fi
for site in "$PEER_SITE" "$BASE_SITE"; do
	in_bench --site "$site" set-config -p allow_tests True >/dev/null
done

db_of() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['db_name'])" "$BENCH_DIR/sites/$1/site_config.json"; }
changes() { mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -Nse "select count(*) from \`$(db_of "$PEER_SITE")\`.\`tabUnified Accounting Change\`"; }

# The ids of the tests that did not pass in a unittest log, one per line.
not_passed() { { grep -aoE '^(ERROR|FAIL): [a-z_0-9]+ \([^)]*\)' "$1" || true; } | sed -E 's/^(ERROR|FAIL): //' | sort -u; }

results=()
broken=0
for module in "${MODULES[@]}"; do
	step "ERPNext tests: $module"
	logs=() summaries=() recorded=()
	for site in "$PEER_SITE" "$BASE_SITE"; do
		log=$BENCH_DIR/logs/peer-$site-$(echo "$module" | tr . _).log
		before=$([ "$site" = "$PEER_SITE" ] && changes || echo 0)
		started=$(date +%s)
		in_bench --site "$site" run-tests --module "$module" >"$log" 2>&1 || true
		logs+=("$log")
		summaries+=("$(grep -aE '^(Ran [0-9]+ tests|OK|FAILED)' "$log" | tr '\n' ' ' || true)")
		[ -n "${summaries[-1]}" ] || summaries[-1]="did not run: $(grep -aE '^[a-zA-Z_.]+(Error|Exception): ' "$log" | tail -n 1 || true)"
		recorded+=("$([ "$site" = "$PEER_SITE" ] && echo $(($(changes) - before)) || echo -)")
		note "$site: ${summaries[-1]} ($(($(date +%s) - started)) s, ${recorded[-1]} change rows; log: $log)"
	done
	only_ours=$(comm -23 <(not_passed "${logs[0]}") <(not_passed "${logs[1]}"))
	if [ -n "$only_ours" ]; then
		broken=$((broken + 1))
		note "failing only with unified_accounting installed:"
		printf '%s\n' "$only_ours" | sed 's/^/      /'
	fi
	results+=("| \`${module#erpnext.accounts.doctype.}\` | ${summaries[0]} | ${summaries[1]} | ${recorded[0]} | $(echo "$only_ours" | grep -c . || true) |")
done

printf '\n| module | with unified_accounting | ERPNext alone | change rows recorded | failing only with us |\n'
printf '| --- | --- | --- | --- | --- |\n'
printf '%s\n' "${results[@]}"
finish
exit $((broken > 0))
