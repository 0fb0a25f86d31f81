"""Payments that are not plain cash against invoices, over HTTP: deductions (a short payment whose bank
fee is written off, a supplier discount) and refunds (a customer paid back against a credit note, a
supplier's refund received); checked against ERPNext's GL and outstanding amounts; bad input leaves
nothing."""

import pytest

import frappe

from unified_accounting.schemas import PaymentDeduction
from unified_accounting.tests.integration.resources.test_allocations import credit_note, invoice, new_supplier
from unified_accounting.tests.support.write_fixtures import books as write_books
from unified_accounting.tests.support.write_fixtures import card_books, gl, new_customer

PAY = "unified_accounting.api.payments"


@pytest.fixture(scope="module")
def books():
	return write_books()


def test_a_short_receipt_writes_the_bank_fee_off_and_settles_the_invoice(api, books):
	customer = new_customer("UA Short Pay")
	bill = invoice(api, books, customer, 100)
	body = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": 97,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": bill, "applied_amount": 100}],
		"deductions": [{"account_id": books["expense"], "amount": 3, "description": "Wire fee"}],
		"submit": True,
	}
	response = api.post(f"{PAY}.create_payment", body)
	assert response.status == 201, response.body
	payment = response.json["result"]
	(deduction,) = payment["deductions"]
	assert set(deduction) == set(PaymentDeduction.__annotations__)
	assert (deduction["account_id"], deduction["amount"], deduction["description"]) == (
		books["expense"],
		3,
		"Wire fee",
	)
	assert deduction["cost_center_id"] == books["cost_center"]
	assert (payment["total_amount"], payment["unallocated_amount"]) == (97, 0)
	assert frappe.db.get_value("Sales Invoice", bill, ["outstanding_amount", "status"]) == (0, "Paid")
	posted = gl(payment["id"])
	assert (posted[books["cash"]], posted[books["expense"]]) == (97, 3)
	assert sum(posted.values()) == 0
	listed = api.get(f"{PAY}.list_payments", {"contact_id": customer}).json["result"]
	assert [p["deductions"] for p in listed] == [payment["deductions"]]


def test_a_supplier_discount_taken_at_payment_is_credited(api, books):
	supplier = new_supplier("UA Discount")
	bill = invoice(api, books, supplier, 100, "accounts_payable")
	body = {
		"type": "accounts_payable",
		"contact_id": supplier,
		"total_amount": 95,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": bill, "applied_amount": 100}],
		"deductions": [{"account_id": books["income"], "amount": -5, "description": "Early payment"}],
		"submit": True,
	}
	response = api.post(f"{PAY}.create_payment", body)
	assert response.status == 201, response.body
	assert frappe.db.get_value("Purchase Invoice", bill, "outstanding_amount") == 0
	posted = gl(response.json["result"]["id"])
	assert (posted[books["cash"]], posted[books["income"]]) == (-95, -5)


def test_bad_deductions_are_400_naming_the_field_and_write_nothing(api, books):
	customer = new_customer("UA Short Bad")
	bill = invoice(api, books, customer, 50)
	base = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": 45,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": bill, "applied_amount": 50}],
		"submit": True,
	}
	cases = [
		([{"account_id": "UA-NO-SUCH-ACCOUNT", "amount": 5}], "deductions[0].account_id"),
		([{"amount": 5}], "deductions[0].account_id"),
		(
			[{"account_id": books["expense"], "amount": 0}, {"account_id": books["expense"], "amount": 5}],
			"deductions[0].amount",
		),
		(
			[{"account_id": books["expense"], "amount": 5, "cost_center_id": "UA-NO-SUCH-CC"}],
			"deductions[0].cost_center_id",
		),
		([{"account_id": books["expense"], "amount": 2}], "applied_to"),
	]
	before = frappe.db.count("Payment Entry")
	for deductions, field in cases:
		response = api.post(f"{PAY}.create_payment", {**base, "deductions": deductions})
		assert response.status == 400, (deductions, response.body)
		assert field in [d["field"] for d in response.json["error"]["details"]], response.body
	assert frappe.db.count("Payment Entry") == before
	assert frappe.db.get_value("Sales Invoice", bill, "outstanding_amount") == 50


