"""Real web servers for tests (not tests): gunicorn serving the test site on loopback ports, as a
production web host does (`frappe.app:application`)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from unified_accounting.tests.support.site import SITE, SITES_PATH


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextmanager
def gunicorn(workers: int) -> Iterator[str]:
	"""One web host: its own gunicorn master and workers on a free loopback port; yields its base URL."""
	port = free_port()
	process = subprocess.Popen(
		[
			str(Path(sys.executable).with_name("gunicorn")),
			*("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120"),
			"frappe.app:application",
		],
		cwd=SITES_PATH,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		env={**os.environ, "SITES_PATH": SITES_PATH},
	)
	url = f"http://127.0.0.1:{port}"
	try:
		deadline = time.monotonic() + 60
		while time.monotonic() < deadline:
			try:
				if requests.get(f"{url}/api/method/ping", headers={"Host": SITE}, timeout=15).ok:
					break
			except requests.RequestException:
				time.sleep(0.3)
		else:
			pytest.fail("gunicorn did not start")
		yield url
	finally:
		process.terminate()
		process.wait(timeout=30)
