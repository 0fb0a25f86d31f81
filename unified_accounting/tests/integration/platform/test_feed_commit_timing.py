"""The change feed is exact whatever the commit timing: an event whose transaction commits long after its
change rows were written is still seen by a live follower, after the events that committed before it;
and one request reads a bounded part of the log, however little of it the caller may see."""

import base64
import json
import threading
import time

import frappe

from unified_accounting.services.changes import feed as feed_service
from unified_accounting.services.changes.log import DOCTYPE, insert_rows
from unified_accounting.services.changes.sequence import request_sequencing
from unified_accounting.tests.support.site import SITE, SITES_PATH
from unified_accounting.tests.support.utils import (
	ApiClient,
	ensure_api_user,
	ensure_company,
	sequenced,
	user_permission,
)
from unified_accounting.tests.support.write_fixtures import first_company, new_customer

FEED = "unified_accounting.api.changes.list_changes"
DELAY_SECONDS = 10


def customer_body(label: str) -> dict:
	return {
		"doctype": "Customer",
		"customer_name": f"UA Late {label} {frappe.generate_hash(length=6)}",
		"customer_group": "All Customer Groups",
		"territory": "All Territories",
	}


def cursor_position(cursor: str) -> int:
	"""The feed position a cursor holds (its payload is plain JSON; the signature is not checked here)."""
	body = cursor.partition(".")[0]
	return int(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))["k"][0])


def slow_commit(written: threading.Event, outcome: dict) -> None:
	"""Insert a Customer in a transaction whose commit comes DELAY_SECONDS after its change rows were
	written: a slow before-commit step registered after the feed's own (an fsync stall, a lock wait)."""
	frappe.init(site=SITE, sites_path=SITES_PATH)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		outcome["name"] = frappe.get_doc(customer_body("slow")).insert().name

		def stall():
			outcome["change_id"] = frappe.db.sql(
				f"select max(name) from `tab{DOCTYPE}` where record_id = %s", outcome["name"]
			)[0][0]
			written.set()
			time.sleep(DELAY_SECONDS)

		frappe.db.before_commit.add(stall)
		frappe.db.commit()
		outcome["committed_at"] = time.monotonic()
	finally:
		frappe.destroy()


def test_an_event_that_commits_late_reaches_a_live_follower_in_commit_order(api, sequencer):
	sequenced()
	cursor = api.get(FEED, {"since": "now", "resources": "contacts"}).json["next_cursor"]
	written, late = threading.Event(), {}
	writer = threading.Thread(target=slow_commit, args=(written, late))
	writer.start()
	assert written.wait(30), "the slow transaction never wrote its change rows"
	# Meanwhile other writers commit at once, with change ids after the late one's.
	quick = [new_customer(f"UA Quick {label}") for label in ("a", "b", "c")]

	events, deadline = [], time.monotonic() + DELAY_SECONDS + 60
	while time.monotonic() < deadline:  # a live follower, polling every 0.3 s
		page = api.get(FEED, {"since": cursor, "resources": "contacts", "limit": 50}).json
		events += page["result"]
		cursor = page["next_cursor"]
		if late.get("name") in {e["record_id"] for e in events}:
			break
		time.sleep(0.3)
	writer.join()

	ids = {e["record_id"]: e for e in events if e["change"] == "created"}
	assert late["name"] in ids, "the late commit's event was skipped"
	assert all(name in ids for name in quick)
	assert int(ids[late["name"]]["id"]) == late["change_id"]  # the event keeps the id it was written with
	assert all(int(ids[name]["id"]) > late["change_id"] for name in quick)  # the late one really was late
	order = [e["record_id"] for e in events]
	assert order.index(late["name"]) > max(order.index(name) for name in quick)  # commit order
	assert len(events) == len({(e["record_id"], e["change"]) for e in events})  # nothing twice


def test_one_request_reads_a_bounded_part_of_a_log_the_caller_cannot_see(api, sequencer):
	"""A user restricted to one company asks for one event; the log ahead of them holds only another
	company's tombstones, more than SCAN_ROWS of them: each request reads at most SCAN_ROWS rows and
	answers an empty page whose cursor continues after what it read."""
	other = ensure_company("UA Second Company", "UA2")
	user = ensure_api_user("ua-feed-bounded@example.com", ["Accounts User"])
	client = ApiClient(SITE, user.token)
	rows = feed_service.SCAN_ROWS * 2 + 100
	sequenced()
	with user_permission(user.name, "Company", first_company()):
		start = client.get(FEED, {"since": "now", "resources": "accounts"}).json["next_cursor"]
		batch = frappe.generate_hash(length=16)
		fields = ("creation", "modified", "owner", "modified_by", "docstatus", "batch")
		fields += ("resource", "change", "ref_doctype", "record_id", "company")
		now = frappe.utils.now_datetime()
		head = (now, now, "Administrator", "Administrator", 0, batch, "accounts", "deleted", "Account")
		insert_rows(DOCTYPE, fields, [(*head, f"UA gone {i}", other) for i in range(rows)])
		frappe.db.commit()
		request_sequencing()  # what a writer's commit does (these rows bypass the change buffer)
		try:
			sequenced()
			positions, cursor = [], start
			for _request in range(3):
				response = client.get(FEED, {"since": cursor, "resources": "accounts", "limit": 1})
				assert response.status == 200, response.body
				assert response.json["result"] == []
				cursor = response.json["next_cursor"]
				positions.append(cursor_position(cursor))
			first = cursor_position(start)
			read = [
				frappe.db.count(DOCTYPE, {"resource": "accounts", "seq": ("between", (a + 1, b))})
				for a, b in zip([first, *positions], positions, strict=False)
			]
			assert all(0 < rows_read <= feed_service.SCAN_ROWS for rows_read in read[:2]), read
			assert positions[-1] >= first + rows  # three bounded requests walked past all of it
		finally:
			frappe.db.delete(DOCTYPE, {"batch": batch})
			frappe.db.commit()
