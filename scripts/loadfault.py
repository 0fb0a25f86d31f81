"""Load and fault run (not CI): 8 clients of mixed reads and idempotent writes against gunicorn (4 workers)
and an RQ worker, on a private copy of a site (own MariaDB and Redis, so the faults touch nothing shared),
while workers are killed, MariaDB restarts and Redis stops; then the database is checked.

    ~/frappe-bench/env/bin/python scripts/loadfault.py --site ua-h7.localhost --duration 120

Loopback only, bounded, stops by itself; everything it starts is stopped at the end. Figures are printed
and written to <workdir>/summary.json (docs/reliability.md has the latest).
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pymysql
import requests

BENCH = Path(os.environ.get("UA_BENCH_DIR", Path.home() / "frappe-bench"))
SHARED_DB = {
	"host": "127.0.0.1",
	"port": 3306,
	"user": "root",
	"password": os.environ.get("DB_ROOT_PASSWORD", "frappe-dev"),
}
API = "/api/method/unified_accounting.api"


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default="ua-h7.localhost", help="site to copy (never touched otherwise)")
	parser.add_argument("--duration", type=int, default=120, help="seconds of load (faults scale with it)")
	parser.add_argument("--clients", type=int, default=8)
	parser.add_argument("--workers", type=int, default=4)
	parser.add_argument("--workdir", default="/tmp/ua-loadfault")
	parser.add_argument("--db-port", type=int, default=3310)
	parser.add_argument("--redis-port", type=int, default=13170, help="cache; the queue uses the next port")
	parser.add_argument("--http-port", type=int, default=8170)
	parser.add_argument("--no-faults", action="store_true")
	return parser.parse_args()


class Stack:
	"""The private MariaDB, two Redis servers, gunicorn and an RQ worker, as child processes."""

	def __init__(self, args):
		self.args, self.work = args, Path(args.workdir)
		self.sites = self.work / "sites"
		self.procs: dict[str, subprocess.Popen] = {}
		self.conf = json.loads((BENCH / "sites" / args.site / "site_config.json").read_text())

	def log(self, name):
		return open(self.work / f"{name}.log", "ab")

	def start(self, name, cmd, cwd=None):
		self.procs[name] = subprocess.Popen(cmd, cwd=cwd, stdout=self.log(name), stderr=subprocess.STDOUT)

	def stop(self, name, sig=signal.SIGTERM, wait=60):
		proc = self.procs.pop(name, None)
		if proc and proc.poll() is None:
			proc.send_signal(sig)
			try:
				proc.wait(wait)
			except subprocess.TimeoutExpired:
				proc.kill()
				proc.wait()

	# MariaDB ---------------------------------------------------------------------------------------
	def mariadb_cmd(self):
		return [
			"mariadbd",
			"--no-defaults",
			f"--datadir={self.work}/mysql",
			f"--port={self.args.db_port}",
			"--bind-address=127.0.0.1",
			f"--socket={self.work}/mysqld.sock",
			f"--pid-file={self.work}/mysqld.pid",
			"--user=root",
			"--character-set-server=utf8mb4",
			"--collation-server=utf8mb4_unicode_ci",
			"--innodb-buffer-pool-size=256M",
			"--skip-name-resolve",
			"--max-connections=200",
		]

	def start_mariadb(self):
		self.start("mariadb", self.mariadb_cmd())
		wait_for(lambda: self.db(root=True).close() or True, 60, "private MariaDB")

	def db(self, root=False):
		if root:
			return pymysql.connect(unix_socket=f"{self.work}/mysqld.sock", user="root", autocommit=True)
		return pymysql.connect(
			host="127.0.0.1",
			port=self.args.db_port,
			user=self.conf["db_name"],
			password=self.conf["db_password"],
			database=self.conf["db_name"],
			autocommit=True,
		)

	def copy_database(self):
		"""A fresh datadir holding a copy of the site's database and its user."""
		subprocess.run(
			[
				"mariadb-install-db",
				"--user=root",
				f"--datadir={self.work}/mysql",
				"--skip-test-db",
				"--auth-root-authentication-method=socket",
			],
			check=True,
			stdout=self.log("mariadb-install"),
			stderr=subprocess.STDOUT,
		)
		self.start_mariadb()
		name, password = self.conf["db_name"], self.conf["db_password"]
		root = self.db(root=True)
		with root.cursor() as cur:
			cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
			for host in ("localhost", "%", "127.0.0.1"):
				cur.execute(f"CREATE USER '{name}'@'{host}' IDENTIFIED BY '{password}'")
				cur.execute(f"GRANT ALL PRIVILEGES ON `{name}`.* TO '{name}'@'{host}'")
		root.close()
		dump = subprocess.Popen(
			[
				"mariadb-dump",
				"-h",
				SHARED_DB["host"],
				"-u",
				SHARED_DB["user"],
				f"-p{SHARED_DB['password']}",
				"--single-transaction",
				"--routines",
				name,
			],
			stdout=subprocess.PIPE,
		)
		subprocess.run(
			["mariadb", f"--socket={self.work}/mysqld.sock", "-uroot", name], stdin=dump.stdout, check=True
		)
		dump.wait()

	def restart_mariadb(self):
		self.stop("mariadb", wait=120)
		self.start_mariadb()

	# Redis -----------------------------------------------------------------------------------------
	def start_redis(self):
		for name, port in (("redis-cache", self.args.redis_port), ("redis-queue", self.args.redis_port + 1)):
			self.start(
				name,
				[
					"redis-server",
					"--port",
					str(port),
					"--bind",
					"127.0.0.1",
					"--save",
					"",
					"--appendonly",
					"no",
					"--dir",
					str(self.work),
				],
			)
		time.sleep(0.5)

	def stop_redis(self):
		self.stop("redis-cache")
		self.stop("redis-queue")

	# Frappe ----------------------------------------------------------------------------------------
	def make_sites(self):
		"""A sites directory of our own: the site's config pointed at the private servers."""
		self.sites.mkdir(parents=True)
		(self.work / "logs").mkdir(exist_ok=True)
		shutil.copy(BENCH / "sites" / "apps.txt", self.sites / "apps.txt")
		(self.sites / "assets").symlink_to(BENCH / "sites" / "assets")
		common = json.loads((BENCH / "sites" / "common_site_config.json").read_text())
		cache, queue = (
			f"redis://127.0.0.1:{self.args.redis_port}",
			f"redis://127.0.0.1:{self.args.redis_port + 1}",
		)
		common.update(
			redis_cache=cache,
			redis_socketio=cache,
			redis_queue=queue,
			db_host="127.0.0.1",
			db_port=self.args.db_port,
			default_site=self.args.site,
			serve_default_site=True,
		)
		(self.sites / "common_site_config.json").write_text(json.dumps(common, indent=1))
		site = self.sites / self.args.site
		(site / "logs").mkdir(parents=True)
		(site / "locks").mkdir()
		conf = {**self.conf, "db_host": "127.0.0.1", "db_port": self.args.db_port}
		(site / "site_config.json").write_text(json.dumps(conf, indent=1))

	def start_web(self):
		env_bin = BENCH / "env" / "bin"
		self.start(
			"gunicorn",
			[
				str(env_bin / "gunicorn"),
				"-b",
				f"127.0.0.1:{self.args.http_port}",
				"-w",
				str(self.args.workers),
				"-t",
				"120",
				"--graceful-timeout",
				"5",
				"frappe.app:application",
			],
			cwd=self.sites,
		)
		self.start(
			"rq-worker",
			[
				str(env_bin / "python"),
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"worker",
				"--queue",
				"short,default,long",
			],
			cwd=self.sites,
		)

	def gunicorn_workers(self) -> list[int]:
		master = self.procs["gunicorn"].pid
		out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
		return [int(pid) for pid in out.split()]

	def shutdown(self):
		for name in ("rq-worker", "gunicorn", "redis-cache", "redis-queue", "mariadb"):
			self.stop(name)


