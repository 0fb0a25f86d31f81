"""Money applied after the fact over HTTP: a remittance allocated to invoices a day after the cash, a credit
note and a vendor credit applied, each released again; every balance and status checked against ERPNext's
own outstanding amounts and Payment Ledger, dry runs and bad input leaving nothing behind."""

import pytest

import frappe
from frappe.utils import add_days, today

from unified_accounting.schemas import Allocation, AllocationLine
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, permlevel_read
from unified_accounting.tests.support.write_fixtures import books as write_books
from unified_accounting.tests.support.write_fixtures import new_customer

PAY, INV = "unified_accounting.api.payments", "unified_accounting.api.invoices"
DOCUMENT_ROWS = ("GL Entry", "Payment Ledger Entry", "Journal Entry", "Payment Entry Reference")


@pytest.fixture(scope="module")
def books():
	return write_books()


def new_supplier(name: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": f"{name} {frappe.generate_hash(length=6)}",
			"supplier_group": "All Supplier Groups",
		}
	).insert()
	frappe.db.commit()
	return doc.name


def invoice(api, books, contact: str, amount: float, kind: str = "accounts_receivable", **extra) -> str:
	account = books["income"] if kind == "accounts_receivable" else books["expense"]
	body = {
		"type": kind,
		"contact_id": contact,
		"line_items": [{"name": "Work", "unit_price": amount, "account_id": account}],
		"submit": True,
		**extra,
	}
	response = api.post(f"{INV}.create_invoice", body)
	assert response.status == 201, response.body
	return response.json["result"]["id"]


def credit_note(api, books, contact: str, amount: float, kind: str = "accounts_receivable") -> str:
	return invoice(api, books, contact, amount, kind, document_type="credit_note")


def advance(api, books, contact: str, amount: float, kind: str = "accounts_receivable", **extra) -> str:
	body = {
		"type": kind,
		"contact_id": contact,
		"total_amount": amount,
		"account_id": books["cash"],
		"transaction_date": add_days(today(), -1),
		"submit": True,
		**extra,
	}
	response = api.post(f"{PAY}.create_payment", body)
	assert response.status == 201, response.body
	return response.json["result"]["id"]


def applied(*pairs) -> list[dict]:
	return [{"related_object_id": name, "applied_amount": amount} for name, amount in pairs]


def erpnext_state(doctype: str, name: str) -> tuple[float, str]:
	return frappe.db.get_value(doctype, name, ["outstanding_amount", "status"])


def ledger_outstanding(doctype: str, name: str) -> float:
	"""The invoice's outstanding amount as ERPNext's Payment Ledger holds it (what aged reports read)."""
	rows = frappe.get_all(
		"Payment Ledger Entry",
		filters={"against_voucher_type": doctype, "against_voucher_no": name, "delinked": 0},
		pluck="amount",
	)
	return round(sum(rows), 2)


def row_counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in DOCUMENT_ROWS}


def assert_lines_match_erpnext(result: dict, doctype: str = "Sales Invoice") -> None:
	assert set(result) == set(Allocation.__annotations__)
	for line in result["applied_to"]:
		assert set(line) == set(AllocationLine.__annotations__)
		outstanding, status = erpnext_state(doctype, line["related_object_id"])
		assert line["balance"] == outstanding == ledger_outstanding(doctype, line["related_object_id"])
		unified = {"Paid": "paid", "Partly Paid": "partially_paid", "Unpaid": "open", "Overdue": "overdue"}
		assert line["status"] == unified[status]


