"""Throughput with 1, 2 and 4 gunicorn workers: concurrent clients over real HTTP for a fixed time, reads
only (a page of 100 invoices with lines) and mixed (4 reads : 1 create + submit of a purchase invoice).

Run from the bench's sites directory with the bench's Python (benchmarks/run.sh runs it after run.py):
	python benchmarks/scaling.py --site ua-bench.localhost --workers 1 2 4 --seconds 10
"""

import argparse
import statistics
import threading
import time

import psutil
import requests
from harness import Server, prepare

import frappe

OURS = "/api/method/unified_accounting.api"


def main() -> None:
	args = parse_args()
	token = prepare(args.site)
	purchase = purchase_body()
	print(
		f"\nThroughput by gunicorn workers - {args.clients} concurrent clients, {args.seconds:.0f} s per cell"
	)
	print(
		"\n| workers | reads: req/s | p50 ms | CPU ms per read: server + MariaDB / clients | machine CPU busy "
		"| mixed 4:1: req/s | p50 ms | writes/s | errors |"
	)
	print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for workers in args.workers:
		server = Server(args.site, workers)
		try:
			load = Load(server.url, args.site, token, purchase)
			load.run(args.clients, 2, write_every=0)  # warm every worker
			with CpuMeter(server) as cpu:
				reads = load.run(args.clients, args.seconds, write_every=0)
			mixed = load.run(args.clients, args.seconds, write_every=5)
		finally:
			server.stop()
		served = reads["requests"] or 1
		print(
			f"| {workers} | {reads['rps']:.1f} | {reads['p50']:.0f} "
			f"| {cpu.server_ms / served:.1f} / {cpu.client_ms / served:.1f} | {cpu.busy:.0%} "
			f"| {mixed['rps']:.1f} | {mixed['p50']:.0f} "
			f"| {mixed['writes'] / args.seconds:.1f} | {reads['errors'] + mixed['errors']} |",
			flush=True,
		)
	print(
		f"\n{psutil.cpu_count()} cores. Each read costs the server side (gunicorn + MariaDB) and the clients the "
		"CPU shown; once the machine is busy, more workers cannot add throughput on it. Across hosts, reads "
		"scale until the hosts' cores are busy (docs/deploy.md)."
	)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
	parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
	parser.add_argument("--seconds", type=float, default=10)
	return parser.parse_args()


def purchase_body() -> dict:
	frappe.db.rollback()
	company = frappe.defaults.get_global_default("company")
	expense = frappe.db.get_value(
		"Account", {"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""}
	)
	return {
		"type": "accounts_payable",
		"contact_id": frappe.db.get_value("Supplier", {"supplier_name": ("like", "Seed Supplier%")}),
		"line_items": [
			{"description": f"Line {i}", "unit_price": 10 + i, "account_id": expense} for i in range(5)
		],
		"submit": True,
	}


class CpuMeter:
	"""CPU time spent during the block by the server's workers with MariaDB, and by this (client) process;
	and how busy the whole machine was."""

	def __init__(self, server: Server):
		self.server = server

	@staticmethod
	def seconds(processes: list[psutil.Process]) -> float:
		total = 0.0
		for process in processes:
			try:
				times = process.cpu_times()
				total += times.user + times.system
			except psutil.NoSuchProcess:
				pass
		return total

	def server_side(self) -> list[psutil.Process]:
		mariadb = [p for p in psutil.process_iter(["name"]) if p.info["name"] in ("mariadbd", "mysqld")]
		return [*self.server.workers(), *mariadb]

	def __enter__(self):
		self.processes = self.server_side()
		self.start = (self.seconds(self.processes), self.seconds([psutil.Process()]), psutil.cpu_times())
		return self

	def __exit__(self, *exc):
		server, client, machine = self.start
		self.server_ms = (self.seconds(self.processes) - server) * 1000
		self.client_ms = (self.seconds([psutil.Process()]) - client) * 1000
		now = psutil.cpu_times()
		total = sum(now) - sum(machine)
		self.busy = 1 - (now.idle - machine.idle) / total if total else 0.0


class Load:
	"""`clients` threads, each with its own session, call back to back until the time is up."""

	def __init__(self, url: str, site: str, token: str, purchase: dict):
		self.url, self.purchase = url, purchase
		self.headers = {"Host": site, "Authorization": f"token {token}", "Accept": "application/json"}

	def run(self, clients: int, seconds: float, write_every: int) -> dict:
		latencies, counts = [], {"writes": 0, "errors": 0}
		lock, deadline = threading.Lock(), time.monotonic() + seconds
		threads = [
			threading.Thread(target=self.client, args=(deadline, write_every, latencies, counts, lock))
			for _ in range(clients)
		]
		started = time.monotonic()
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		elapsed = time.monotonic() - started
		p50 = statistics.median(latencies) if latencies else 0
		return {"rps": len(latencies) / elapsed, "p50": p50, "requests": len(latencies), **counts}

	def client(self, deadline: float, write_every: int, latencies: list, counts: dict, lock) -> None:
		http, i = requests.Session(), 0
		http.headers.update(self.headers)
		while time.monotonic() < deadline:
			i += 1
			write = write_every and i % write_every == 0
			started = time.perf_counter()
			if write:
				response = http.post(
					f"{self.url}{OURS}.invoices.create_invoice", json=self.purchase, timeout=120
				)
			else:
				params = {"limit": 100, "type": "accounts_receivable"}
				response = http.get(f"{self.url}{OURS}.invoices.list_invoices", params=params, timeout=120)
			with lock:
				latencies.append((time.perf_counter() - started) * 1000)
				counts["writes"] += bool(write and response.ok)
				counts["errors"] += not response.ok


if __name__ == "__main__":
	main()
