"""Webhooks hardened, end to end on the test site with a real RQ worker and real receivers on 127.0.0.1:
internal targets refused (at subscription and at delivery), caps on bytes, time and subscriptions,
Standard Webhooks signatures checked by the off-the-shelf verifier, 410 and Retry-After, deliveries
skipped for a disabled user or a switched-off API or resource, no secret kept by idempotency, and a
delivery log that names only what the subscription's user may read."""

import base64
import email.utils
import json
import time

import pytest
from standardwebhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

import frappe

from unified_accounting.inputs import JournalEntryCreate
from unified_accounting.services.ledger.journal_writes import create_journal_entry
from unified_accounting.services.platform.idempotency import DOCTYPE as IDEMPOTENCY
from unified_accounting.services.platform.idempotency import key_name
from unified_accounting.services.webhooks import delivery as webhook_delivery
from unified_accounting.services.webhooks import http as webhook_http
from unified_accounting.services.webhooks.outbox import DELIVERY, WEBHOOK
from unified_accounting.services.webhooks.subscriptions import MAX_SUBSCRIPTIONS_PER_USER
from unified_accounting.services.webhooks.targets import RefusedTarget, Target, resolve
from unified_accounting.signatures import HEADER, verify
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import (
	ApiClient,
	ensure_api_user,
	private_webhook_targets,
	save_settings,
	user_permission,
)
from unified_accounting.tests.support.webhook_fixtures import HOOKS, deliveries, new_customer, settled
from unified_accounting.tests.support.webhook_receiver import dripping, endless, wait_for

pytestmark = pytest.mark.usefixtures("allow_local_receivers")

INTERNAL_TARGETS = (
	"http://127.0.0.1:8000/hook",
	"http://localhost/hook",
	"https://127.1/hook",  # shorthand for 127.0.0.1: judged by the resolved address, not the text
	"http://2130706433/hook",  # 127.0.0.1 as one number
	"http://10.0.0.8/hook",
	"http://172.16.5.4/hook",
	"http://192.168.1.10/hook",
	"http://[::1]/hook",
	"http://[::ffff:127.0.0.1]/hook",
	"http://[fd12:3456::1]/hook",
	"http://169.254.169.254/latest/meta-data/",
	"http://[fd00:ec2::254]/latest/meta-data/",
	"http://169.254.10.10/hook",
	"http://[fe80::1]/hook",
	"http://0.0.0.0/hook",
	"http://[::]/hook",
	"http://224.0.0.251/hook",
	"http://[ff02::1]/hook",
	"http://100.64.0.1/hook",  # carrier-grade NAT: not public either
)


@pytest.fixture(scope="module")
def admin():
	"""An API client for a System Manager (who may subscribe on another user's behalf)."""
	user = ensure_api_user("ua-hook-admin@example.com", ["System Manager", "Accounts Manager"])
	return ApiClient(SITE, user.token)


def first_attempt(webhook: str) -> list:
	return wait_for(lambda: [d for d in deliveries(webhook) if d.attempts >= 1])


def test_internal_targets_are_refused_at_subscription_without_the_site_opt_in(api, admin, subscribe):
	with private_webhook_targets(False):
		for url in INTERNAL_TARGETS:
			refused = api.post(f"{HOOKS}.create_webhook", {"target_url": url, "events": ["*"]})
			assert (refused.status, refused.json["error"]["type"]) == (400, "invalid_request"), url
			assert [d["field"] for d in refused.json["error"]["details"]] == ["target_url"], url
			assert "address" in refused.json["error"]["details"][0]["message"], url
		# Desk's form save runs the same validation (Frappe's error shape there, the same status).
		doc = {"doctype": WEBHOOK, "target_url": "http://169.254.169.254/", "events": "*"}
		saved = admin.run_in_thread(
			"POST",
			"/api/method/frappe.desk.form.save.savedocs",
			{
				"headers": {"Accept": "application/json", "Authorization": f"token {admin.token}"},
				"data": {"doc": json.dumps(doc), "action": "Save"},
			},
			False,
		)
		assert saved.status == 400 and "target_url" in json.dumps(saved.body), saved.body
		assert "cloud metadata" in json.dumps(saved.body)
		# A public address, and a name that does not resolve yet (checked again at every delivery), pass.
		for url in ("https://1.1.1.1/hook", "https://hooks.example.invalid/hook"):
			assert subscribe(url, ["contacts.deleted"])["target_url"] == url
	assert not frappe.db.exists(WEBHOOK, {"target_url": ("in", INTERNAL_TARGETS)})


