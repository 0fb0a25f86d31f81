"""The change feed over HTTP: every change once, deletions as tombstones, permissions, retention, the mirror
recipe; and the pure rules behind it."""

import datetime

import pytest

import frappe
from frappe.utils import add_days, now_datetime

from unified_accounting.mappers.changes import changes_of_save, coalesce, matches, parse_event_patterns
from unified_accounting.services.changes import feed as feed_service
from unified_accounting.services.changes.records import tombstone_readable
from unified_accounting.signatures import signature_header, verify
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import (
	ApiClient,
	ensure_api_user,
	private_webhook_targets,
	sequenced,
	user_permission,
)
from unified_accounting.tests.support.write_fixtures import accounts, accounts_settings, first_company

FEED = "unified_accounting.api.changes.list_changes"
JE = "unified_accounting.api.journal_entries"


# -- pure rules -------------------------------------------------------------------------------------------


def test_a_save_means_one_change():
	assert changes_of_save(True, "save", 0, "Sales Invoice") == ["created"]
	assert changes_of_save(True, "submit", 1, "Sales Invoice") == ["created", "submitted"]
	assert changes_of_save(True, "submit", 1, "GL Entry") == ["created"]
	assert changes_of_save(False, "submit", 1, "Journal Entry") == ["submitted"]
	assert changes_of_save(False, "cancel", 2, "Journal Entry") == ["cancelled"]
	assert changes_of_save(False, None, 1, "Sales Invoice") == ["updated"]  # db_set on a loaded document


def test_changes_in_one_transaction_coalesce():
	pending = []
	for change in ("updated", "submitted", "updated", "submitted"):
		pending = coalesce(pending, change)
	assert pending == ["submitted"]
	assert coalesce(coalesce(["created"], "updated"), "deleted") == ["created", "deleted"]
	assert coalesce([], "updated") == ["updated"]


def test_event_patterns():
	patterns, invalid = parse_event_patterns(
		"invoices.created, payments.*\n*.deleted\nfoo.bar\ninvoices.paid"
	)
	assert invalid == ["foo.bar", "invoices.paid"]
	assert matches(patterns, "invoices", "created") and matches(patterns, "payments", "cancelled")
	assert matches(patterns, "contacts", "deleted") and not matches(patterns, "invoices", "updated")
	assert matches(parse_event_patterns("*")[0], "accounts", "updated")


def test_signature_verifies_and_refuses_tampering_and_stale_timestamps():
	body = b'{"id":"1"}'
	header = signature_header("whsec_x", 1_700_000_000, body)
	assert verify("whsec_x", header, body, 1_700_000_100)
	assert not verify("whsec_x", header, b'{"id":"2"}', 1_700_000_100)
	assert not verify("whsec_y", header, body, 1_700_000_100)
	assert not verify("whsec_x", header, body, 1_700_000_000 + 301)


def test_tombstones_are_judged_by_their_stored_company_party_and_cost_center():
	"""Frappe's User Permission rules on the stored values (real metadata: which fields are Links)."""
	row = frappe._dict(
		ref_doctype="Sales Invoice",
		record_id="SINV-GONE",
		company="Co A",
		party_type="Customer",
		party="Cust A",
		cost_center="CC A",
	)
	only = lambda allow, doc, applicable_for=None: {allow: [{"doc": doc, "applicable_for": applicable_for}]}  # noqa: E731
	assert tombstone_readable(row, {})
	assert tombstone_readable(row, only("Company", "Co A"))
	assert not tombstone_readable(row, only("Company", "Co B"))
	assert tombstone_readable(row, only("Company", "Co B", applicable_for="Purchase Invoice"))
	assert not tombstone_readable(row, only("Customer", "Cust B"))
	assert not tombstone_readable(row, only("Cost Center", "CC B"))
	# Payment Entry's party is a Dynamic Link, which Frappe's User Permissions do not restrict.
	payment = frappe._dict(row, ref_doctype="Payment Entry")
	assert tombstone_readable(payment, only("Customer", "Cust B"))
	assert not tombstone_readable(
		frappe._dict(row, ref_doctype="Customer", record_id="Cust A"), only("Customer", "Cust B")
	)


