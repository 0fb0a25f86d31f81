"""Against a real running server (gunicorn, several workers): parallel requests with one Idempotency-Key
produce exactly one document."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import frappe

from unified_accounting.tests.support.servers import gunicorn
from unified_accounting.tests.support.site import SITE

CREATE = "/api/method/unified_accounting.api.accounts.create_account"


@pytest.fixture(scope="module")
def server():
	"""gunicorn serving the test site on a loopback port for the duration of this module."""
	with gunicorn(4) as url:
		yield url


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
