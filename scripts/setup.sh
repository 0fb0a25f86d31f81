#!/usr/bin/env bash
# Take a fresh machine to a running ERPNext v15 with this app: services, bench, dev site, served on
# 127.0.0.1. Re-runnable: every step reuses what is already there.
#   FRAPPE_SOURCE / ERPNEXT_SOURCE  git URL or local path (default: the official upstream repositories)
#   BENCH_DIR (~/frappe-bench)  DEV_SITE (dev.localhost)  DEV_PORT (8000)  DB_ROOT_PASSWORD  ADMIN_PASSWORD
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_system_packages
ensure_mariadb
ensure_bench
link_app
ensure_site "$DEV_SITE"
in_bench --site "$DEV_SITE" set-config -p developer_mode 1 >/dev/null
in_bench use "$DEV_SITE" >/dev/null

step "front-end assets"
if [ -f "$BENCH_DIR/sites/assets/assets.json" ]; then
	note "already built"
else
	in_bench build
fi
build_app_assets

step "make $DEV_SITE resolve for every client (/etc/hosts)"
ensure_hosts_entry "$DEV_SITE"

step "serve $DEV_SITE on 127.0.0.1:$DEV_PORT (gunicorn with /assets and /files, reloads on code changes)"
pidfile=$BENCH_DIR/config/pids/unified_accounting_dev.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	note "already running (pid $(cat "$pidfile"))"
else
	mkdir -p "$BENCH_DIR/config/pids" "$BENCH_DIR/logs"
	(cd "$BENCH_DIR/sites" && nohup ../env/bin/gunicorn --bind "127.0.0.1:$DEV_PORT" --workers 2 --timeout 120 \
		--reload --pid "$pidfile" "frappe.app:application_with_statics()" >>"$BENCH_DIR/logs/dev-web.log" 2>&1 &)
fi
for _ in $(seq 1 60); do
	curl -s -o /dev/null "http://$DEV_SITE:$DEV_PORT/api/method/ping" && break
	sleep 1
done

step "background jobs: an RQ worker (webhook deliveries) and the scheduler (retries, purges)"
ensure_background_jobs "$DEV_SITE"

step "API credentials for Administrator"
secret_of() {
	in_bench --site "$DEV_SITE" execute frappe.utils.password.get_decrypted_password \
		--args "['User', 'Administrator', 'api_secret']" --kwargs "{'raise_exception': False}" 2>/dev/null | tail -n 1 | tr -d '"'
}
api_secret=$(secret_of)
if [ -z "$api_secret" ] || [ "$api_secret" = null ]; then
	in_bench --site "$DEV_SITE" execute frappe.core.doctype.user.user.generate_keys --args "['Administrator']" >/dev/null
	api_secret=$(secret_of)
fi
api_key=$(mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -Nse \
	"select api_key from \`$(python3 -c "import json;print(json.load(open('$BENCH_DIR/sites/$DEV_SITE/site_config.json'))['db_name'])")\`.tabUser where name='Administrator'")
note "For another user: Desk > User > Settings > API Access > Generate Keys (the secret is shown once)."

step "capabilities over HTTP"
url="http://$DEV_SITE:$DEV_PORT/api/method/unified_accounting.api.meta.capabilities"
note "curl -s -H 'Authorization: token $api_key:$api_secret' $url"
curl -s --fail-with-body -H "Authorization: token $api_key:$api_secret" "$url" | python3 -m json.tool
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=30).read()' \
	"http://$DEV_SITE:$DEV_PORT/api/method/ping"
note "Python resolves $DEV_SITE too (urllib GET http://$DEV_SITE:$DEV_PORT/api/method/ping: pong)"
note ""
note "Desk:     http://$DEV_SITE:$DEV_PORT/app/unified-accounting-settings  (Administrator / $ADMIN_PASSWORD)"
note "Logs:     $BENCH_DIR/logs/dev-web.log    Stop: kill \$(cat $pidfile)"
finish