# -- over HTTP --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _sequencer(sequencer):
	"""Every test here reads the feed, whose positions the sequencer job gives on a real worker."""


def position(api, **filters) -> str:
	"""A cursor at the end of the feed now."""
	sequenced()
	response = api.get(FEED, {"since": "now", **filters})
	assert response.status == 200, response.body
	return response.json["next_cursor"]


def follow(api, cursor: str, **filters) -> list[dict]:
	"""Every event after `cursor`, page by page, once the sequencer has numbered what is committed."""
	sequenced()
	events = []
	while True:
		response = api.get(FEED, {"since": cursor, "limit": 20, **filters})
		assert response.status == 200, response.body
		events += response.json["result"]
		cursor = response.json["next_cursor"]
		if len(response.json["result"]) < 20:
			return events


def of(events: list[dict], record_id: str) -> list[str]:
	return [e["change"] for e in events if e["record_id"] == record_id]


@pytest.fixture(scope="module")
def books():
	company = first_company()
	return {"company": company, **accounts(company)}


def journal(api, books, **extra) -> str:
	body = {
		"lines": [{"account_id": books["expense"], "debit": 10}, {"account_id": books["cash"], "credit": 10}],
		**extra,
	}
	response = api.post(f"{JE}.create_journal_entry", body)
	assert response.status == 201, response.body
	return response.json["result"]["id"]


def test_every_change_appears_once_including_deletions(api, books):
	started_at = now_datetime().isoformat()  # a timestamp serves any filters; a cursor only its own
	start = position(api, resources="journal_entries")
	entry = journal(api, books)
	assert api.post(f"{JE}.update_journal_entry", {"id": entry, "memo": "second"}).status == 200
	assert api.post(f"{JE}.submit_journal_entry", {"id": entry}).status == 200
	assert api.post(f"{JE}.cancel_journal_entry", {"id": entry}).status == 200
	posted = journal(api, books, submit=True)
	draft = journal(api, books)
	with accounts_settings(delete_linked_ledger_entries=1):
		assert api.post(f"{JE}.delete_journal_entry", {"id": entry}).status == 200
	frappe.delete_doc("Journal Entry", draft, delete_permanently=True)  # no Deleted Document row
	frappe.db.commit()
	assert not frappe.db.exists(
		"Deleted Document", {"deleted_doctype": "Journal Entry", "deleted_name": draft}
	)

	events = follow(api, start, resources="journal_entries")
	assert of(events, entry) == ["created", "updated", "submitted", "cancelled", "deleted"]
	assert of(events, posted) == ["created", "submitted"]
	assert of(events, draft) == ["created", "deleted"]
	by_id = {e["record_id"]: e for e in events if e["change"] == "submitted"}
	assert by_id[posted]["record"]["posting_status"] == "posted" and by_id[entry]["record"] is None
	assert all(e["resource"] == "journal_entries" and e["record_type"] == "Journal Entry" for e in events)
	assert [int(e["id"]) for e in events] == sorted(int(e["id"]) for e in events)
	assert all(e["occurred_at"] for e in events)

	# The same stream, narrowed: by change, by company, and the ledger lines only when asked for.
	deletions = follow(api, started_at, resources="journal_entries", changes="deleted")
	assert {e["record_id"] for e in deletions} >= {entry, draft} and {e["change"] for e in deletions} == {
		"deleted"
	}
	same_company = follow(api, started_at, resources="journal_entries", company=books["company"])
	# From a timestamp, events sequenced around it may come again (docs/sync.md): rows an earlier,
	# interrupted session left unsequenced, of documents whose names the naming series gave out again
	# after a delete. Those all precede `start`; from it on, both streams are the same.
	first = int(events[0]["id"])
	ours = lambda stream: [  # noqa: E731
		e["id"] for e in stream if e["record_id"] in (entry, posted, draft) and int(e["id"]) >= first
	]
	assert ours(same_company) == ours(events)
	ledger = follow(api, started_at, resources="transactions")
	lines = [e for e in ledger if e["record"] and e["record"]["underlying_transaction"]["id"] == posted]
	assert len(lines) == 2 and {e["change"] for e in lines} == {"created"}