def wait_for(check, seconds, what):
	deadline = time.time() + seconds
	while time.time() < deadline:
		try:
			if check():
				return
		except Exception:
			pass
		time.sleep(0.5)
	raise SystemExit(f"{what} did not come up in {seconds} s")


def prepare_api_user(site: str) -> tuple[str, dict]:
	"""An Accounts Manager with a fresh API key on the source site (copied with the database)."""
	os.chdir(BENCH / "sites")
	sys.path.insert(0, str(BENCH / "apps" / "unified_accounting"))
	import frappe

	from unified_accounting.tests.utils import ensure_api_user

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	user = ensure_api_user("ua-loadfault@example.com", ["Accounts Manager", "Accounts User"])
	from unified_accounting.tests.write_fixtures import accounts, ensure_parties, first_company

	ensure_parties()
	company = first_company()
	books = {"company": company, **accounts(company)}
	frappe.db.commit()
	frappe.destroy()
	return user.token, books


class Clients:
	"""Mixed reads and idempotent writes; every write retried with the same key until acknowledged."""

	def __init__(self, args, token, books, run_id):
		self.args, self.books, self.run_id = args, books, run_id
		self.base = f"http://127.0.0.1:{args.http_port}"
		self.headers = {"Authorization": f"token {token}", "Host": args.site, "Accept": "application/json"}
		self.lock = threading.Lock()
		self.statuses, self.latencies = Counter(), []
		self.acked: dict[str, tuple[str, str]] = {}  # key -> (doctype, id)
		self.rejected: dict[str, int] = {}
		self.abandoned: list[str] = []
		self.seen_ids: list[str] = []

	def request(self, session, method, path, **kw):
		started = time.time()
		try:
			response = session.request(
				method, self.base + path, headers={**self.headers, **kw.pop("headers", {})}, timeout=60, **kw
			)
			status = response.status_code
		except requests.RequestException:
			response, status = None, "connection_error"
		with self.lock:
			self.statuses[status] += 1
			self.latencies.append(time.time() - started)
		return response

	def write(self, session, client, n):
		key = f"lf-{self.run_id}-{client}-{n}"
		if random.random() < 0.7:
			doctype, path, body = "Sales Invoice", "invoices.create_invoice", self.invoice(key)
		else:
			doctype, path, body = "Journal Entry", "journal_entries.create_journal_entry", self.journal(key)
		deadline = time.time() + 120
		while time.time() < deadline:
			response = self.request(
				session, "POST", f"{API}.{path}", json=body, headers={"Idempotency-Key": key}
			)
			if response is not None and response.status_code in (200, 201):
				with self.lock:
					self.acked[key] = (doctype, response.json()["result"]["id"])
				return
			if (
				response is not None
				and 400 <= response.status_code < 500
				and response.status_code not in (409, 429)
			):
				with self.lock:
					self.rejected[key] = response.status_code
				return
			time.sleep(random.uniform(0.3, 1.5))
		self.abandoned.append(key)

	def invoice(self, key):
		line = {
			"name": "Load",
			"quantity": random.randint(1, 5),
			"unit_price": random.randint(1, 500),
			"account_id": self.books["income"],
		}
		return {
			"type": "accounts_receivable",
			"contact_id": "UA Write Customer",
			"company": self.books["company"],
			"memo": key,
			"line_items": [line] * random.randint(1, 4),
			"submit": True,
		}

	def journal(self, key):
		amount = random.randint(1, 999)
		lines = [
			{"account_id": self.books["expense"], "debit": amount},
			{"account_id": self.books["cash"], "credit": amount},
		]
		return {"company": self.books["company"], "memo": key, "lines": lines, "submit": True}

	def read(self, session):
		choice = random.random()
		if choice < 0.4:
			self.request(
				session, "GET", f"{API}.invoices.list_invoices", params={"limit": 20, "order": "desc"}
			)
		elif choice < 0.7:
			self.request(session, "GET", f"{API}.accounts.list_accounts", params={"limit": 50})
		elif self.acked:
			_doctype, name = random.choice(list(self.acked.values()))
			kind = (
				"invoices.get_invoice" if name.startswith("ACC-SINV") else "journal_entries.get_journal_entry"
			)
			self.request(session, "GET", f"{API}.{kind}", params={"id": name})

	def run_client(self, client, until):
		session, n = requests.Session(), 0
		while time.time() < until:
			if random.random() < 0.4:
				n += 1
				self.write(session, client, n)
			else:
				self.read(session)

	def run(self):
		until = time.time() + self.args.duration
		threads = [
			threading.Thread(target=self.run_client, args=(c, until)) for c in range(self.args.clients)
		]
		for thread in threads:
			thread.start()
		return threads