def test_a_delivery_checks_the_address_it_connects_to(api, worker, receiver, subscribe):
	"""The subscription passed (the site allowed private targets then); the address is checked again at
	delivery, so a name re-pointed at an internal address (DNS rebinding) is not reached either."""
	hook = subscribe(receiver.url, ["contacts.created"])
	with private_webhook_targets(False):
		new_customer("Rebound")
		first = first_attempt(hook["id"])
	assert first[0].status == "Pending" and first[0].last_status_code == 0
	assert first[0].last_error == "RefusedTarget: 127.0.0.1: loopback address"
	assert receiver.requests == []


def test_a_delivery_connects_to_the_resolved_address_and_names_the_host(receiver):
	# A name that no resolver knows: the request can only have reached the receiver through the pinned
	# address, and it carries the name in its Host header (TLS would use it for SNI and the certificate).
	name = "hooks.ua-test.invalid"
	target = Target("http", name, receiver.port, "127.0.0.1", f"{name}:{receiver.port}", "/hook?x=1")
	answer = webhook_http.post(target, b"{}", {"Content-Type": "application/json"})
	assert answer.status == 200 and answer.excerpt == '{"received": true}'
	assert receiver.requests[0]["headers"]["Host"] == f"{name}:{receiver.port}"
	assert resolve(receiver.url).address == "127.0.0.1"  # allowed: this module's opt-in
	with private_webhook_targets(False), pytest.raises(RefusedTarget, match="loopback"):
		resolve(f"http://localhost:{receiver.port}/hook")


def test_answers_are_read_up_to_a_cap_and_cut_at_the_time_limit(worker, receiver, subscribe):
	receiver.reply = endless  # an answer that never ends: the delivery still finishes
	hook = subscribe(receiver.url, ["contacts.created"])
	new_customer("Endless")
	done = wait_for(lambda: deliveries(hook["id"], status="Delivered"))
	assert done and done[0].response_excerpt == "x" * webhook_http.EXCERPT_BYTES
	assert webhook_http.EXCERPT_BYTES == 4096 and webhook_http.READ_LIMIT == 65536
	assert done[0].last_latency_ms < webhook_http.TOTAL_SECONDS * 1000
	# A byte every 0.2 s never trips a socket timeout; the total time limit cuts it (here 1.5 s, not 10).
	receiver.reply = dripping
	started = time.monotonic()
	with pytest.raises(webhook_http.DeliveryTimeout):
		webhook_http.post(resolve(receiver.url), b"{}", {}, total=1.5)
	assert time.monotonic() - started < 3


def test_a_user_has_at_most_twenty_subscriptions(api, api_user, receiver, subscribe):
	assert MAX_SUBSCRIPTIONS_PER_USER == 20
	room = MAX_SUBSCRIPTIONS_PER_USER - frappe.db.count(WEBHOOK, {"user": api_user.name})
	extra = [
		frappe.get_doc(
			{"doctype": WEBHOOK, "target_url": receiver.url, "events": "*", "status": "Paused"}
			| {"user": api_user.name}
		).insert()
		for _ in range(room - 1)
	]
	frappe.db.commit()
	try:
		subscribe(receiver.url, ["contacts.deleted"])  # the twentieth
		over = api.post(f"{HOOKS}.create_webhook", {"target_url": receiver.url, "events": ["*"]})
		assert (over.status, over.json["error"]["type"]) == (422, "validation_error"), over.body
		assert [d["field"] for d in over.json["error"]["details"]] == ["user"]
	finally:
		for doc in extra:
			frappe.delete_doc(WEBHOOK, doc.name, force=True)
		frappe.db.commit()