@pytest.mark.parametrize("kind", ["accounts_receivable", "accounts_payable"])
def test_a_refund_pays_a_credit_note_back(api, books, kind):
	"""A customer paid back for their credit note, or a supplier's refund of a vendor credit received."""
	contact = new_customer("UA Refund") if kind == "accounts_receivable" else new_supplier("UA Refund")
	doctype = "Sales Invoice" if kind == "accounts_receivable" else "Purchase Invoice"
	credit = credit_note(api, books, contact, 40, kind)
	direction = "accounts_payable" if kind == "accounts_receivable" else "accounts_receivable"
	body = {
		"type": direction,
		"refund": True,
		"contact_id": contact,
		"total_amount": 40,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": credit, "applied_amount": 40}],
		"submit": True,
	}
	response = api.post(f"{PAY}.create_payment", body)
	assert response.status == 201, response.body
	payment = response.json["result"]
	assert (payment["type"], payment["refund"], payment["contact"]["id"]) == (direction, True, contact)
	assert [(a["related_object_id"], a["applied_amount"]) for a in payment["applied_to"]] == [(credit, -40)]
	assert frappe.db.get_value(doctype, credit, "outstanding_amount") == 0
	party_account = payment["party_account_id"]
	posted = gl(payment["id"])
	cash_out = -40 if direction == "accounts_payable" else 40
	assert (posted[books["cash"]], posted[party_account]) == (cash_out, -cash_out)


def test_a_refund_names_a_credit_note_and_a_plain_payment_an_invoice(api, books):
	customer = new_customer("UA Refund Bad")
	bill, credit = invoice(api, books, customer, 30), credit_note(api, books, customer, 30)
	refund = {
		"type": "accounts_payable",
		"refund": True,
		"contact_id": customer,
		"total_amount": 30,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": bill, "applied_amount": 30}],
	}
	refused = api.post(f"{PAY}.create_payment", refund)
	assert refused.status == 400 and "credit note" in refused.json["error"]["details"][0]["message"]
	plain = {**refund, "type": "accounts_receivable", "refund": False}
	plain["applied_to"] = [{"related_object_id": credit, "applied_amount": 30}]
	assert api.post(f"{PAY}.create_payment", plain).status == 400
	over = {**refund, "applied_to": [{"related_object_id": credit, "applied_amount": 35}], "total_amount": 35}
	assert api.post(f"{PAY}.create_payment", over).json["error"]["details"][0]["field"] == (
		"applied_to[0].applied_amount"
	)
	assert frappe.db.get_value("Sales Invoice", credit, "outstanding_amount") == -30


def test_a_card_pay_down_is_an_internal_transfer(api, books):
	card = card_books()["card"]
	body = {
		"from_account_id": books["cash"],
		"to_account_id": card,
		"amount": 250,
		"memo": "Card pay-down December",
	}
	response = api.post(f"{PAY}.create_transfer", body)
	assert response.status == 201, response.body
	transfer = response.json["result"]
	assert (transfer["type"], transfer["posting_status"], transfer["contact"]) == (
		"internal_transfer",
		"posted",
		None,
	)
	assert (transfer["account_id"], transfer["party_account_id"], transfer["total_amount"]) == (
		books["cash"],
		card,
		250,
	)
	assert gl(transfer["id"]) == {books["cash"]: -250, card: 250}


def test_bad_transfers_are_400_naming_the_field_and_write_nothing(api, books):
	card = card_books()["card"]
	before = frappe.db.count("Payment Entry")
	cases = [
		({"to_account_id": books["expense"]}, "to_account_id"),
		({"from_account_id": "UA-NO-SUCH-ACCOUNT"}, "from_account_id"),
		({"to_account_id": books["cash"]}, "to_account_id"),
		({"from_account_id": card, "to_account_id": books["cash"]}, "reference"),
	]
	for change, field in cases:
		body = {"from_account_id": books["cash"], "to_account_id": card, "amount": 10, **change}
		response = api.post(f"{PAY}.create_transfer", body)
		assert response.status == 400, (change, response.body)
		assert field in [d["field"] for d in response.json["error"]["details"]], response.body
	assert frappe.db.count("Payment Entry") == before
