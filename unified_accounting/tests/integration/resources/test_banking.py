"""Banking over HTTP: a bank account, a statement pushed in (kept once per transaction_id), and a line
reconciled against a payment with ERPNext's own reconciliation, checked against ERPNext's Bank
Transaction amounts, status and the payment's clearance date; bad input leaves nothing."""

import pytest

import frappe

from unified_accounting.schemas import BankAccount, BankTransaction, BankTransactionBatchItem, MatchCandidate
from unified_accounting.tests.support.write_fixtures import books as write_books
from unified_accounting.tests.support.write_fixtures import new_customer

API = "unified_accounting.api"
BT = f"{API}.bank_transactions"
LEDGER = "UA Bank Feed"


@pytest.fixture(scope="module")
def bank(api_user):
	"""A Bank-type ledger account of the first company and, over HTTP, a Bank Account on it."""
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient

	made = write_books()
	abbr = frappe.get_cached_value("Company", made["company"], "abbr")
	name = f"{LEDGER} {frappe.generate_hash(length=6)}"  # ERPNext allows one bank account per ledger account
	ledger = f"{name} - {abbr}"
	if not frappe.db.exists("Account", ledger):
		parent = frappe.db.get_value("Account", made["cash"], "parent_account")
		account = {"account_name": name, "company": made["company"], "parent_account": parent}
		frappe.get_doc({"doctype": "Account", **account, "account_type": "Bank"}).insert(
			ignore_permissions=True
		)
	if not frappe.db.exists("Bank", "UA First Bank"):
		frappe.get_doc({"doctype": "Bank", "bank_name": "UA First Bank"}).insert(ignore_permissions=True)
	frappe.db.commit()
	body = {
		"name": f"Operating {frappe.generate_hash(length=6)}",
		"bank": "UA First Bank",
		"account_id": ledger,
		"account_number": "1234567890",
		"iban": "DE89 3704 0044 0532 0130 00",
	}
	created = ApiClient(SITE, api_user.token).post(f"{API}.bank_accounts.create_bank_account", body)
	assert created.status == 201, created.body
	return {**made, "ledger": ledger, "bank_account": created.json["result"]}


def tid() -> str:
	return f"ua-{frappe.generate_hash(length=10)}"


def push(api, bank, lines: list[dict]):
	response = api.post(
		f"{BT}.create_bank_transactions", {"bank_account_id": bank["bank_account"]["id"], "lines": lines}
	)
	assert response.status == 200, response.body
	return response.json["result"]


def test_a_bank_account_shows_masked_numbers_its_ledger_and_balance(api, bank):
	account = bank["bank_account"]
	assert list(account) == list(BankAccount.__annotations__)
	assert (account["account_number"], account["iban"]) == ("******7890", "******************3000")
	assert (account["account_id"], account["currency"], account["is_company_account"]) == (
		bank["ledger"],
		"USD",
		True,
	)
	assert account["company"] == bank["company"] and account["status"] == "active"
	from erpnext.accounts.utils import get_balance_on

	assert account["balance"] == get_balance_on(account=bank["ledger"], in_account_currency=True)
	listed = api.get(f"{API}.bank_accounts.list_bank_accounts", {"account_id": bank["ledger"]}).json["result"]
	assert account["id"] in {a["id"] for a in listed}
	bad = api.post(
		f"{API}.bank_accounts.create_bank_account",
		{"name": "X", "bank": "UA First Bank", "account_id": bank["expense"]},
	)
	assert bad.status == 400 and bad.json["error"]["details"][0]["field"] == "account_id"


