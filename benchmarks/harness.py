"""Benchmark plumbing: the bench user, a gunicorn server on a loopback port, worker memory sampling, the
table printer. Used by run.py (side-by-side measurements) and scaling.py (throughput per worker count)."""

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

import frappe

BENCH_USER = "ua-bench@example.com"


def prepare(site: str) -> str:
	"""A non-admin Accounts Manager with fresh API keys: both sides pay ERPNext's permission checks."""
	frappe.init(site=site, sites_path=os.getcwd())
	frappe.connect()
	from frappe.utils.password import get_decrypted_password

	if not frappe.db.exists("User", BENCH_USER):
		frappe.get_doc(
			{"doctype": "User", "email": BENCH_USER, "first_name": "Bench", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", BENCH_USER)
	user.add_roles("Accounts Manager", "Accounts User")
	if not user.api_key:
		user.api_key = frappe.generate_hash(length=15)
		user.api_secret = frappe.generate_hash(length=15)
		user.save(ignore_permissions=True)
	frappe.db.commit()
	return f"{user.api_key}:{get_decrypted_password('User', BENCH_USER, 'api_secret')}"


class Server:
	"""gunicorn serving the site on a free loopback port; its worker's memory is sampled while it runs."""

	def __init__(self, site: str, workers: int):
		with socket.socket() as s:
			s.bind(("127.0.0.1", 0))
			port = s.getsockname()[1]
		gunicorn = Path(sys.executable).with_name("gunicorn")
		self.process = subprocess.Popen(
			[
				str(gunicorn),
				"-b",
				f"127.0.0.1:{port}",
				"-w",
				str(workers),
				"-t",
				"600",
				"frappe.app:application",
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		self.url = f"http://127.0.0.1:{port}"
		for _ in range(120):
			try:
				if requests.get(self.url + "/api/method/ping", headers={"Host": site}, timeout=10).ok:
					return
			except requests.RequestException:
				time.sleep(0.5)
		raise SystemExit("gunicorn did not start")

	def workers(self) -> list[psutil.Process]:
		return psutil.Process(self.process.pid).children()

	def stop(self) -> None:
		self.process.terminate()
		self.process.wait(timeout=30)


class PeakMemory:
	"""Peak RSS of the server's workers while the block runs (sampled every 20 ms)."""

	def __init__(self, processes: list[psutil.Process]):
		self.processes, self.peak, self.running = processes, 0, True
		self.thread = threading.Thread(target=self.sample, daemon=True)

	def sample(self) -> None:
		while self.running:
			self.peak = max(self.peak, sum(p.memory_info().rss for p in self.processes))
			time.sleep(0.02)

	def __enter__(self):
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.running = False
		self.thread.join()


def questions() -> int:
	frappe.db.rollback()
	return int(frappe.db.sql("show global status like 'Questions'")[0][1])


def row(key, label, ours, native, queries=None, lower_is_better=False) -> dict:
	ours_median, native_median = statistics.median(ours), statistics.median(native)
	return {
		"key": key,
		"label": label,
		"ours": f"{ours_median:.1f} (p95 {p95(ours):.1f})",
		"native": f"{native_median:.1f} (p95 {p95(native):.1f})",
		"ratio": ours_median / native_median if lower_is_better else native_median / ours_median,
		"note": f"{queries} SQL queries per request" if queries is not None else "",
	}


def ratio_row(key, label, deep, first) -> dict:
	return {
		"key": key,
		"label": label,
		"ours": f"{statistics.median(deep):.1f} ms deep",
		"native": f"{statistics.median(first):.1f} ms first",
		"ratio": statistics.median(deep) / statistics.median(first),
		"note": "",
	}


def p95(values: list[float]) -> float:
	return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def print_table(rows: list[dict], targets: dict, title: str) -> None:
	print(f"\n{title} - {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB")
	print("\n| measurement | ours | native / reference | ratio | target | met | notes |")
	print("| --- | --- | --- | --- | --- | --- | --- |")
	for r in rows:
		target = targets.get(r["key"])
		met = (
			""
			if not target
			else (
				"yes" if (r["ratio"] >= target[1] if target[0] == ">=" else r["ratio"] <= target[1]) else "NO"
			)
		)
		shown = f"{target[0]} {target[1]}" if target else ""
		print(
			f"| {r['label']} | {r['ours']} | {r['native']} | {r['ratio']:.2f}x | {shown} | {met} | {r['note']} |"
		)
	sys.stdout.flush()