def test_a_remittance_is_allocated_to_three_invoices_a_day_after_the_cash(api, books):
	customer = new_customer("UA Remit")
	invoices = [invoice(api, books, customer, amount) for amount in (100, 120, 80)]
	payment = advance(api, books, customer, 290)
	body = {"id": payment, "applied_to": applied((invoices[0], 100), (invoices[1], 120), (invoices[2], 50))}
	response = api.post(f"{PAY}.allocate_payment", body)
	assert response.status == 200, response.body
	result = response.json["result"]
	assert (result["id"], result["object_type"], result["unallocated_amount"]) == (payment, "payment", 20)
	assert [(line["related_object_id"], line["applied_amount"]) for line in result["applied_to"]] == [
		(invoices[0], 100),
		(invoices[1], 120),
		(invoices[2], 50),
	]
	assert [line["status"] for line in result["applied_to"]] == ["paid", "paid", "partially_paid"]
	assert_lines_match_erpnext(result)
	assert frappe.db.get_value("Payment Entry", payment, "unallocated_amount") == 20
	read = api.get(f"{PAY}.get_payment", {"id": payment}).json["result"]
	assert sorted((a["related_object_id"], a["applied_amount"]) for a in read["applied_to"]) == sorted(
		[(invoices[0], 100), (invoices[1], 120), (invoices[2], 50)]
	)
	balance = api.get(f"{INV}.get_invoice", {"id": invoices[2]}).json["result"]
	assert (balance["balance"], balance["status"]) == (30, "partially_paid")
	# ERPNext's Accounts Receivable report now sees one open invoice and what is left of the payment
	params = {"company": books["company"], "contact_id": customer, "include_items": 1}
	(aged,) = api.get("unified_accounting.api.reports.aged_receivables", params).json["result"]["contacts"]
	assert {(item["id"], item["outstanding"]) for item in aged["items"]} == {
		(invoices[2], 30),
		(payment, -20),
	}
	assert aged["total"] == 10


def test_a_dry_run_reports_the_balances_and_writes_nothing(api, books):
	customer = new_customer("UA Remit Dry")
	first, second = invoice(api, books, customer, 60), invoice(api, books, customer, 40)
	payment = advance(api, books, customer, 100)
	before = row_counts()
	body = {"id": payment, "applied_to": applied((first, 60), (second, 10)), "dry_run": True}
	response = api.post(f"{PAY}.allocate_payment", body)
	assert response.status == 200, response.body
	lines = response.json["result"]["applied_to"]
	assert [(line["balance"], line["status"]) for line in lines] == [(0, "paid"), (30, "partially_paid")]
	assert response.json["result"]["unallocated_amount"] == 30
	assert row_counts() == before
	assert erpnext_state("Sales Invoice", first)[0] == 60
	assert frappe.db.get_value("Payment Entry", payment, "unallocated_amount") == 100


def test_bad_allocations_are_400_naming_the_field_and_write_nothing(api, books):
	customer, other = new_customer("UA Remit Bad"), new_customer("UA Remit Other")
	mine, theirs = invoice(api, books, customer, 50), invoice(api, books, other, 50)
	voided = invoice(api, books, customer, 20)
	assert api.post(f"{INV}.cancel_invoice", {"id": voided}).status == 200
	payment = advance(api, books, customer, 80)
	before = row_counts()
	cases = [
		(applied((mine, 60)), "applied_to[0].applied_amount"),
		(applied((theirs, 10)), "applied_to[0].related_object_id"),
		(applied((voided, 10)), "applied_to[0].related_object_id"),
		(applied(("ACC-SINV-NO-SUCH", 10)), "applied_to[0].related_object_id"),
		(applied((mine, 10), (mine, 5)), "applied_to[1].related_object_id"),
	]
	for given, field in cases:
		response = api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": given})
		assert response.status == 400, (given, response.body)
		assert [d["field"] for d in response.json["error"]["details"]] == [field], response.body
	other_payment = advance(api, books, customer, 30)
	before = row_counts()
	too_much = api.post(f"{PAY}.allocate_payment", {"id": other_payment, "applied_to": applied((mine, 40))})
	assert too_much.status == 400 and too_much.json["error"]["details"][0]["field"] == "applied_to"
	assert row_counts() == before
	assert erpnext_state("Sales Invoice", mine)[0] == 50