def faults(stack: Stack, duration: int, events: list):
	"""kill -9 a gunicorn worker four times, restart MariaDB once, stop Redis for 20 s."""
	start = time.time()
	plan = [(0.12, "kill"), (0.25, "kill"), (0.4, "mariadb"), (0.55, "kill"), (0.7, "redis"), (0.9, "kill")]
	for at, what in plan:
		time.sleep(max(0, start + at * duration - time.time()))
		t = round(time.time() - start, 1)
		if what == "kill":
			workers = stack.gunicorn_workers()
			if workers:
				victim = random.choice(workers)
				os.kill(victim, signal.SIGKILL)
				events.append(f"{t:>6} s  kill -9 gunicorn worker {victim}")
		elif what == "mariadb":
			stack.restart_mariadb()
			events.append(f"{t:>6} s  MariaDB restarted (back after {round(time.time() - start - t, 1)} s)")
		else:
			stack.stop_redis()
			events.append(f"{t:>6} s  Redis (cache + queue) stopped")
			time.sleep(20)
			stack.start_redis()
			events.append(f"{round(time.time() - start, 1):>6} s  Redis started again")


def check_database(stack: Stack, clients: Clients) -> dict:
	"""Acknowledged writes exactly once, no orphan drafts, GL balanced, idempotency keys resolve."""
	db = stack.db()
	cur = db.cursor()
	prefix = f"lf-{clients.run_id}-%"
	docs = {}
	for doctype, memo in (("Sales Invoice", "remarks"), ("Journal Entry", "user_remark")):
		cur.execute(f"select {memo}, name, docstatus from `tab{doctype}` where {memo} like %s", (prefix,))
		for remarks, name, docstatus in cur.fetchall():
			docs.setdefault(remarks.strip(), []).append((doctype, name, docstatus))
	duplicates = sorted(k for k, found in docs.items() if len(found) > 1)
	lost = sorted(
		k for k, (doctype, name) in clients.acked.items() if (doctype, name, 1) not in docs.get(k, [])
	)
	unacked_written = sorted(k for k in docs if k not in clients.acked)
	orphans = sorted(f"{d}:{n}" for found in docs.values() for d, n, status in found if status != 1)
	cur.execute("""select voucher_type, voucher_no, sum(debit) - sum(credit) from `tabGL Entry`
		where is_cancelled = 0 group by voucher_type, voucher_no having abs(sum(debit) - sum(credit)) > 0.005""")
	unbalanced = [list(row) for row in cur.fetchall()]
	cur.execute(
		"""select k.idempotency_key, k.result_id from `tabUnified Accounting Idempotency Key` k
		where k.idempotency_key like %s and k.result_id is not null
		and not exists (select 1 from `tabSales Invoice` s where s.name = k.result_id)
		and not exists (select 1 from `tabJournal Entry` j where j.name = k.result_id)""",
		(prefix,),
	)
	dangling = [list(row) for row in cur.fetchall()]
	cur.execute(
		"""select count(*) from `tabUnified Accounting Idempotency Key`
		where idempotency_key like %s and response_status is null""",
		(prefix,),
	)
	unfinished_keys = cur.fetchone()[0]
	db.close()
	return {
		"duplicates": duplicates,
		"lost": lost,
		"written_but_never_acknowledged": unacked_written,
		"orphan_drafts": orphans,
		"unbalanced_vouchers": unbalanced,
		"keys_pointing_at_missing_docs": dangling,
		"keys_without_response": unfinished_keys,
	}


