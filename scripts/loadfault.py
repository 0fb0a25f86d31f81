"""Load and fault run (not CI): 8 clients of mixed reads and idempotent writes against gunicorn (4 workers)
and an RQ worker, on a private copy of a site (own MariaDB and Redis, so the faults touch nothing shared),
while workers are killed, MariaDB restarts and Redis stops; then the database is checked.

    ~/frappe-bench/env/bin/python scripts/loadfault.py --site ua-h7.localhost --duration 120

Loopback only, bounded, stops by itself; everything it starts is stopped at the end. Figures are printed
and written to <workdir>/summary.json (docs/reliability.md has the latest).
"""

import argparse
import os
import random
import signal
import threading
import time
from collections import Counter

import requests
from loadfault_checks import check_database, report
from private_stack import Stack, fresh_workdir, prepare_api_user, wait_for

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


class Follower:
	"""A live change-feed follower (invoices and journal entries), polling every 0.5 s through the load and
	faults, then until the feed is quiet: every committed change must reach it once, in order per record."""

	def __init__(self, clients: Clients):
		self.clients, self.events, self.errors = clients, [], Counter()
		self.session, self.params = (
			requests.Session(),
			{"resources": "invoices,journal_entries", "limit": 200},
		)
		self.cursor = self.page({"since": "now"})[1]
		self.start = cursor_position(self.cursor)
		self.done = threading.Event()

	def page(self, where: dict) -> tuple[list, str | None]:
		response = self.clients.request(
			self.session, "GET", f"{API}.changes.list_changes", params={**self.params, **where}
		)
		if response is None or response.status_code != 200:
			self.errors[getattr(response, "status_code", "connection_error")] += 1
			return [], None
		body = response.json()
		return body["result"], body["next_cursor"]

	def poll(self) -> int:
		events, cursor = self.page({"since": self.cursor})
		if cursor:
			self.events += events
			self.cursor = cursor
		return len(events)

	def run(self) -> threading.Thread:
		def follow():
			while not self.done.is_set():
				if not self.poll():
					time.sleep(0.5)
			quiet, deadline = 0, time.time() + 120
			while quiet < 6 and time.time() < deadline:  # 3 s without news after the load
				quiet = 0 if self.poll() else quiet + 1
				time.sleep(0.5)

		thread = threading.Thread(target=follow)
		thread.start()
		return thread


def cursor_position(cursor: str) -> int:
	import base64
	import json

	body = cursor.partition(".")[0]
	return int(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["k"][0])


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


def main():
	args = parse_args()
	fresh_workdir(args.workdir)
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
		follower = Follower(clients)
		follow_thread = follower.run()
		threads = clients.run()
		fault_thread = None
		if not args.no_faults:
			fault_thread = threading.Thread(target=faults, args=(stack, args.duration, events))
			fault_thread.start()
		for thread in threads:
			thread.join(args.duration + 300)
		if fault_thread:
			fault_thread.join(120)
		follower.done.set()
		follow_thread.join(300)
		for name, count in stack.restarts.items():
			events.append(f"{'':>6}    {name} exited and was restarted {count}x (as supervisor would)")
		checks = check_database(stack, clients, follower)
	finally:
		stack.shutdown()
	report(args, clients, checks, events)


if __name__ == "__main__":
	main()