def test_a_statement_is_kept_once_per_transaction_id(api, bank):
	first, second = tid(), tid()
	lines = [
		{
			"transaction_date": frappe.utils.today(),
			"amount": 120.5,
			"description": "ACME",
			"transaction_id": first,
		},
		{
			"transaction_date": frappe.utils.today(),
			"withdrawal": 12.5,
			"description": "FEE",
			"transaction_id": second,
		},
	]
	before = frappe.db.count("Bank Transaction")
	results = push(api, bank, lines)
	assert [r["status"] for r in results] == [201, 201]
	assert all(set(r) == set(BankTransactionBatchItem.__annotations__) for r in results)
	line = results[0]["result"]
	assert list(line) == list(BankTransaction.__annotations__)
	assert (line["amount"], line["status"], line["unallocated_amount"], line["transaction_id"]) == (
		120.5,
		"unreconciled",
		120.5,
		first,
	)
	assert results[1]["result"]["amount"] == -12.5
	stored = frappe.db.get_value("Bank Transaction", line["id"], ["deposit", "docstatus", "status"])
	assert stored == (120.5, 1, "Unreconciled")
	again = push(api, bank, [*lines, {**lines[0], "amount": 99}])
	assert [r["status"] for r in again[:2]] == [200, 200]
	assert [r["result"]["id"] for r in again[:2]] == [line["id"], results[1]["result"]["id"]]
	assert again[2]["status"] == 409 and line["id"] in again[2]["error"]["message"]
	assert frappe.db.count("Bank Transaction") == before + 2


def test_bad_lines_are_refused_one_by_one_and_leave_nothing(api, bank):
	before = frappe.db.count("Bank Transaction")
	today = frappe.utils.today()
	results = push(
		api,
		bank,
		[
			{"transaction_date": today, "amount": 5, "currency": "EUR", "transaction_id": tid()},
			{"transaction_date": today, "amount": 5, "deposit": 5},
			{"transaction_date": today, "amount": 0},
			{"transaction_date": today, "deposit": 7, "transaction_id": tid()},
		],
	)
	assert [r["status"] for r in results] == [400, 400, 400, 201]
	assert [d["field"] for d in results[0]["error"]["details"]] == ["lines[0].currency"]
	assert results[1]["error"]["details"][0]["field"] == "lines[1].amount"
	assert frappe.db.count("Bank Transaction") == before + 1


def received(api, bank, amount: float, reference: str) -> str:
	customer = new_customer("UA Bank Payer")
	body = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": amount,
		"account_id": bank["ledger"],
		"reference": reference,
		"submit": True,
	}
	response = api.post(f"{API}.payments.create_payment", body)
	assert response.status == 201, response.body
	return response.json["result"]["id"]


def test_a_line_is_matched_to_its_payment_and_released_again(api, bank):
	reference = f"WIRE-{frappe.generate_hash(length=6)}"
	payment = received(api, bank, 290, reference)
	(pushed,) = push(
		api,
		bank,
		[
			{
				"transaction_date": frappe.utils.today(),
				"amount": 290,
				"reference": reference,
				"transaction_id": tid(),
			}
		],
	)
	line = pushed["result"]["id"]
	suggested = api.get(f"{BT}.suggest_matches", {"id": line})
	assert suggested.status == 200, suggested.body
	best = suggested.json["result"][0]
	assert set(best) == set(MatchCandidate.__annotations__)
	assert (best["related_object_type"], best["related_object_id"]) == ("payment", payment)
	assert {"reference", "amount"} <= set(best["reasons"]) and best["rank"] >= 3
	body = {"id": line, "matches": [{"related_object_type": "payment", "related_object_id": payment}]}
	dry = api.post(f"{BT}.reconcile_bank_transaction", {**body, "dry_run": True})
	assert dry.status == 200 and dry.json["result"]["status"] == "reconciled", dry.body
	assert frappe.db.get_value("Payment Entry", payment, "clearance_date") is None
	response = api.post(f"{BT}.reconcile_bank_transaction", body)
	assert response.status == 200, response.body
	result = response.json["result"]
	assert (result["status"], result["allocated_amount"], result["unallocated_amount"]) == (
		"reconciled",
		290,
		0,
	)
	assert [(m["related_object_id"], m["allocated_amount"]) for m in result["matches"]] == [(payment, 290)]
	assert frappe.db.get_value("Bank Transaction", line, ["status", "allocated_amount"]) == (
		"Reconciled",
		290,
	)
	cleared = frappe.db.get_value("Payment Entry", payment, "clearance_date")
	assert str(cleared) == result["transaction_date"] == result["matches"][0]["cleared_on"]
	as_payment = api.get(f"{API}.payments.get_payment", {"id": payment}).json["result"]
	assert as_payment["cleared_on"] == result["transaction_date"]
	account = api.get(f"{API}.bank_accounts.get_bank_account", {"id": bank["bank_account"]["id"]}).json[
		"result"
	]
	assert account["last_reconciled_on"] == result["transaction_date"]
	again = api.post(f"{BT}.reconcile_bank_transaction", body)
	assert again.status == 409, again.body
	released = api.post(f"{BT}.unreconcile_bank_transaction", {"id": line})
	assert released.status == 200 and released.json["result"]["status"] == "unreconciled", released.body
	assert frappe.db.get_value("Payment Entry", payment, "clearance_date") is None
	assert api.get(f"{API}.payments.get_payment", {"id": payment}).json["result"]["cleared_on"] is None


