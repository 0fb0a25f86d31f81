"""Webhooks end to end: changes made over HTTP reach a real receiver on 127.0.0.1 through a real RQ worker,
signed, once each, after commit; retries, pausing, replay and payloads shaped by the subscription's user."""

import json
import time
from urllib.parse import urlencode

import pytest

import frappe

from unified_accounting.services.webhooks import delivery as webhook_delivery
from unified_accounting.services.webhooks.outbox import DELIVERY, WEBHOOK
from unified_accounting.signatures import HEADER, verify
from unified_accounting.tests.support.utils import ensure_api_user, user_permission
from unified_accounting.tests.support.webhook_fixtures import (
	HOOKS,
	INV,
	deliveries,
	invoice_body,
	new_customer,
	settled,
)
from unified_accounting.tests.support.webhook_receiver import Receiver, free_port, queue_idle, wait_for
from unified_accounting.tests.support.write_fixtures import accounts_settings

# The receivers listen on 127.0.0.1: these tests run with the site's opt-in for private targets.
pytestmark = pytest.mark.usefixtures("allow_local_receivers")


def test_lifecycle_is_delivered_once_each_signed_in_order(api, books, worker, receiver, subscribe):
	hook = subscribe(receiver.url, ["invoices.*"])
	assert hook["secret"].startswith("whsec_") and hook["status"] == "active"
	created = api.post(f"{INV}.create_invoice", invoice_body(books))
	assert created.status == 201, created.body
	invoice = created.json["result"]["id"]
	mine = lambda: [e for e in receiver.events() if e["record_id"] == invoice]  # noqa: E731
	# Payloads carry the record as it is at delivery: wait for this one while the invoice still exists.
	assert wait_for(mine) and mine()[0]["record"]["id"] == invoice
	assert api.post(f"{INV}.update_invoice", {"id": invoice, "memo": "changed"}).status == 200
	assert api.post(f"{INV}.submit_invoice", {"id": invoice}).status == 200
	assert api.post(f"{INV}.cancel_invoice", {"id": invoice}).status == 200
	with accounts_settings(delete_linked_ledger_entries=1):
		assert api.post(f"{INV}.delete_invoice", {"id": invoice}).status == 200

	assert wait_for(lambda: len(mine()) >= 5), receiver.events()
	time.sleep(0.5)  # nothing more should arrive
	events = mine()
	assert [e["change"] for e in events] == ["created", "updated", "submitted", "cancelled", "deleted"]
	assert events[-1]["record"] is None
	for request in receiver.requests:
		assert verify(hook["secret"], request["headers"][HEADER], request["body"], int(time.time()))
		assert request["headers"]["X-Unified-Event-Id"] == json.loads(request["body"])["id"]
	assert not verify(
		"whsec_wrong", receiver.requests[0]["headers"][HEADER], receiver.requests[0]["body"], int(time.time())
	)
	log = api.get(f"{HOOKS}.list_deliveries", {"webhook_id": hook["id"], "status": "delivered"})
	assert log.status == 200 and len(log.json["result"]) == len(receiver.requests) == 5
	assert [d["event_id"] for d in log.json["result"]][::-1] == [e["id"] for e in events]
	logged = deliveries(hook["id"])
	assert {row.status for row in logged} == {"Delivered"} and all(row.attempts == 1 for row in logged)
	assert all(row.last_status_code == 200 and row.last_latency_ms is not None for row in logged)


def test_failed_or_dry_run_request_emits_nothing(api, books, worker, receiver, subscribe):
	hook = subscribe(receiver.url, ["*"])
	before = frappe.db.count("Unified Accounting Change")
	bad = api.post(
		f"{INV}.create_invoice",
		invoice_body(
			books, line_items=[{"name": "X", "unit_price": 1, "account_id": "No Such Account"}], submit=True
		),
	)
	assert bad.status >= 400, bad.body
	dry = api.post(f"{INV}.create_invoice", invoice_body(books, submit=True, dry_run=True))
	assert dry.status == 201, dry.body
	time.sleep(1)
	frappe.db.rollback()
	assert frappe.db.count("Unified Accounting Change") == before
	assert deliveries(hook["id"]) == [] and receiver.requests == []