def test_a_restricted_user_sees_only_records_they_may_read_even_once_deleted(api):
	restricted = ensure_api_user("ua-feed-restricted@example.com", ["Accounts User"])
	as_restricted = ApiClient(SITE, restricted.token)
	start = position(api, resources="contacts")
	seen = customer("Seen")
	with user_permission(restricted.name, "Customer", seen):
		hidden = customer("Hidden")
		for name in (seen, hidden):
			frappe.delete_doc("Customer", name, force=True)  # force: the User Permission links to it
		frappe.db.commit()
		mine = follow(as_restricted, start, resources="contacts")
		everything = follow(api, start, resources="contacts")
	assert of(mine, seen) == ["created", "deleted"] and of(mine, hidden) == []
	assert of(everything, hidden) == ["created", "deleted"]


def test_an_expired_position_is_410_gone(api):
	start = position(api, resources="contacts")
	name = customer("Old")
	retention = frappe.db.get_single_value("Unified Accounting Settings", "change_retention_days") or 30
	sequenced()  # the purge drops numbered rows only
	# Age the event past the retention instead of waiting that many days, then run the daily purge.
	frappe.db.sql(
		"update `tabUnified Accounting Change` set creation = %s where record_id = %s",
		(add_days(now_datetime(), -retention - 1), name),
	)
	with private_webhook_targets():
		hook = frappe.get_doc(
			{
				"doctype": "Unified Accounting Webhook",
				"target_url": "http://127.0.0.1:9/x",
				"events": "*",
				"status": "Paused",
			}
		).insert()
	old = add_days(now_datetime(), -retention - 1)
	finished, pending = (
		frappe.get_doc(
			{
				"doctype": "Unified Accounting Webhook Delivery",
				"webhook": hook.name,
				"event_id": "1",
				"status": status,
			}
		).insert(ignore_permissions=True)
		for status in ("Delivered", "Pending")
	)
	frappe.db.sql(
		"update `tabUnified Accounting Webhook Delivery` set creation = %s where webhook = %s",
		(old, hook.name),
	)
	feed_service.purge_expired()
	frappe.db.commit()
	assert not frappe.db.exists("Unified Accounting Change", {"record_id": name})
	assert not frappe.db.exists("Unified Accounting Webhook Delivery", finished.name)
	assert frappe.db.exists("Unified Accounting Webhook Delivery", pending.name)  # still owed
	frappe.db.delete("Unified Accounting Webhook Delivery", {"webhook": hook.name})
	frappe.delete_doc("Unified Accounting Webhook", hook.name, force=True)
	frappe.db.commit()
	for since in (start, (now_datetime() - datetime.timedelta(days=retention + 2)).isoformat()):
		response = api.get(FEED, {"since": since, "resources": "contacts"})
		assert (response.status, response.json["error"]["type"]) == (410, "gone")
		assert "resync" in response.json["error"]["message"].lower()
	assert api.get(FEED, {"resources": "contacts"}).status == 200


def test_a_rename_is_the_old_id_deleted_and_the_new_id_created(api):
	"""Renames change ids (update_account does, when ERPNext allows it; Desk renames customers)."""
	start = position(api, resources="contacts")
	old_id = customer("Rename")
	new_id = frappe.rename_doc("Customer", old_id, old_id + " B")
	frappe.db.commit()
	events = follow(api, start, resources="contacts")
	assert of(events, old_id) == ["created", "deleted"] and of(events, new_id) == ["created"]
	assert next(e for e in events if e["record_id"] == new_id)["record"]["id"] == new_id