def percentile(values, q):
	return round(statistics.quantiles(values, n=100)[q - 1] * 1000) if len(values) > 2 else None


def main():
	args = parse_args()
	work = Path(args.workdir)
	if work.exists():
		shutil.rmtree(work)
	work.mkdir(parents=True)
	token, books = prepare_api_user(args.site)
	stack, events = Stack(args), []
	try:
		t0 = time.time()
		stack.copy_database()
		stack.start_redis()
		stack.make_sites()
		stack.start_web()
		wait_for(
			lambda: (
				requests.get(
					f"http://127.0.0.1:{args.http_port}/api/method/frappe.auth.get_logged_user",
					headers={"Authorization": f"token {token}", "Host": args.site},
					timeout=30,
				).status_code
				== 200
			),
			120,
			"gunicorn",
		)
		print(f"private stack up in {round(time.time() - t0)} s; load for {args.duration} s", flush=True)
		clients = Clients(args, token, books, run_id=f"{int(time.time())}")
		threads = clients.run()
		fault_thread = None
		if not args.no_faults:
			fault_thread = threading.Thread(target=faults, args=(stack, args.duration, events))
			fault_thread.start()
		for thread in threads:
			thread.join(args.duration + 300)
		if fault_thread:
			fault_thread.join(120)
		checks = check_database(stack, clients)
	finally:
		stack.shutdown()
	report(args, clients, checks, events)