def test_receiver_down_gets_the_delivery_after_it_comes_back_in_order(api, worker, subscribe):
	port = free_port()  # nothing listens here yet: connection refused
	hook = subscribe(f"http://127.0.0.1:{port}/hook", ["contacts.*"])
	created = new_customer("Down")
	first = wait_for(lambda: [d for d in deliveries(hook["id"]) if d.attempts >= 1])
	assert first and first[0].status == "Pending" and "ConnectionRefusedError" in first[0].last_error
	wait = (first[0].next_attempt_at - first[0].last_attempt_at).total_seconds()
	assert 60 * 0.8 - 1 <= wait <= 60 * 1.2 + 1  # first backoff step, with jitter
	frappe.get_doc("Customer", created).update({"customer_details": "changed while down"}).save()
	frappe.db.commit()
	assert wait_for(queue_idle)  # the worker has run the job the update enqueued
	later = deliveries(hook["id"])[1]
	assert (later.change, later.status, later.attempts) == ("updated", "Pending", 0)  # held back: order

	receiver = Receiver(port).start()
	try:
		# The backoff is a minute: instead of waiting, make the retry due now and run the scheduler's job
		# (retry_due is what the every-minute scheduler event calls); the real worker delivers.
		frappe.db.set_value(DELIVERY, first[0].name, "next_attempt_at", frappe.utils.now_datetime())
		frappe.db.commit()
		webhook_delivery.retry_due()
		frappe.db.commit()
		done = wait_for(lambda: [d for d in deliveries(hook["id"]) if d.status == "Delivered"][1:])
		assert [d.attempts for d in deliveries(hook["id"])] == [2, 1]
		assert [r["headers"]["X-Unified-Attempt"] for r in receiver.requests] == ["2", "1"]
		assert [(e["record_id"], e["change"]) for e in receiver.events()] == [
			(created, "created"),
			(created, "updated"),
		]
		assert done
	finally:
		receiver.stop()


def test_failing_subscription_is_paused_then_replay_delivers(api, worker, receiver, subscribe):
	receiver.status = 500
	hook = subscribe(receiver.url, ["contacts.created"])
	new_customer("Failing")
	first = wait_for(lambda: [d for d in deliveries(hook["id"]) if d.attempts >= 1])
	assert first[0].last_status_code == 500 and first[0].response_excerpt == '{"received": true}'
	# Skip the 39 hours of backoff: this is the last attempt, due now.
	frappe.db.set_value(
		DELIVERY,
		first[0].name,
		{"attempts": webhook_delivery.MAX_ATTEMPTS - 1, "next_attempt_at": frappe.utils.now_datetime()},
	)
	frappe.db.commit()
	webhook_delivery.retry_due()
	frappe.db.commit()
	assert wait_for(lambda: frappe.db.get_value(WEBHOOK, hook["id"], "status") == "Paused")
	assert deliveries(hook["id"])[0].status == "Failed"
	assert frappe.db.exists("Notification Log", {"document_type": WEBHOOK, "document_name": hook["id"]})

	receiver.status = 200
	doc = frappe.get_doc(WEBHOOK, hook["id"])
	doc.status = "Active"  # what the admin does in Desk once the receiver is fixed
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	replayed = api.post(f"{HOOKS}.replay_delivery", {"id": str(first[0].name)})
	assert replayed.status == 201, replayed.body
	new = replayed.json["result"]
	assert new["replay_of"] == str(first[0].name) and new["event_id"] == str(first[0].event_id)
	assert wait_for(lambda: frappe.db.get_value(DELIVERY, new["id"], "status") == "Delivered")
	assert receiver.requests[-1]["headers"]["X-Unified-Event-Id"] == str(first[0].event_id)
	# Desk's Replay button posts the same method from the browser (form data, not a JSON body).
	again = post_form(api, f"{HOOKS}.replay_delivery", {"id": new["id"]})
	assert again.status == 201, again.body
	assert wait_for(
		lambda: frappe.db.get_value(DELIVERY, again.json["result"]["id"], "status") == "Delivered"
	)
	assert [r["headers"]["X-Unified-Event-Id"] for r in receiver.requests[-2:]] == [
		str(first[0].event_id)
	] * 2


