#!/usr/bin/env bash
# A real MariaDB read replica of one site's database: a second mariadbd (own datadir and port) that
# replicates from the primary by binlog, with the site's database user allowed to SELECT only.
#   bash scripts/replica.sh start SITE [PORT]   # idempotent: creates, seeds, starts, catches up
#   bash scripts/replica.sh stop SITE           # shuts it down (its datadir stays for the next start)
#   bash scripts/replica.sh drop SITE           # stops it and deletes its datadir
# Then point the site at it (Frappe v15): `bench --site SITE set-config replica_host 127.0.0.1`,
# `set-config -p replica_db_port PORT`, `set-config -p read_from_replica 1` (tests do this themselves).
# REPLICA_DIR (~/frappe-bench/replicas). The first start turns the primary's binlog on (one restart).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACTION=${1:?usage: replica.sh start|stop|drop SITE [PORT]}
SITE=${2:?usage: replica.sh start|stop|drop SITE [PORT]}
PORT=${3:-${REPLICA_PORT:-3307}}
REPLICA_DIR=${REPLICA_DIR:-$BENCH_DIR/replicas}
HOME_DIR=$REPLICA_DIR/$SITE
SOCKET=$HOME_DIR/mysqld.sock
REPL_USER=ua_replication
REPL_PASSWORD=${REPL_PASSWORD:-ua-replication}

site_value() { bench_python -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$BENCH_DIR/sites/$SITE/site_config.json" "$1"; }
primary() { mariadb -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 "$@"; }
replica() { mariadb -uroot --socket="$SOCKET" "$@"; }
replica_up() { [ -S "$SOCKET" ] && mariadb-admin -uroot --socket="$SOCKET" ping --silent >/dev/null 2>&1; }

start_mariadbd() {
	mariadbd --no-defaults --datadir="$HOME_DIR/data" --port="$PORT" --bind-address=127.0.0.1 \
		--socket="$SOCKET" --pid-file="$HOME_DIR/mysqld.pid" --user=root --server-id="$PORT" \
		--log-error="$HOME_DIR/error.log" --innodb-buffer-pool-size=64M --read-only=1 \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--character-set-client-handshake=FALSE --skip-log-bin --relay-log="$HOME_DIR/data/relay-bin" \
		--replicate-do-db="$DB" --skip-slave-start >/dev/null 2>&1 &
	for _ in $(seq 1 60); do replica_up && return; sleep 0.5; done
	echo "replica did not start: $(tail -n 5 "$HOME_DIR/error.log")" >&2
	exit 1
}

create() {
	note "new replica datadir $HOME_DIR/data"
	rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR"
	mariadb-install-db --no-defaults --datadir="$HOME_DIR/data" --user=root --auth-root-authentication-method=socket >/dev/null
	start_mariadbd
	primary -e "CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
		GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'127.0.0.1';"
	# The site's own user, as on the primary but read-only: a write sent here would fail loudly.
	replica -e "CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER '$DB'@'%' IDENTIFIED BY '$(site_value db_password)';
		CREATE USER '$DB'@'localhost' IDENTIFIED BY '$(site_value db_password)';
		GRANT SELECT ON \`$DB\`.* TO '$DB'@'%'; GRANT SELECT ON \`$DB\`.* TO '$DB'@'localhost';
		CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=3306, MASTER_USER='$REPL_USER',
		MASTER_PASSWORD='$REPL_PASSWORD', MASTER_USE_GTID=no;"
	note "seeding from a consistent dump of $DB (it sets the binlog position to replicate from)"
	# --lock-all-tables, not --single-transaction: Frappe keeps Error Log (and Data Import Log) in MyISAM,
	# which a snapshot does not cover; a row logged during the dump then replayed twice stops the replica.
	mariadb-dump -uroot -p"$DB_ROOT_PASSWORD" -h 127.0.0.1 --lock-all-tables --master-data=1 --routines "$DB" |
		replica "$DB"
}

wait_caught_up() {
	local file pos reached
	read -r file pos _ <<<"$(primary -Nse "SHOW MASTER STATUS")"
	reached=$(replica -Nse "SELECT MASTER_POS_WAIT('$file', $pos, 120)")
	if [ "$reached" = NULL ] || [ "$reached" -lt 0 ]; then
		echo "replica did not catch up with $file:$pos: $(replica -e 'SHOW SLAVE STATUS\G' | grep -E 'Running:|Last_(IO|SQL)_Error:')" >&2
		exit 1
	fi
}

DB=$(site_value db_name)
case $ACTION in
start)
	step "read replica of $SITE ($DB) on 127.0.0.1:$PORT"
	ensure_mariadb
	mariadb_restart_for_binlog
	if [ ! -d "$HOME_DIR/data/$DB" ]; then
		replica_up && mariadb-admin -uroot --socket="$SOCKET" shutdown
		create
	elif ! replica_up; then
		start_mariadbd
	fi
	replica -e "START SLAVE;"
	sleep 1
	if [ "$(replica -e 'SHOW SLAVE STATUS\G' | awk '/Last_IO_Errno/ {print $2}')" = 1236 ]; then
		note "the primary no longer has the binlog this replica needs: reseeding it"
		mariadb-admin -uroot --socket="$SOCKET" shutdown
		create
		replica -e "START SLAVE;"
	fi
	wait_caught_up
	note "replicating, caught up with the primary"
	;;
stop)
	replica_up && mariadb-admin -uroot --socket="$SOCKET" shutdown
	note "replica of $SITE stopped"
	;;
drop)
	replica_up && mariadb-admin -uroot --socket="$SOCKET" shutdown
	rm -rf "$HOME_DIR"
	note "replica of $SITE dropped"
	;;
*)
	echo "usage: replica.sh start|stop|drop SITE [PORT]" >&2
	exit 2
	;;
esac
