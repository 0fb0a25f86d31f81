"""Batch creates over HTTP: per-item savepoints and idempotency keys, results in order, all_or_nothing."""

import pytest

import frappe

from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.write_fixtures import SUPPLIER

BASE = "unified_accounting.api.batch"


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


def purchase(books, memo: str, **extra) -> dict:
	lines = [{"name": f"Line {i}", "unit_price": 10 + i, "account_id": books["expense"]} for i in range(5)]
	return {"type": "accounts_payable", "contact_id": SUPPLIER, "memo": memo, "line_items": lines, **extra}


def invoices_with(memo: str) -> list[dict]:
	return frappe.get_all(
		"Purchase Invoice", filters={"remarks": memo}, fields=["name", "docstatus", "grand_total"]
	)


def test_each_item_has_its_own_result_in_order_and_failed_items_leave_nothing(api, books):
	memo = f"UA batch {frappe.generate_hash(length=8)}"
	bad = purchase(books, memo, submit=True)
	bad["line_items"][0]["account_id"] = "No Such Account - X"
	items = [purchase(books, memo, submit=True), bad, purchase(books, memo), {"type": "accounts_payable"}]
	response = api.post(f"{BASE}.create_invoices", {"items": items})
	assert response.status == 200, response.body
	outcomes = response.json["result"]
	assert [(o["index"], o["status"]) for o in outcomes] == [(0, 201), (1, 400), (2, 201), (3, 400)]
	assert outcomes[0]["result"]["posting_status"] == "posted" and outcomes[0]["error"] is None
	assert outcomes[2]["result"]["posting_status"] == "draft"
	assert [d["field"] for d in outcomes[1]["error"]["details"]] == ["line_items[0].account_id"]
	assert {d["field"] for d in outcomes[3]["error"]["details"]} == {"contact_id", "line_items"}
	stored = {row.name: row for row in invoices_with(memo)}
	assert set(stored) == {outcomes[0]["result"]["id"], outcomes[2]["result"]["id"]}
	assert (
		stored[outcomes[0]["result"]["id"]].docstatus == 1
		and stored[outcomes[0]["result"]["id"]].grand_total == 60
	)


def test_a_validation_failure_inside_erpnext_rolls_back_only_that_item(api, books):
	started = frappe.utils.now_datetime()
	memo = f"UA batch {frappe.generate_hash(length=8)}"
	closed = purchase(books, memo, submit=True, issue_date="2001-01-01", due_date="2001-01-01")
	response = api.post(f"{BASE}.create_invoices", {"items": [closed, purchase(books, memo, submit=True)]})
	first, second = response.json["result"]
	assert first["status"] == 422 and first["error"]["type"] == "validation_error", first
	assert second["status"] == 201
	assert [row.name for row in invoices_with(memo)] == [second["result"]["id"]]
	# the change feed records the created invoice once, and nothing of the rolled-back one
	changes = frappe.get_all(
		"Unified Accounting Change",
		filters={"ref_doctype": "Purchase Invoice", "creation": (">=", started)},
		fields=["record_id", "change"],
	)
	assert {c.record_id for c in changes} == {second["result"]["id"]}, changes


def test_all_or_nothing_rolls_every_item_back_and_names_the_failed_one(api, books):
	memo = f"UA batch {frappe.generate_hash(length=8)}"
	bad = purchase(books, memo, submit=True)
	bad["line_items"][2]["account_id"] = "No Such Account - X"
	items = [purchase(books, memo, submit=True), purchase(books, memo), bad]
	response = api.post(f"{BASE}.create_invoices", {"items": items, "all_or_nothing": True})
	assert response.status == 400, response.body
	error = response.json["error"]
	assert error["type"] == "invalid_request" and error["message"].startswith("items[2] failed")
	assert error["details"][0]["field"] == "items[2].line_items[2].account_id"
	assert invoices_with(memo) == []
	good = api.post(f"{BASE}.create_invoices", {"items": items[:2], "all_or_nothing": True}).json["result"]
	assert [o["status"] for o in good] == [201, 201] and len(invoices_with(memo)) == 2


def test_item_keys_replay_per_item_and_are_shared_with_the_single_endpoint(api, books):
	memo = f"UA batch {frappe.generate_hash(length=8)}"
	key = f"ua-batch-{frappe.generate_hash(length=10)}"
	bad = {**purchase(books, memo, submit=True), "contact_id": "Nobody Ltd", "idempotency_key": f"{key}-b"}
	items = [{**purchase(books, memo, submit=True), "idempotency_key": f"{key}-a"}, bad]
	first = api.post(f"{BASE}.create_invoices", {"items": items}).json["result"]
	assert [o["status"] for o in first] == [201, 400]
	bad["contact_id"] = SUPPLIER  # the failed item's key was not kept: fixed, it is created now
	again = api.post(f"{BASE}.create_invoices", {"items": items}).json["result"]
	assert again[0]["idempotent_replayed"] and again[0]["result"] == first[0]["result"]
	assert again[1]["status"] == 201 and not again[1]["idempotent_replayed"]
	assert len(invoices_with(memo)) == 2
	single = api.post(
		"unified_accounting.api.invoices.create_invoice",
		{k: v for k, v in items[0].items() if k != "idempotency_key"},
		headers={"Idempotency-Key": f"{key}-a"},
	)
	assert single.headers.get("Idempotent-Replayed") == "true"
	assert single.json["result"]["id"] == first[0]["result"]["id"]
	reused = {**purchase(books, memo), "idempotency_key": f"{key}-a"}
	assert api.post(f"{BASE}.create_invoices", {"items": [reused]}).json["result"][0]["status"] == 422
	assert len(invoices_with(memo)) == 2


def test_batch_body_is_validated_as_a_whole(api, books):
	too_many = {"items": [purchase(books, "x")] * 101}
	error = api.post(f"{BASE}.create_invoices", too_many).json["error"]
	assert (error["status"], error["details"][0]["field"]) == (400, "items")
	error = api.post(f"{BASE}.create_invoices", {"items": [], "colour": 1}).json["error"]
	assert {d["field"] for d in error["details"]} == {"items", "colour"}


def test_journal_entries_and_payments_in_batches(api, books):
	memo = f"UA batch {frappe.generate_hash(length=8)}"
	entry = {
		"memo": memo,
		"submit": True,
		"lines": [
			{"account_id": books["expense"], "debit": 25},
			{"account_id": books["cash"], "credit": 25},
		],
	}
	unbalanced = {**entry, "lines": [entry["lines"][0], {"account_id": books["cash"], "credit": 5}]}
	outcomes = api.post(f"{BASE}.create_journal_entries", {"items": [entry, unbalanced]}).json["result"]
	assert [o["status"] for o in outcomes] == [201, 422], outcomes
	assert frappe.db.count("Journal Entry", {"user_remark": memo}) == 1
	payment = {
		"type": "accounts_payable",
		"contact_id": SUPPLIER,
		"total_amount": 12,
		"account_id": books["cash"],
		"memo": memo,
	}
	bad = {**payment, "total_amount": -1}
	outcomes = api.post(f"{BASE}.create_payments", {"items": [payment, bad]}).json["result"]
	assert [o["status"] for o in outcomes] == [201, 400], outcomes
	assert outcomes[1]["error"]["details"][0]["field"] == "total_amount"
	assert frappe.db.exists("Payment Entry", outcomes[0]["result"]["id"])