def test_bad_filters_and_foreign_cursors_are_400(api):
	response = api.get(FEED, {"resources": "invoices,widgets", "changes": "exploded"})
	assert response.status == 400
	assert {d["field"] for d in response.json["error"]["details"]} == {"resources", "changes"}
	cursor = position(api, resources="contacts")
	response = api.get(FEED, {"since": cursor, "resources": "invoices"})
	assert (response.status, response.json["error"]["type"]) == (400, "invalid_cursor")


def test_a_mirror_built_by_the_recipe_ends_exact(api):
	"""docs/sync.md: take a position, page the resource in full, then apply the feed from there."""
	since = position(api, resources="contacts")
	doomed, kept = customer("Doomed"), customer("Kept")
	mirror, cursor = {}, None
	while True:  # the full sync, while changes keep happening
		params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
		page = api.get("unified_accounting.api.contacts.list_contacts", params).json
		mirror.update({(c["type"], c["id"]): c for c in page["result"]})
		if not (cursor := page["next_cursor"]):
			break
	frappe.db.set_value("Customer", kept, "customer_name", "Kept, renamed")
	frappe.get_doc("Customer", kept).save()
	frappe.delete_doc("Customer", doomed)
	frappe.db.commit()
	for event in follow(api, since, resources="contacts"):
		key = ("customer" if event["record_type"] == "Customer" else "supplier", event["record_id"])
		if event["change"] == "deleted":
			mirror.pop(key, None)
		elif event["record"]:
			mirror[key] = event["record"]
	assert ("customer", doomed) not in mirror
	assert mirror[("customer", kept)]["name"] == "Kept, renamed"


def customer(label: str) -> str:
	return write_fixtures.new_customer(f"UA Feed {label}")


def test_a_page_renders_each_record_as_its_getter_does_in_a_fixed_number_of_queries(api, books):
	"""Events carry exactly what get_<resource> answers, and a page's records are read per resource in
	one batch: rendering 3 journal entries and 3 customers costs the queries that 1 of each costs."""
	from unified_accounting.services.changes.log import DOCTYPE, EVENT_FIELDS
	from unified_accounting.services.changes.records import to_events, visible_rows
	from unified_accounting.tests.support.utils import count_queries

	start = position(api)
	entries = [journal(api, books, submit=True) for _ in range(3)]
	customers = [customer(f"Batch {i}") for i in range(3)]
	events = follow(api, start)
	getters = {
		"Journal Entry": ("journal_entries.get_journal_entry", {}),
		"Customer": ("contacts.get_contact", {"type": "customer"}),
	}
	compared = 0
	for event in events:
		if event["record_id"] in (*entries, *customers) and event["record"] is not None:
			path, extra = getters[event["record_type"]]
			got = api.get(f"unified_accounting.api.{path}", {"id": event["record_id"], **extra})
			assert got.json["result"] == event["record"], event["record_id"]
			compared += 1
	assert compared >= 6

	def rendered(names: list[str]) -> tuple[int, list[dict]]:
		rows = frappe.get_all(
			DOCTYPE, filters={"record_id": ("in", names)}, fields=list(EVENT_FIELDS), order_by="seq asc"
		)
		visible = visible_rows(rows)
		with count_queries() as queries:
			page = to_events(visible)
		return queries.count, page

	one, _ = rendered([entries[0], customers[0]])
	three, page = rendered([*entries, *customers])
	assert {e["record_id"] for e in page} == {*entries, *customers}
	assert three == one, (one, three)


def test_the_sequencer_sweep_and_the_feed_purge_are_scheduled():
	"""What the site's scheduler runs: the minutely sequencer sweep (the net under lost jobs) and the
	daily purge, among app jobs that all resolve to functions."""
	events = frappe.get_hooks("scheduler_events", app_name="unified_accounting")
	minutely = events["cron"]["* * * * *"]
	assert "unified_accounting.services.changes.sequence.sequence_changes" in minutely
	assert "unified_accounting.services.changes.feed.purge_expired" in events["daily"]
	ours = [m for jobs in (events["daily"], *events["cron"].values()) for m in jobs]
	assert all(callable(frappe.get_attr(method)) for method in ours)
