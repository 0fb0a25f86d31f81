"""A private copy of a site's stack for the long runs (loadfault.py, fuzz.py; not CI): its own MariaDB
(datadir and port), two Redis servers, gunicorn and an RQ worker as child processes on 127.0.0.1, so faults
and generated requests touch nothing shared; and an API user with the write fixtures' books."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pymysql

BENCH = Path(os.environ.get("UA_BENCH_DIR", Path.home() / "frappe-bench"))
SHARED_DB = {
	"host": "127.0.0.1",
	"port": 3306,
	"user": "root",
	"password": os.environ.get("DB_ROOT_PASSWORD", "frappe-dev"),
}


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

		self.start(
			"scheduler",
			[str(env_bin / "python"), "-m", "frappe.utils.bench_helper", "frappe", "schedule"],
			cwd=self.sites,
		)
		self.supervise(("rq-worker", "scheduler"))

	def supervise(self, names: tuple[str, ...]) -> None:
		"""Restart these processes when they exit, as supervisor does in production (an RQ worker exits
		when Redis goes away); each restart is counted in `restarts`."""
		self.restarts = Counter()
		commands = {name: self.procs[name].args for name in names}

		def watch():
			while not self.stopping.wait(2):
				for name in names:
					proc = self.procs.get(name)
					if proc is not None and proc.poll() is not None and not self.stopping.is_set():
						self.start(name, commands[name], cwd=self.sites)
						self.restarts[name] += 1

		self.stopping = threading.Event()
		threading.Thread(target=watch, daemon=True).start()

	def gunicorn_workers(self) -> list[int]:
		master = self.procs["gunicorn"].pid
		out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
		return [int(pid) for pid in out.split()]

	def shutdown(self):
		if getattr(self, "stopping", None):
			self.stopping.set()
		for name in ("scheduler", "rq-worker", "gunicorn", "redis-cache", "redis-queue", "mariadb"):
			if name in self.procs:
				self.stop(name)


def fresh_workdir(path: str) -> Path:
	"""The run's work directory, emptied of an earlier run's files."""
	work = Path(path)
	if work.exists():
		shutil.rmtree(work)
	work.mkdir(parents=True)
	return work


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

	from unified_accounting.tests.support.utils import ensure_api_user

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	user = ensure_api_user("ua-loadfault@example.com", ["Accounts Manager", "Accounts User"])
	from unified_accounting.tests.support.write_fixtures import books as write_books

	books = write_books()
	frappe.db.commit()
	frappe.destroy()
	return user.token, books