def test_deliveries_verify_with_the_standardwebhooks_package(worker, receiver, subscribe):
	hook = subscribe(receiver.url, ["contacts.created"])
	secret = hook["secret"]
	assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
	new_customer("Standard")
	assert wait_for(lambda: receiver.requests)
	request = receiver.requests[0]
	event = StandardWebhook(secret).verify(request["body"], request["headers"])
	assert request["headers"]["webhook-id"] == event["id"] == request["headers"]["X-Unified-Event-Id"]
	assert request["headers"]["webhook-signature"].startswith("v1,")
	assert verify(secret, request["headers"][HEADER], request["body"], int(time.time()))  # the old header
	with pytest.raises(WebhookVerificationError):
		StandardWebhook(secret).verify(request["body"] + b" ", request["headers"])
	with pytest.raises(WebhookVerificationError):
		StandardWebhook("whsec_" + base64.b64encode(b"k" * 32).decode()).verify(
			request["body"], request["headers"]
		)

	# A secret made before Standard Webhooks (whsec_ + 32 hex characters) signs both headers verifiably.
	old = "whsec_" + frappe.generate_hash(length=32)
	doc = frappe.get_doc(WEBHOOK, hook["id"])
	doc.secret = old
	doc.save()
	frappe.db.commit()
	new_customer("Old Secret")
	assert wait_for(lambda: len(receiver.requests) == 2)
	request = receiver.requests[1]
	assert StandardWebhook(old).verify(request["body"], request["headers"])["id"]
	assert verify(old, request["headers"][HEADER], request["body"], int(time.time()))


def test_a_410_pauses_at_once_and_the_delivery_waits_for_reactivation(worker, receiver, subscribe):
	receiver.status = 410
	hook = subscribe(receiver.url, ["contacts.created"])
	new_customer("Gone")
	assert wait_for(lambda: frappe.db.get_value(WEBHOOK, hook["id"], "status") == "Paused")
	row = deliveries(hook["id"])[0]
	assert (row.status, row.attempts, row.last_status_code, row.next_attempt_at) == ("Pending", 1, 410, None)
	assert "410 Gone" in frappe.db.get_value(WEBHOOK, hook["id"], "paused_reason")
	assert len(receiver.requests) == 1  # no retries while paused

	receiver.status = 200
	doc = frappe.get_doc(WEBHOOK, hook["id"])
	doc.status = "Active"  # the receiver is back: the held delivery goes out
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	assert wait_for(lambda: deliveries(hook["id"], status="Delivered"))
	assert len(receiver.requests) == 2


def test_retry_after_on_429_and_503_sets_the_next_attempt(worker, receiver, subscribe):
	receiver.status, receiver.headers = 429, {"Retry-After": "3600"}
	hook = subscribe(receiver.url, ["contacts.created"])
	new_customer("Busy")
	first = first_attempt(hook["id"])[0]
	wait = (first.next_attempt_at - first.last_attempt_at).total_seconds()
	assert 3600 - 2 <= wait <= 3600 + 2  # not the first backoff step (about a minute)

	# 503 with an HTTP date two hours ahead, on the second attempt (made due now).
	later = email.utils.formatdate(time.time() + 7200, usegmt=True)
	receiver.status, receiver.headers = 503, {"Retry-After": later}
	frappe.db.set_value(DELIVERY, first.name, "next_attempt_at", frappe.utils.now_datetime())
	frappe.db.commit()
	webhook_delivery.retry_due()
	frappe.db.commit()
	second = wait_for(lambda: [d for d in deliveries(hook["id"]) if d.attempts >= 2])[0]
	wait = (second.next_attempt_at - second.last_attempt_at).total_seconds()
	assert (second.last_status_code, second.status) == (503, "Pending")
	assert 7200 - 5 <= wait <= 7200 + 2  # not the second backoff step (about five minutes)