def test_a_voucher_of_another_bank_account_is_refused(api, bank):
	customer = new_customer("UA Cash Payer")
	body = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": 40,
		"account_id": bank["cash"],
		"submit": True,
	}
	elsewhere = api.post(f"{API}.payments.create_payment", body).json["result"]["id"]
	(pushed,) = push(
		api, bank, [{"transaction_date": frappe.utils.today(), "amount": 40, "transaction_id": tid()}]
	)
	line = pushed["result"]["id"]
	match = {"id": line, "matches": [{"related_object_type": "payment", "related_object_id": elsewhere}]}
	response = api.post(f"{BT}.reconcile_bank_transaction", match)
	assert response.status == 400, response.body
	assert response.json["error"]["details"][0]["field"] == "matches[0].related_object_id"
	assert frappe.db.get_value("Bank Transaction", line, "allocated_amount") == 0


def test_an_unmatched_line_is_cancelled_then_deleted(api, bank):
	from unified_accounting.tests.support.write_fixtures import accounts_settings

	(pushed,) = push(
		api, bank, [{"transaction_date": frappe.utils.today(), "amount": 3, "transaction_id": tid()}]
	)
	line = pushed["result"]["id"]
	cancelled = api.post(f"{BT}.cancel_bank_transaction", {"id": line})
	assert cancelled.status == 200 and cancelled.json["result"]["status"] == "cancelled", cancelled.body
	with accounts_settings(delete_linked_ledger_entries=1):
		assert api.post(f"{BT}.delete_bank_transaction", {"id": line}).status == 200
	assert not frappe.db.exists("Bank Transaction", line)


def test_the_feed_reports_pushed_and_reconciled_lines(api, bank, sequencer):
	from unified_accounting.tests.integration.platform.test_changes import follow, of, position

	reference = f"WIRE-{frappe.generate_hash(length=6)}"
	payment = received(api, bank, 75, reference)
	start = position(api, resources="bank_transactions,bank_accounts")
	(pushed,) = push(
		api,
		bank,
		[
			{
				"transaction_date": frappe.utils.today(),
				"amount": 75,
				"reference": reference,
				"transaction_id": tid(),
			}
		],
	)
	line = pushed["result"]["id"]
	body = {"id": line, "matches": [{"related_object_type": "payment", "related_object_id": payment}]}
	assert api.post(f"{BT}.reconcile_bank_transaction", body).status == 200
	events = follow(api, start, resources="bank_transactions,bank_accounts")
	assert of(events, line)[:2] == ["created", "submitted"] and "updated" in of(events, line)
	last = [e for e in events if e["record_id"] == line][-1]
	assert last["resource"] == "bank_transactions" and last["record"]["status"] == "reconciled"


