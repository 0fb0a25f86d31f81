"""Test helpers (not tests): a real HTTP receiver on 127.0.0.1 and a real RQ worker (`bench worker`)."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import frappe

from unified_accounting.tests.support.site import SITES_PATH


class Receiver:
	"""Records every POST (headers, raw body) and answers `status`. Can be stopped and started again on
	the same port, to play a receiver that is down for a while."""

	def __init__(self, port: int | None = None):
		self.port = port or free_port()
		self.status = 200
		self.headers: dict[str, str] = {}  # sent with every answer, e.g. Retry-After
		# The answer's body: bytes, or a callable writing it (endless or slow answers).
		self.reply = b'{"received": true}'
		self.requests: list[dict] = []
		self.server = None

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}/hook"

	def start(self) -> "Receiver":
		receiver = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self):
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
				receiver.requests.append({"headers": dict(self.headers), "body": body})
				self.send_response(receiver.status)
				for name, value in receiver.headers.items():
					self.send_header(name, value)
				self.end_headers()
				try:
					if callable(receiver.reply):
						receiver.reply(self.wfile)
					else:
						self.wfile.write(receiver.reply)
				except OSError:
					pass  # the sender stopped reading (its byte cap or its time limit)

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self

	def stop(self) -> None:
		if self.server:
			self.server.shutdown()
			self.server.server_close()
			self.server = None

	def events(self) -> list[dict]:
		return [json.loads(request["body"]) for request in self.requests]


def endless(wfile) -> None:
	"""An answer that never ends (until the sender hangs up)."""
	while True:
		wfile.write(b"x" * 8192)


def dripping(wfile) -> None:
	"""An answer that never ends, a byte at a time, each well within any socket timeout."""
	while True:
		wfile.write(b"x")
		wfile.flush()
		time.sleep(0.2)


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class Worker:
	"""`bench worker` for the short queue (where deliveries go), as bench runs it (jobs name their site), stopped by its pid."""

	def __init__(self):
		self.process = None

	def start(self) -> "Worker":
		self.process = subprocess.Popen(
			[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "short"],
			cwd=SITES_PATH,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			env={**os.environ},
		)
		return self

	def stop(self) -> None:
		if self.process and self.process.poll() is None:
			self.process.terminate()
			try:
				self.process.wait(timeout=20)
			except subprocess.TimeoutExpired:
				self.process.kill()
				self.process.wait()


def wait_for(condition, timeout: float = 30, interval: float = 0.3):
	"""Poll `condition` (reading committed data: a fresh snapshot each time) until it returns truthy."""
	deadline = time.monotonic() + timeout
	while True:
		frappe.db.rollback()
		value = condition()
		if value or time.monotonic() > deadline:
			return value
		time.sleep(interval)


def queue_idle() -> bool:
	"""Nothing waiting or running on the short queue (where delivery jobs go)."""
	from rq.registry import StartedJobRegistry

	from frappe.utils.background_jobs import get_queue

	queue = get_queue("short")
	return queue.count == 0 and StartedJobRegistry(queue=queue).count == 0