def test_nothing_is_sent_for_a_disabled_user_or_a_switched_off_api_or_resource(
	worker, receiver, settings, books
):
	user = ensure_api_user("ua-hook-disabled@example.com", ["Accounts Manager", "Accounts User"])
	hook = frappe.get_doc(
		{
			"doctype": WEBHOOK,
			"target_url": receiver.url,
			"events": "contacts.*\njournal_entries.*",
			"user": user.name,
		}
	).insert()
	frappe.db.commit()

	def skipped_with(reason: str) -> None:
		rows = wait_for(lambda: settled(hook.name))
		assert [(row.status, row.last_error) for row in rows[-1:]] == [("Skipped", reason)]

	try:
		frappe.db.set_value("User", user.name, "enabled", 0)
		frappe.db.commit()
		new_customer("Disabled User")
		skipped_with(f"The subscription's user {user.name} is disabled.")
		frappe.db.set_value("User", user.name, "enabled", 1)

		save_settings(enabled=0)
		new_customer("API Off")
		skipped_with("Unified Accounting is disabled in Unified Accounting Settings.")

		save_settings(enabled=1, enable_journal_entries=0)
		lines = [{"account_id": books["expense"], "debit": 10}, {"account_id": books["cash"], "credit": 10}]
		body = {"company": books["company"], "memo": "UA hook switched off", "lines": lines}
		create_journal_entry(JournalEntryCreate.model_validate(body))
		frappe.db.commit()
		skipped_with("The journal_entries resource is disabled in Unified Accounting Settings.")
		# Contacts have no switch: with the API on again they are delivered.
		customer = new_customer("Back On")
		assert wait_for(lambda: deliveries(hook.name, status="Delivered"))
		assert [e["record_id"] for e in receiver.events()] == [customer]
	finally:
		frappe.db.rollback()
		frappe.db.set_value("User", user.name, "enabled", 1)
		frappe.db.delete(DELIVERY, {"webhook": hook.name})
		frappe.delete_doc(WEBHOOK, hook.name, force=True)
		frappe.db.commit()


def test_an_idempotent_create_neither_stores_nor_replays_the_secret(api, api_user, receiver):
	key = f"ua-hook-{frappe.generate_hash(length=10)}"
	body = {"target_url": receiver.url, "events": ["contacts.deleted"]}
	first = api.post(f"{HOOKS}.create_webhook", body, headers={"Idempotency-Key": key})
	assert first.status == 201, first.body
	created = first.json["result"]
	try:
		assert created["secret"].startswith("whsec_")
		stored = frappe.db.get_value(IDEMPOTENCY, key_name(api_user.name, key), "response_body")
		assert created["secret"] not in stored and json.loads(stored)["result"]["secret"] is None
		again = api.post(f"{HOOKS}.create_webhook", body, headers={"Idempotency-Key": key})
		assert again.status == 201 and again.headers.get("Idempotent-Replayed") == "true"
		assert again.json["result"] == {**created, "secret": None}
		assert frappe.db.count(WEBHOOK, {"target_url": receiver.url}) == 1
	finally:
		frappe.delete_doc(WEBHOOK, created["id"], force=True)
		frappe.db.commit()


def test_the_delivery_log_names_only_what_the_subscription_user_may_read(admin, worker, receiver, subscribe):
	restricted = ensure_api_user("ua-hook-restricted@example.com", ["Accounts User"])
	seen = new_customer("Log Seen")
	hidden = None
	with user_permission(restricted.name, "Customer", seen):
		try:
			hook = subscribe(receiver.url, ["contacts.*"], client=admin, user=restricted.name)
			# This process cached the subscriptions at the customer's insert; a request starts afresh.
			frappe.set_user("Administrator")
			hidden = new_customer("Log Hidden")
			frappe.get_doc("Customer", seen).update({"customer_details": "seen"}).save()
			frappe.db.commit()
			rows = wait_for(
				lambda: (r := settled(hook["id"])) and {"Skipped", "Delivered"} <= {x.status for x in r} and r
			)
			assert rows, deliveries(hook["id"])
			log = admin.get(f"{HOOKS}.list_deliveries", {"webhook_id": hook["id"]}).json["result"]
			by_status = {d["status"]: d for d in log}
			assert set(by_status) == {"skipped", "delivered"}
			assert (by_status["skipped"]["record_id"], by_status["skipped"]["change"]) == (None, None)
			assert (by_status["delivered"]["record_id"], by_status["delivered"]["change"]) == (
				seen,
				"updated",
			)
			assert hidden not in json.dumps(log)
			only = admin.get(f"{HOOKS}.list_deliveries", {"webhook_id": hook["id"], "status": "skipped"})
			assert [d["record_id"] for d in only.json["result"]] == [None]
		finally:
			for name in filter(None, (seen, hidden)):
				frappe.delete_doc("Customer", name, force=True)
			frappe.db.commit()