def test_a_payment_with_nothing_left_or_a_draft_is_409(api, books):
	customer = new_customer("UA Remit Used")
	first, second = invoice(api, books, customer, 30), invoice(api, books, customer, 30)
	payment = advance(api, books, customer, 30)
	assert (
		api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((first, 30))}).status == 200
	)
	again = api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((second, 30))})
	assert again.status == 409, again.body
	draft = advance(api, books, customer, 30, submit=False)
	refused = api.post(f"{PAY}.allocate_payment", {"id": draft, "applied_to": applied((second, 30))})
	assert refused.status == 409 and "draft" in refused.json["error"]["message"]
	assert erpnext_state("Sales Invoice", second)[0] == 30


def test_an_idempotency_key_allocates_once(api, books):
	customer = new_customer("UA Remit Key")
	first = invoice(api, books, customer, 50)
	payment = advance(api, books, customer, 100)
	body, key = {"id": payment, "applied_to": applied((first, 20))}, frappe.generate_hash()
	once = api.post(f"{PAY}.allocate_payment", body, headers={"Idempotency-Key": key})
	twice = api.post(f"{PAY}.allocate_payment", body, headers={"Idempotency-Key": key})
	assert once.status == twice.status == 200 and twice.headers.get("Idempotent-Replayed") == "true"
	assert twice.json == once.json
	assert erpnext_state("Sales Invoice", first)[0] == 30
	assert frappe.db.get_value("Payment Entry", payment, "unallocated_amount") == 80


def test_unallocating_releases_the_chosen_invoice(api, books):
	customer = new_customer("UA Remit Release")
	first, second = invoice(api, books, customer, 40), invoice(api, books, customer, 60)
	payment = advance(api, books, customer, 100)
	api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((first, 40), (second, 60))})
	unknown = api.post(f"{PAY}.unallocate_payment", {"id": payment, "invoice_ids": ["ACC-SINV-NO-SUCH"]})
	assert unknown.status == 400 and unknown.json["error"]["details"][0]["field"] == "invoice_ids[0]"
	response = api.post(f"{PAY}.unallocate_payment", {"id": payment, "invoice_ids": [second]})
	assert response.status == 200, response.body
	result = response.json["result"]
	assert result["unallocated_amount"] == 60
	assert [(line["related_object_id"], line["applied_amount"]) for line in result["applied_to"]] == [
		(second, -60)
	]
	assert_lines_match_erpnext(result)
	assert erpnext_state("Sales Invoice", second) == (60, "Unpaid")
	assert erpnext_state("Sales Invoice", first) == (0, "Paid")


@pytest.mark.parametrize("kind", ["accounts_receivable", "accounts_payable"])
def test_a_credit_note_is_applied_to_an_invoice_and_taken_back(api, books, kind):
	"""A customer credit note on a sales invoice, or a vendor credit on a bill."""
	contact = new_customer("UA Credit") if kind == "accounts_receivable" else new_supplier("UA Vendor Credit")
	doctype = "Sales Invoice" if kind == "accounts_receivable" else "Purchase Invoice"
	bill = invoice(api, books, contact, 100, kind)
	credit = credit_note(api, books, contact, 40, kind)
	dry = api.post(
		f"{INV}.apply_credit_note", {"id": credit, "applied_to": applied((bill, 40)), "dry_run": True}
	)
	assert dry.status == 200 and dry.json["result"]["applied_to"][0]["balance"] == 60, dry.body
	assert erpnext_state(doctype, bill)[0] == 100
	response = api.post(f"{INV}.apply_credit_note", {"id": credit, "applied_to": applied((bill, 40))})
	assert response.status == 200, response.body
	result = response.json["result"]
	assert (result["object_type"], result["unallocated_amount"]) == ("credit_note", 0)
	assert_lines_match_erpnext(result, doctype)
	assert erpnext_state(doctype, bill) == (60, "Partly Paid")
	assert erpnext_state(doctype, credit)[0] == 0
	(journal,) = result["journal_entry_ids"]
	assert frappe.db.get_value("Journal Entry", journal, "voucher_type") in ("Credit Note", "Debit Note")
	back = api.post(f"{INV}.unapply_credit_note", {"id": credit})
	assert back.status == 200, back.body
	assert back.json["result"]["journal_entry_ids"] == [journal]
	assert back.json["result"]["applied_to"][0]["applied_amount"] == -40
	assert erpnext_state(doctype, bill)[0] == 100 and erpnext_state(doctype, credit)[0] == -40
	assert frappe.db.get_value("Journal Entry", journal, "docstatus") == 2