def test_a_line_becomes_its_payment_allocated_to_an_invoice_in_one_call(api, bank):
	from unified_accounting.tests.integration.resources.test_allocations import invoice

	customer = new_customer("UA Bank Remit")
	bill = invoice(api, bank, customer, 60)
	(pushed,) = push(
		api, bank, [{"transaction_date": frappe.utils.today(), "amount": 60, "transaction_id": tid()}]
	)
	body = {
		"id": pushed["result"]["id"],
		"kind": "payment",
		"contact": {"type": "customer", "id": customer},
		"applied_to": [{"related_object_id": bill, "applied_amount": 60}],
	}
	response = api.post(f"{BT}.create_voucher_from_bank_transaction", body)
	assert response.status == 200, response.body
	line = response.json["result"]
	assert line["status"] == "reconciled"
	((match),) = line["matches"]
	payment = frappe.get_doc("Payment Entry", match["related_object_id"])
	assert (payment.party, payment.paid_to, payment.docstatus, str(payment.clearance_date)) == (
		customer,
		bank["ledger"],
		1,
		line["transaction_date"],
	)
	assert frappe.db.get_value("Sales Invoice", bill, ["outstanding_amount", "status"]) == (0, "Paid")


def test_a_bank_fee_line_becomes_a_journal_entry(api, bank):
	(pushed,) = push(
		api, bank, [{"transaction_date": frappe.utils.today(), "withdrawal": 12.5, "transaction_id": tid()}]
	)
	missing = api.post(
		f"{BT}.create_voucher_from_bank_transaction", {"id": pushed["result"]["id"], "kind": "journal_entry"}
	)
	assert missing.status == 400 and missing.json["error"]["details"][0]["field"] == "account_id"
	body = {"id": pushed["result"]["id"], "kind": "journal_entry", "account_id": bank["expense"]}
	response = api.post(f"{BT}.create_voucher_from_bank_transaction", body)
	assert response.status == 200, response.body
	((match),) = response.json["result"]["matches"]
	assert (
		match["related_object_type"] == "journal_entry" and response.json["result"]["status"] == "reconciled"
	)
	from unified_accounting.tests.support.write_fixtures import gl

	assert gl(match["related_object_id"]) == {bank["ledger"]: -12.5, bank["expense"]: 12.5}


def test_auto_reconcile_matches_by_reference_as_erpnext_does(api, bank):
	references = [f"AUTO-{frappe.generate_hash(length=6)}" for _ in range(2)]
	payments = [received(api, bank, 30 + i, ref) for i, ref in enumerate(references)]
	day = frappe.utils.today()
	pushed = push(
		api,
		bank,
		[
			{"transaction_date": day, "amount": 30, "reference": references[0], "transaction_id": tid()},
			{"transaction_date": day, "amount": 31, "reference": references[1], "transaction_id": tid()},
			{"transaction_date": day, "amount": 99, "reference": "NO-SUCH-REF", "transaction_id": tid()},
		],
	)
	lines = [p["result"]["id"] for p in pushed]
	body = {"bank_account_id": bank["bank_account"]["id"], "from_date": day, "to_date": day}
	dry = api.post(f"{BT}.auto_reconcile", {**body, "dry_run": True})
	assert dry.status == 200 and set(lines[:2]) <= set(dry.json["result"]["reconciled"]), dry.body
	assert frappe.db.get_value("Bank Transaction", lines[0], "status") == "Unreconciled"
	response = api.post(f"{BT}.auto_reconcile", body)
	assert response.status == 200, response.body
	result = response.json["result"]
	assert set(lines[:2]) <= set(result["reconciled"]) and lines[2] not in result["reconciled"]
	assert result["examined"] >= 3
	for line, payment in zip(lines[:2], payments, strict=True):
		assert frappe.db.get_value("Bank Transaction", line, "status") == "Reconciled"
		assert frappe.db.get_value("Payment Entry", payment, "clearance_date") is not None
	assert frappe.db.get_value("Bank Transaction", lines[2], "status") == "Unreconciled"


