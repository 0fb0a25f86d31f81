# Shared steps for scripts/setup.sh and scripts/test.sh: services, bench, sites, step log.
# Every step checks before it acts, so both scripts can be re-run at any time.
# shellcheck shell=bash

set -euo pipefail

APP_NAME=unified_accounting
CHECKOUT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$HOME/frappe-bench}
FRAPPE_SOURCE_EXPLICIT=$([ -n "${FRAPPE_SOURCE:-}" ] && echo 1 || echo 0)
ERPNEXT_SOURCE_EXPLICIT=$([ -n "${ERPNEXT_SOURCE:-}" ] && echo 1 || echo 0)
FRAPPE_SOURCE=${FRAPPE_SOURCE:-https://github.com/frappe/frappe}
ERPNEXT_SOURCE=${ERPNEXT_SOURCE:-https://github.com/frappe/erpnext}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-frappe-dev}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
DEV_SITE=${DEV_SITE:-dev.localhost}
TEST_SITE=${TEST_SITE:-ua-test.localhost}
DEV_PORT=${DEV_PORT:-8000}
SRC_CACHE=${SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/unified_accounting}

_T0=$(date +%s)
_STEP_T0=$_T0

step() {
	local now
	now=$(date +%s)
	printf '\n\033[1;34m==> [%4ss] %s\033[0m\n' "$((now - _T0))" "$*"
	_STEP_T0=$now
}

note() { printf '    %s\n' "$*"; }

finish() {
	printf '\n\033[1;32m==> done in %ss\033[0m\n' "$(($(date +%s) - _T0))"
}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# bench refuses to run as root unless a frappe_user is configured; on throw-away dev and CI machines we
# run everything as root, so hide the uid from that one check only.
bench_cli() {
	if [ "$(id -u)" = 0 ]; then
		python3 -c 'import os, sys; os.getuid = lambda: 1000; sys.argv[0] = "bench"; from bench.cli import cli; cli()' "$@"
	else
		bench "$@"
	fi
}

in_bench() { (cd "$BENCH_DIR" && bench_cli "$@"); }

# For long Frappe commands: drop the redrawn progress bars, keep every other line and the exit status.
quietly() {
	local log rc=0
	log=$(mktemp)
	"$@" >"$log" 2>&1 || rc=$?
	tr '\r' '\n' <"$log" | grep -v -e '^Updating DocTypes' -e '^Syncing' -e '^\s*$' || true
	rm -f "$log"
	return $rc
}

bench_python() { "$BENCH_DIR/env/bin/python" "$@"; }

ensure_system_packages() {
	step "system packages (MariaDB, Redis, Node, yarn 1, Chromium, frappe-bench, uv)"
	local missing=()
	command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v git >/dev/null || missing+=(git)
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	command -v node >/dev/null || missing+=(nodejs npm)
	dpkg -s libmariadb-dev >/dev/null 2>&1 || missing+=(libmariadb-dev)
	dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
	# the Desk browser tests drive Debian's headless Chromium through its chromedriver
	command -v chromium >/dev/null || missing+=(chromium)
	command -v chromedriver >/dev/null || missing+=(chromium-driver)
	if [ ${#missing[@]} -gt 0 ]; then
		note "installing from Debian: ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		note "already installed"
	fi
	if ! command -v yarn >/dev/null || [ "$(yarn --version | cut -d. -f1)" != 1 ]; then
		note "installing yarn@1"
		as_root npm install -g --silent yarn@1
	fi
	if ! command -v bench >/dev/null || ! command -v uv >/dev/null; then
		note "installing frappe-bench and uv"
		python3 -m pip install -q frappe-bench uv
	fi
}

configure_mariadb() {
	local cnf=/etc/mysql/mariadb.conf.d/99-frappe.cnf
	if [ ! -f "$cnf" ]; then
		note "writing Frappe's utf8mb4 settings to $cnf"
		as_root tee "$cnf" >/dev/null <<-'EOF'
			[mysqld]
			character-set-client-handshake = FALSE
			character-set-server = utf8mb4
			collation-server = utf8mb4_unicode_ci
			bind-address = 127.0.0.1

			[mysql]
			default-character-set = utf8mb4
		EOF
	fi
}

# The binary log on the primary, for read replicas (scripts/replica.sh). Takes effect at the next start:
# mariadb_restart_for_binlog does that once, when a replica is asked for.
configure_binlog() {
	local cnf=/etc/mysql/mariadb.conf.d/99-frappe-binlog.cnf
	if [ ! -f "$cnf" ]; then
		note "enabling the binary log (server-id 1, ROW format, 2 days) in $cnf"
		as_root tee "$cnf" >/dev/null <<-'EOF'
			[mysqld]
			server-id = 1
			log-bin = mysql-bin
			binlog-format = ROW
			expire-logs-days = 2
			max-binlog-size = 256M
		EOF
	fi
}

mariadb_restart_for_binlog() {
	configure_binlog
	local log_bin
	log_bin=$(mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -Nse 'select @@log_bin' 2>/dev/null || true)
	# Restart only on a definite "off": a failed check (a busy server) must never take the primary down.
	[ "$log_bin" = 0 ] || return 0
	note "restarting MariaDB once to turn the binary log on"
	local pid
	pid=$(cat /run/mysqld/mysqld.pid 2>/dev/null || true)
	mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 shutdown
	# mysqld_safe refuses to start while the old server is still exiting
	for _ in $(seq 1 120); do { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || break; sleep 0.5; done
	start_mariadb
}

# Detached (its own session), so it outlives the shell or job that started it.
start_mariadb() {
	as_root mkdir -p /run/mysqld
	as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
	as_root sh -c 'setsid nohup mysqld_safe >/var/log/mysqld_safe.out 2>&1 &'
	for _ in $(seq 1 120); do mariadb_up && break; sleep 0.5; done
	mariadb_up || { echo "MariaDB did not start" >&2; exit 1; }
}

mariadb_up() { mariadb-admin ping -h 127.0.0.1 --silent >/dev/null 2>&1 || mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" ping --silent >/dev/null 2>&1; }

ensure_mariadb() {
	step "MariaDB"
	configure_mariadb
	configure_binlog
	if ! mariadb_up; then
		note "starting MariaDB"
		start_mariadb
	fi
	if ! mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
		note "setting the MariaDB root password (DB_ROOT_PASSWORD) for bench new-site"
		as_root mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD'); FLUSH PRIVILEGES;"
	fi
	note "up: $(mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 -Nse 'select version()')"
}

ensure_redis() {
	step "Redis (the bench's cache and queue instances)"
	local conf port
	for conf in "$BENCH_DIR"/config/redis_cache.conf "$BENCH_DIR"/config/redis_queue.conf; do
		[ -f "$conf" ] || continue
		port=$(awk '/^port/ {print $2}' "$conf")
		if redis-cli -p "$port" ping >/dev/null 2>&1; then
			note "$(basename "$conf") already up on :$port"
		else
			(cd "$BENCH_DIR/config" && redis-server "$conf" --daemonize yes --bind 127.0.0.1 >/dev/null)
			for _ in $(seq 1 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
			note "started $(basename "$conf") on :$port"
		fi
	done
}

# The app sources are cloned once into $SRC_CACHE (a download cache, like pip's): a bench built later, a
# throwaway CI bench included, reuses the clone. An explicit *_SOURCE other than the clone's origin
# re-clones; with no *_SOURCE set, an existing clone is reused whatever its origin.
prepare_source() { # app url-or-path explicit(0/1)
	local app=$1 src=$2 explicit=$3 dest=$SRC_CACHE/$1
	# A source that is the cache directory itself is used in place: re-cloning would delete the source.
	if [ -d "$src" ] && [ "$(realpath "$src")" = "$(realpath -m "$dest")" ]; then
		[ -d "$dest/.git" ] || { echo "$app: $src is not a git clone (bench init needs one)" >&2; exit 1; }
		note "$app: using $dest in place ($(git -C "$dest" log -1 --format=%h))"
		return 0
	fi
	if [ -d "$dest/.git" ] && [ "$explicit" = 1 ] && [ "$(git -C "$dest" remote get-url origin 2>/dev/null)" != "$src" ]; then
		note "$app: the cached clone is of $(git -C "$dest" remote get-url origin 2>/dev/null || echo '?'), not $src: re-cloning"
		rm -rf "$dest"
	fi
	if [ ! -d "$dest/.git" ]; then
		note "cloning $app ($FRAPPE_BRANCH) from $src into $dest"
		mkdir -p "$SRC_CACHE"
		rm -rf "$dest.part"
		git clone -q --depth 1 --branch "$FRAPPE_BRANCH" "$src" "$dest.part" || { echo "$app: cannot clone $src ($FRAPPE_BRANCH)" >&2; exit 1; }
		mv "$dest.part" "$dest"
	else
		note "$app: reusing the cached clone $dest ($(git -C "$dest" log -1 --format=%h))"
	fi
}

# Frappe v15 pins two packages to GitHub forks; use their registry releases so the bench builds from
# PyPI and npm alone. The patch is a local commit on the cached clone, never on the upstream source.
prepare_frappe_source() {
	local dest=$SRC_CACHE/frappe
	prepare_source frappe "$FRAPPE_SOURCE" "$FRAPPE_SOURCE_EXPLICIT" >&2
	if grep -q 'gunicorn @ git+' "$dest/pyproject.toml" || grep -q '"github:frappe/air-datepicker"' "$dest/package.json"; then
		note "pinning gunicorn~=23.0 (PyPI) and air-datepicker 2.2.3 (npm) in the cached frappe clone" >&2
		sed -i 's|"gunicorn @ git+[^"]*"|"gunicorn~=23.0"|' "$dest/pyproject.toml"
		sed -i 's|"air-datepicker": "github:frappe/air-datepicker"|"air-datepicker": "2.2.3"|' "$dest/package.json"
		git -C "$dest" -c user.name=setup -c user.email=setup@localhost commit -qam "build from registries"
	fi
	echo "$dest"
}

ensure_bench() {
	step "bench at $BENCH_DIR"
	if [ -f "$BENCH_DIR/apps/frappe/frappe/__init__.py" ] && [ -x "$BENCH_DIR/env/bin/python" ]; then
		note "reusing $(grep -m1 __version__ "$BENCH_DIR/apps/frappe/frappe/__init__.py")"
	else
		local frappe_src
		frappe_src=$(prepare_frappe_source | tail -n 1)
		note "bench init (several minutes)"
		rm -rf "$BENCH_DIR"
		bench_cli init "$BENCH_DIR" --frappe-path "$frappe_src" --frappe-branch "$FRAPPE_BRANCH" \
			--skip-assets --no-backups --python python3
	fi
	configure_redis_ports
	# ERPNext imports pkg_resources, which setuptools >= 81 no longer ships.
	uv pip install -q --python "$BENCH_DIR/env/bin/python" "setuptools<81"
	ensure_redis
	if [ -d "$BENCH_DIR/apps/erpnext" ]; then
		note "reusing erpnext $(grep -m1 __version__ "$BENCH_DIR/apps/erpnext/erpnext/__init__.py")"
	else
		step "get-app erpnext ($FRAPPE_BRANCH)"
		prepare_source erpnext "$ERPNEXT_SOURCE" "$ERPNEXT_SOURCE_EXPLICIT"
		in_bench get-app --branch "$FRAPPE_BRANCH" --skip-assets "$SRC_CACHE/erpnext"
	fi
}

# REDIS_CACHE_PORT / REDIS_QUEUE_PORT: other ports than bench's defaults (13000, 11000), for a second bench
# on the same machine (a throwaway CI bench beside the dev bench) that must not share its queues.
configure_redis_ports() {
	[ -n "${REDIS_CACHE_PORT:-}${REDIS_QUEUE_PORT:-}" ] || return 0
	if bench_python - "$BENCH_DIR/sites/common_site_config.json" "${REDIS_CACHE_PORT:-}" "${REDIS_QUEUE_PORT:-}" <<-'EOF'
		import json, sys
		path, cache, queue = sys.argv[1:]
		config = json.load(open(path))
		wanted = {"redis_cache": cache, "redis_socketio": cache, "redis_queue": queue}
		changed = {k: f"redis://127.0.0.1:{p}" for k, p in wanted.items() if p and config.get(k) != f"redis://127.0.0.1:{p}"}
		config.update(changed)
		json.dump(config, open(path, "w"), indent=1, sort_keys=True)
		sys.exit(0 if changed else 1)
	EOF
	then
		note "Redis ports: cache ${REDIS_CACHE_PORT:-(default)}, queue ${REDIS_QUEUE_PORT:-(default)}"
		in_bench setup redis >/dev/null
	fi
}

# The bench's copy of this app is a symlink to the checkout, installed editable: edits need no reinstall.
# Keep one background process running for the dev site (idempotent: a live pid file means it runs).
start_daemon() { # name command...
	local name=$1 pidfile
	shift
	pidfile=$BENCH_DIR/config/pids/unified_accounting_$name.pid
	if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
		note "$name already running (pid $(cat "$pidfile"))"
		return
	fi
	mkdir -p "$BENCH_DIR/config/pids" "$BENCH_DIR/logs"
	(cd "$BENCH_DIR/sites" && exec nohup "$@" >>"$BENCH_DIR/logs/dev-$name.log" 2>&1) &
	echo $! >"$pidfile"
	note "$name started (pid $(cat "$pidfile")), log: $BENCH_DIR/logs/dev-$name.log, stop: kill \$(cat $pidfile)"
}

# Webhook deliveries (RQ, queue short) and their retries (scheduler) need these, as in production.
ensure_background_jobs() {
	local site=$1
	in_bench --site "$site" enable-scheduler >/dev/null
	start_daemon worker "$BENCH_DIR/env/bin/python" -m frappe.utils.bench_helper frappe worker --queue short,default,long
	start_daemon scheduler "$BENCH_DIR/env/bin/python" -m frappe.utils.bench_helper frappe schedule
}

link_app() {
	step "link this checkout into the bench ($CHECKOUT)"
	local target=$BENCH_DIR/apps/$APP_NAME
	if [ "$(readlink -f "$target" 2>/dev/null)" != "$CHECKOUT" ]; then
		rm -rf "$target"
		ln -s "$CHECKOUT" "$target"
	fi
	local apps_txt=$BENCH_DIR/sites/apps.txt
	if ! grep -qx "$APP_NAME" "$apps_txt"; then
		[ -z "$(tail -c 1 "$apps_txt")" ] || echo >>"$apps_txt"
		echo "$APP_NAME" >>"$apps_txt"
	fi
	uv pip install -q --python "$BENCH_DIR/env/bin/python" -e "$CHECKOUT[dev]" -e "$CHECKOUT/clients/python"
	note "installed editable with test extras, and the Python SDK (clients/python)"
	ensure_app_node_modules
}

# curl and browsers resolve *.localhost themselves; Python's and Node's resolvers read /etc/hosts. This is
# what `bench --site SITE add-to-hosts` writes, done here without its sudo call when already root.
ensure_hosts_entry() {
	local site=$1
	if grep -qE "^127\.0\.0\.1[[:space:]]+([^#]*[[:space:]])?$site([[:space:]]|\$)" /etc/hosts; then
		note "/etc/hosts already maps $site to 127.0.0.1"
	else
		as_root sh -c "printf '127.0.0.1\t%s\n' '$site' >>/etc/hosts"
		note "added '127.0.0.1 $site' to /etc/hosts"
	fi
}

site_exists() { [ -f "$BENCH_DIR/sites/$1/site_config.json" ]; }

site_has_app() { in_bench --site "$1" list-apps 2>/dev/null | grep -q "^$2"; }

# A site with ERPNext and a completed setup wizard: one company (standard chart of accounts, USD,
# current fiscal year), via erpnext.setup.utils.before_tests, the same path ERPNext's own CI uses.
ensure_site() {
	local site=$1
	step "site $site"
	if site_exists "$site" && ! site_has_app "$site" erpnext; then
		note "site exists without ERPNext: dropping it"
		in_bench drop-site "$site" --force --no-backup --db-root-password "$DB_ROOT_PASSWORD"
	fi
	if ! site_exists "$site"; then
		note "new-site with ERPNext (about a minute)"
		quietly in_bench new-site "$site" --db-root-password "$DB_ROOT_PASSWORD" --admin-password "$ADMIN_PASSWORD" \
			--install-app erpnext
	fi
	if [ "$(in_bench --site "$site" execute frappe.is_setup_complete 2>/dev/null | tail -n 1)" != "true" ]; then
		note "completing the ERPNext setup wizard"
		in_bench --site "$site" execute erpnext.setup.utils.before_tests
	fi
	if ! site_has_app "$site" "$APP_NAME"; then
		note "install-app $APP_NAME"
		quietly in_bench --site "$site" install-app "$APP_NAME"
	fi
	note "migrate"
	quietly in_bench --site "$site" migrate --skip-search-index
}

# The app's Desk bundles (public/js/*.bundle.js with the npm packages of package.json): yarn install when
# package.json/yarn.lock changed, `bench build --app` when any input changed or a bundle is missing.
build_app_assets() {
	step "Desk assets of $APP_NAME (bench build --app; skipped when unchanged)"
	local stamp=$BENCH_DIR/sites/assets/.$APP_NAME-build src
	ensure_app_node_modules
	src=$(cd "$CHECKOUT" && find package.json yarn.lock "$APP_NAME/public" \
		\( -path "$APP_NAME/public/dist" -o -path "$APP_NAME/public/node_modules" \) -prune -o -type f -print0 |
		sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$stamp.src" 2>/dev/null)" = "$src" ] && app_bundles_built; then
		note "unchanged"
		return
	fi
	quietly in_bench build --app "$APP_NAME"
	app_bundles_built || { echo "bench build did not produce the $APP_NAME bundles" >&2; exit 1; }
	echo "$src" >"$stamp.src"
}

# The app's npm dependencies (package.json, yarn.lock): any `bench build` that includes the app needs them,
# so link_app installs them before the first build. Re-run when the lockfile changes; the stamp lives in
# node_modules itself, so a fresh checkout (no node_modules) always installs.
ensure_app_node_modules() {
	local stamp=$CHECKOUT/node_modules/.$APP_NAME-deps deps
	deps=$(cat "$CHECKOUT/package.json" "$CHECKOUT/yarn.lock" | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$stamp" 2>/dev/null)" != "$deps" ]; then
		note "yarn install in the checkout (frozen lockfile)"
		(cd "$CHECKOUT" && yarn install --frozen-lockfile --non-interactive --silent)
		echo "$deps" >"$stamp"
	else
		note "node_modules up to date"
	fi
}

# Every public/js/*.bundle.js of the app is in assets.json and its built file exists.
app_bundles_built() {
	python3 - "$BENCH_DIR/sites" "$CHECKOUT/$APP_NAME/public/js" <<-'EOF'
		import json, os, sys
		sites, js = sys.argv[1:]
		try:
		    built = json.load(open(os.path.join(sites, "assets", "assets.json")))
		except (OSError, ValueError):
		    sys.exit(1)
		names = [f for f in os.listdir(js) if f.endswith(".bundle.js")] if os.path.isdir(js) else []
		ok = all(n in built and os.path.exists(sites + built[n]) for n in names)
		sys.exit(0 if ok else 1)
	EOF
}
