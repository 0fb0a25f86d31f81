"""Against a real running server (gunicorn, several workers): parallel requests with one Idempotency-Key
produce exactly one document."""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

import frappe

from unified_accounting.tests.conftest import SITE, SITES_PATH

CREATE = "/api/method/unified_accounting.api.accounts.create_account"


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
	"""gunicorn serving the test site on a loopback port for the duration of this module."""
	port = free_port()
	gunicorn = Path(sys.executable).with_name("gunicorn")
	process = subprocess.Popen(
		[
			str(gunicorn),
			"--bind",
			f"127.0.0.1:{port}",
			"--workers",
			"4",
			"--timeout",
			"120",
			"frappe.app:application",
		],
		cwd=SITES_PATH,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		env={**os.environ, "SITES_PATH": SITES_PATH},
	)
	url = f"http://127.0.0.1:{port}"
	deadline = time.monotonic() + 60
	while time.monotonic() < deadline:
		try:
			if requests.get(f"{url}/api/method/ping", headers={"Host": SITE}, timeout=15).ok:
				break
		except requests.RequestException:
			time.sleep(0.3)
	else:
		process.terminate()
		pytest.fail("gunicorn did not start")
	yield url
	process.terminate()
	process.wait(timeout=30)


def test_parallel_requests_with_one_key_make_one_account(server, api_user):
	parent = frappe.db.get_value(
		"Account", {"is_group": 1, "root_type": "Asset", "parent_account": ("is", "set")}
	)
	name = f"UA Race {frappe.generate_hash(length=6)}"
	key = frappe.generate_hash()
	headers = {"Host": SITE, "Authorization": f"token {api_user.token}", "Idempotency-Key": key}

	def post(_):
		return requests.post(
			server + CREATE, json={"name": name, "parent_account_id": parent}, headers=headers, timeout=120
		)

	try:
		with ThreadPoolExecutor(max_workers=8) as pool:
			responses = list(pool.map(post, range(8)))
		frappe.db.rollback()
		assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
		assert len({r.json()["result"]["id"] for r in responses}) == 1
		assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 7
		assert frappe.db.count("Account", {"account_name": name}) == 1
	finally:
		for account in frappe.get_all("Account", filters={"account_name": name}, pluck="name"):
			frappe.delete_doc("Account", account, force=True, ignore_permissions=True)
		frappe.db.commit()