def test_applying_an_invoice_as_a_credit_note_is_409(api, books):
	customer = new_customer("UA Credit Wrong")
	first, second = invoice(api, books, customer, 10), invoice(api, books, customer, 10)
	response = api.post(f"{INV}.apply_credit_note", {"id": first, "applied_to": applied((second, 5))})
	assert response.status == 409 and "not a credit note" in response.json["error"]["message"]


def test_a_caller_who_may_read_but_not_reconcile_is_403(api, books):
	"""An Auditor given read on payments and invoices (and nothing on the reconciliation tool)."""
	customer = new_customer("UA Remit Denied")
	target = invoice(api, books, customer, 10)
	payment = advance(api, books, customer, 10)
	reader = ApiClient(SITE, ensure_api_user("ua-alloc-reader@example.com", ["Auditor"]).token)
	with permlevel_read("Payment Entry", "Auditor", 0), permlevel_read("Sales Invoice", "Auditor", 0):
		assert reader.get(f"{PAY}.get_payment", {"id": payment}).status == 200
		response = reader.post(
			f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((target, 10))}
		)
	assert response.status == 403, response.body
	assert "Payment Reconciliation" in response.json["error"]["message"]
	assert erpnext_state("Sales Invoice", target)[0] == 10


def test_the_feed_reports_the_payment_and_every_invoice_it_changed(api, books, sequencer):
	from unified_accounting.tests.integration.platform.test_changes import follow, of, position

	customer = new_customer("UA Remit Feed")
	first, second = invoice(api, books, customer, 30), invoice(api, books, customer, 45)
	payment = advance(api, books, customer, 75)
	start = position(api, resources="invoices,payments")
	body = {"id": payment, "applied_to": applied((first, 30), (second, 45))}
	assert api.post(f"{PAY}.allocate_payment", body).status == 200
	events = follow(api, start, resources="invoices,payments")
	assert (
		"updated" in of(events, payment)
		and "updated" in of(events, first)
		and "updated" in of(events, second)
	)
	last = {e["record_id"]: e["record"] for e in events}
	assert (last[first]["status"], last[second]["balance"]) == ("paid", 0)
	assert {a["related_object_id"] for a in last[payment]["applied_to"]} == {first, second}


def test_a_foreign_payment_allocated_at_another_rate_posts_erpnext_s_exchange_gain(api, books):
	"""A EUR invoice booked at 1.1, a EUR receipt at 1.2: ERPNext posts the 10.00 USD difference."""
	from unified_accounting.tests.integration.resources.test_multicurrency import ensure_eur_account
	from unified_accounting.tests.support.invoice_fixtures import (
		ensure_eur_customer_named,
		ensure_exchange_rate,
	)

	company, abbr = books["company"], frappe.get_cached_value("Company", books["company"], "abbr")
	ensure_exchange_rate("EUR", "USD", 1.1)
	customer = f"UA Remit EUR {frappe.generate_hash(length=6)}"
	ensure_eur_customer_named(customer, company, frappe.db.get_value("Account", f"UA Debtors EUR - {abbr}"))
	bank = ensure_eur_account(company, "UA Bank EUR")
	frappe.db.commit()
	bill = invoice(api, books, customer, 100, currency="EUR", exchange_rate=1.1)
	payment = advance(api, books, customer, 100, account_id=bank, exchange_rate=1.2, reference="EUR-1")
	response = api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((bill, 100))})
	assert response.status == 200, response.body
	result = response.json["result"]
	(line,) = result["applied_to"]
	assert (line["balance"], line["status"], abs(line["exchange_gain_loss"])) == (0, "paid", 10)
	(journal,) = result["journal_entry_ids"]
	entry = frappe.get_doc("Journal Entry", journal)
	assert entry.voucher_type == "Exchange Gain Or Loss" and entry.docstatus == 1
	gain_account = frappe.get_cached_value("Company", company, "exchange_gain_loss_account")
	assert {row.account for row in entry.accounts} >= {gain_account}
	assert sum(row.credit - row.debit for row in entry.accounts if row.account == gain_account) == 10
	released = api.post(f"{PAY}.unallocate_payment", {"id": payment}).json["result"]
	assert (
		released["journal_entry_ids"] == [journal]
		and frappe.db.get_value("Journal Entry", journal, "docstatus") == 2
	)