def report(args, clients, checks, events):
	summary = {
		"duration_s": args.duration,
		"clients": args.clients,
		"gunicorn_workers": args.workers,
		"requests": sum(clients.statuses.values()),
		"statuses": {str(k): v for k, v in sorted(clients.statuses.items(), key=str)},
		"p50_ms": percentile(clients.latencies, 50),
		"p95_ms": percentile(clients.latencies, 95),
		"acknowledged_writes": len(clients.acked),
		"rejected_writes": len(clients.rejected),
		"abandoned_writes": len(clients.abandoned),
		"faults": events,
		"duplicates": len(checks["duplicates"]),
		"lost": len(checks["lost"]),
		"checks": checks,
	}
	Path(args.workdir, "summary.json").write_text(json.dumps(summary, indent=1, default=str))
	print("\nfaults:\n  " + "\n  ".join(events or ["none"]))
	print(
		f"\nrequests {summary['requests']}  in {args.duration} s, {args.clients} clients, {args.workers} workers"
	)
	print("by status: " + ", ".join(f"{k}: {v}" for k, v in summary["statuses"].items()))
	print(f"latency p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms")
	print(
		f"writes acknowledged {summary['acknowledged_writes']}, rejected {summary['rejected_writes']}, "
		f"abandoned {summary['abandoned_writes']}"
	)
	for name, value in checks.items():
		print(f"{name:<36} {len(value) if isinstance(value, list) else value}")
	bad = (
		summary["duplicates"]
		or summary["lost"]
		or checks["orphan_drafts"]
		or checks["unbalanced_vouchers"]
		or checks["keys_pointing_at_missing_docs"]
	)
	print("\nRESULT: " + ("FAIL" if bad else "OK"))
	sys.exit(1 if bad else 0)


if __name__ == "__main__":
	main()