def test_the_reconciliation_statement_is_erpnexts_report(api, bank):
	"""An uncleared receipt is outstanding; once its line is reconciled it is not, and the balance per
	bank follows; the figures are those of ERPNext's own report on the same data."""
	from erpnext.accounts.report.bank_reconciliation_statement.bank_reconciliation_statement import execute

	reference = f"BRS-{frappe.generate_hash(length=6)}"
	payment = received(api, bank, 55, reference)
	path = f"{API}.reports.bank_reconciliation_statement"
	params = {"bank_account_id": bank["bank_account"]["id"]}
	before = api.get(path, params)
	assert before.status == 200, before.body
	report = before.json["result"]
	assert payment in {item["related_object_id"] for item in report["outstanding"]}
	filters = frappe._dict(
		company=bank["company"], account=bank["ledger"], report_date=frappe.utils.getdate()
	)
	rows = execute(filters)[1]
	assert report["outstanding_debits"] == sum(r.get("debit") or 0 for r in rows[:-6])
	assert report["balance_per_bank"] == round(
		report["balance_per_books"]
		- report["outstanding_debits"]
		+ report["outstanding_credits"]
		+ report["incorrectly_cleared"],
		2,
	)
	(pushed,) = push(
		api,
		bank,
		[
			{
				"transaction_date": frappe.utils.today(),
				"amount": 55,
				"reference": reference,
				"transaction_id": tid(),
			}
		],
	)
	match = {
		"id": pushed["result"]["id"],
		"matches": [{"related_object_type": "payment", "related_object_id": payment}],
	}
	assert api.post(f"{BT}.reconcile_bank_transaction", match).status == 200
	after = api.get(path, params).json["result"]
	assert payment not in {item["related_object_id"] for item in after["outstanding"]}
	assert after["outstanding_debits"] == report["outstanding_debits"] - 55
	assert after["balance_per_bank"] == report["balance_per_bank"] + 55


def test_auto_reconcile_runs_any_range_as_a_background_job(api, bank):
	"""start_auto_reconcile queues an RQ job (run here by a real `bench worker`), as the user who started
	it; its state is polled until done; a dry run queues nothing; another user cannot see the job."""
	import time

	from unified_accounting.tests.integration.resources.test_exports import run_rq_worker
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

	references = [f"JOB-{frappe.generate_hash(length=6)}" for _ in range(2)]
	payments = [received(api, bank, 40 + i, ref) for i, ref in enumerate(references)]
	day = frappe.utils.today()
	pushed = push(
		api,
		bank,
		[
			{"transaction_date": day, "amount": 40, "reference": references[0], "transaction_id": tid()},
			{"transaction_date": day, "amount": 41, "reference": references[1], "transaction_id": tid()},
		],
	)
	lines = [p["result"]["id"] for p in pushed]
	body = {"bank_account_id": bank["bank_account"]["id"], "from_date": day, "to_date": day}
	dry = api.post(f"{BT}.start_auto_reconcile", {**body, "dry_run": True})
	assert dry.status == 202 and dry.json["result"]["total_lines"] >= 2, dry.body
	assert api.get(f"{BT}.get_auto_reconcile", {"id": dry.json["result"]["id"]}).status == 404
	started = api.post(f"{BT}.start_auto_reconcile", body)
	assert started.status == 202 and started.json["result"]["status"] == "queued", started.body
	job = started.json["result"]["id"]
	run_rq_worker()
	for _ in range(120):
		state = api.get(f"{BT}.get_auto_reconcile", {"id": job}).json["result"]
		if state["status"] in ("done", "failed"):
			break
		time.sleep(0.25)
	assert state["status"] == "done", state
	assert set(lines) <= set(state["reconciled"]) and state["progress"] == 1.0
	assert state["examined"] == state["total_lines"] and state["finished_at"]
	frappe.db.rollback()
	for line, payment in zip(lines, payments, strict=True):
		assert frappe.db.get_value("Bank Transaction", line, "status") == "Reconciled"
		assert frappe.db.get_value("Payment Entry", payment, "clearance_date") is not None
	stranger = ApiClient(SITE, ensure_api_user("ua-bank-stranger@example.com", ["Accounts User"]).token)
	assert stranger.get(f"{BT}.get_auto_reconcile", {"id": job}).status == 404