def test_allocating_a_payment_of_a_closed_period_is_422_and_writes_nothing(api, books):
	"""Applying a payment rewrites its ledger rows as of its date: one dated in an Accounting Period closed
	for payments is refused with ERPNext's own check (ClosedAccountingPeriod)."""
	from unified_accounting.tests.support.report_fixtures import ensure_fiscal_year

	day = add_days(today(), -395)
	ensure_fiscal_year(str(day), books["company"])
	frappe.db.commit()
	customer = new_customer("UA Remit Closed")
	target = invoice(api, books, customer, 25)
	payment = advance(api, books, customer, 25, transaction_date=str(day))
	period = frappe.get_doc(
		{
			"doctype": "Accounting Period",
			"period_name": f"UA Closed Payments {frappe.generate_hash(length=5)}",
			"start_date": add_days(day, -1),
			"end_date": add_days(day, 1),
			"company": books["company"],
			"closed_documents": [{"document_type": "Payment Entry", "closed": 1}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		before = row_counts()
		response = api.post(f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((target, 25))})
		assert (response.status, response.json["error"]["type"]) == (422, "validation_error"), response.body
		assert "closed" in response.json["error"]["message"].lower()
		assert row_counts() == before and erpnext_state("Sales Invoice", target)[0] == 25
	finally:
		frappe.delete_doc("Accounting Period", period.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_the_trial_balance_agrees_with_the_ledger_before_and_after_an_allocation(api, books):
	"""Applying money moves it between invoices, not accounts: every account's closing balance in the
	trial balance is the same after the allocation, the report balances, and the receivable account's
	closing balance is ERPNext's own GL sum."""
	customer = new_customer("UA Remit TB")
	bills = [invoice(api, books, customer, amount) for amount in (70, 30)]
	payment = advance(api, books, customer, 100)
	params = {"company": books["company"]}

	def closing() -> tuple[dict, dict]:
		report = api.get("unified_accounting.api.reports.trial_balance", params)
		assert report.status == 200, report.body
		found = report.json["result"]
		lines = {
			line["account_id"]: (line["closing_debit"], line["closing_credit"]) for line in found["lines"]
		}
		return lines, found["totals"]

	before, totals_before = closing()
	response = api.post(
		f"{PAY}.allocate_payment", {"id": payment, "applied_to": applied((bills[0], 70), (bills[1], 30))}
	)
	assert response.status == 200, response.body
	after, totals_after = closing()
	assert after == before and totals_after == totals_before
	assert round(totals_after["closing_debit"], 2) == round(totals_after["closing_credit"], 2)
	frappe.db.rollback()
	(net,) = frappe.db.sql(
		"select coalesce(sum(debit - credit), 0) from `tabGL Entry` where account = %s and is_cancelled = 0",
		books["receivable"],
	)[0]
	debit, credit = after[books["receivable"]]
	assert round(debit - credit, 2) == round(float(net), 2)