def test_payloads_hold_only_what_the_subscription_user_may_read(worker, receiver):
	restricted = ensure_api_user("ua-hook-restricted@example.com", ["Accounts User"])
	seen, hidden = new_customer("Seen"), None
	with user_permission(restricted.name, "Customer", seen):
		# A System Manager (here Administrator) may create a subscription that runs as another user.
		hook = frappe.get_doc(
			{"doctype": WEBHOOK, "target_url": receiver.url, "events": "contacts.*", "user": restricted.name}
		).insert()
		frappe.db.commit()
		try:
			hidden = new_customer("Hidden")
			frappe.db.set_value("Customer", seen, "customer_details", "seen")
			frappe.get_doc("Customer", seen).save()
			frappe.db.commit()
			for name in (hidden, seen):
				frappe.delete_doc("Customer", name, force=True)  # force: the User Permission links to it
			frappe.db.commit()
			assert wait_for(lambda: settled(hook.name))
			by_record = {}
			for row in deliveries(hook.name):
				by_record.setdefault(row.record_id, set()).add(row.status)
			assert by_record == {hidden: {"Skipped"}, seen: {"Delivered"}}
			assert {(e["record_id"], e["change"]) for e in receiver.events()} == {
				(seen, "updated"),
				(seen, "deleted"),
			}
		finally:
			frappe.db.delete(DELIVERY, {"webhook": hook.name})
			frappe.delete_doc(WEBHOOK, hook.name, force=True)
			frappe.db.commit()


def post_form(api, method: str, data: dict):
	"""POST as Desk's frappe.call does: form-encoded, not JSON."""
	kwargs = {
		"headers": {"Accept": "application/json", "Authorization": f"token {api.token}"},
		"data": urlencode(data),
		"content_type": "application/x-www-form-urlencoded",
	}
	return api.run_in_thread("POST", f"/api/method/{method}", kwargs, True)


def test_subscriptions_are_validated_listed_and_deleted(api, receiver, subscribe):
	bad = api.post(
		f"{HOOKS}.create_webhook",
		{"target_url": "ftp://example.com/x", "events": ["invoices.created", "widgets.*", "invoices.paid"]},
	)
	assert (bad.status, bad.json["error"]["type"]) == (400, "invalid_request")
	assert [d["field"] for d in bad.json["error"]["details"]] == ["events", "events", "target_url"]
	other = api.post(
		f"{HOOKS}.create_webhook", {"target_url": receiver.url, "events": ["*"], "user": "Administrator"}
	)
	assert (other.status, other.json["error"]["type"]) == (403, "permission_denied")
	hook = subscribe(receiver.url, ["payments.*", "*.deleted"], description="mine")
	assert hook["company"] is None  # none given: every company (not the site's default company)
	listed = api.get(f"{HOOKS}.list_webhooks").json["result"]
	mine = [h for h in listed if h["id"] == hook["id"]]
	assert mine and mine[0]["events"] == ["payments.*", "*.deleted"] and mine[0]["secret"] is None
	deleted = api.post(f"{HOOKS}.delete_webhook", {"id": hook["id"]})
	assert deleted.status == 200 and deleted.json["result"] == {"id": hook["id"], "deleted": True}
	assert not frappe.db.exists(WEBHOOK, hook["id"])
	assert api.post(f"{HOOKS}.delete_webhook", {"id": hook["id"]}).status == 404
