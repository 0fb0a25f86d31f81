"""Two web hosts (two gunicorn masters with their own workers, as on two machines) in front of one MariaDB
and one Redis: a client may land on either for any request, because no state lives in a web process."""

import orjson
import pytest
import requests

import frappe

from unified_accounting.tests.support.servers import gunicorn
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import save_settings

API = "/api/method/unified_accounting.api"


@pytest.fixture(scope="module")
def hosts():
	with gunicorn(2) as first, gunicorn(2) as second:
		yield first, second


def headers(api_user, **extra) -> dict:
	return {"Host": SITE, "Authorization": f"token {api_user.token}", **extra}


def test_a_write_retried_on_the_other_host_is_replayed_not_repeated(hosts, api_user):
	first, second = hosts
	parent = frappe.db.get_value(
		"Account", {"is_group": 1, "root_type": "Asset", "parent_account": ("is", "set")}
	)
	name = f"UA Two Hosts {frappe.generate_hash(length=6)}"
	body = {"name": name, "parent_account_id": parent}
	sent = headers(api_user, **{"Idempotency-Key": frappe.generate_hash()})
	try:
		created = requests.post(f"{first}{API}.accounts.create_account", json=body, headers=sent, timeout=60)
		retried = requests.post(f"{second}{API}.accounts.create_account", json=body, headers=sent, timeout=60)
		assert (created.status_code, retried.status_code) == (201, 201), retried.text
		assert retried.headers.get("Idempotent-Replayed") == "true"
		assert retried.json() == created.json()
		account = created.json()["result"]["id"]
		read = requests.get(
			f"{second}{API}.accounts.get_account",
			params={"id": account},
			headers=headers(api_user),
			timeout=60,
		)
		assert read.json()["result"] == created.json()["result"]
		frappe.db.rollback()
		assert frappe.db.count("Account", {"account_name": name}) == 1
	finally:
		for account in frappe.get_all("Account", filters={"account_name": name}, pluck="name"):
			frappe.delete_doc("Account", account, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_the_rate_limit_budget_is_shared_by_the_hosts(hosts, api_user, settings):
	first, second = hosts
	frappe.cache.delete(frappe.cache.make_key(f"unified_accounting:rate_limit:{api_user.name}"))
	# One request a minute after the burst: however slowly cold workers answer, none refills the bucket.
	save_settings(rate_limit_per_minute=1, rate_limit_burst=3)
	try:
		answers = [
			requests.get(f"{host}{API}.meta.capabilities", headers=headers(api_user), timeout=60)
			for host in (first, second, first, second)
		]
	finally:
		save_settings(rate_limit_per_minute=0)
		frappe.cache.delete(frappe.cache.make_key(f"unified_accounting:rate_limit:{api_user.name}"))
	assert [a.status_code for a in answers] == [200, 200, 200, 429]
	assert [a.headers["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]


def test_an_export_started_on_one_host_continues_on_the_other(hosts, api_user):
	from unified_accounting.tests.support.write_fixtures import ensure_ledger_rows

	ensure_ledger_rows(12)  # two pages of 5 and more, whatever ran before (a fresh site may have fewer)
	first, second = hosts
	auth = headers(api_user)
	stream = requests.get(f"{first}{API}.exports.stream_transactions", {"limit": 5}, headers=auth, timeout=60)
	cursor = stream.headers["Next-Cursor"]
	rest = requests.get(
		f"{second}{API}.exports.stream_transactions", {"limit": 5, "cursor": cursor}, headers=auth, timeout=60
	)
	whole = requests.get(
		f"{second}{API}.exports.export_transactions", {"limit": 10}, headers=auth, timeout=60
	)
	lines = [orjson.loads(line) for line in (stream.content + rest.content).splitlines()]
	assert len(lines) == 10 and lines == whole.json()["result"]
