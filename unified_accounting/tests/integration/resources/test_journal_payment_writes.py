"""Journal entry and payment writes over HTTP, checked against ERPNext's GL and outstanding amounts."""

import pytest

import frappe

from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.write_fixtures import (
	CUSTOMER,
	SUPPLIER,
	accounts_settings,
	gl,
)

JE = "unified_accounting.api.journal_entries"
PAY = "unified_accounting.api.payments"
INV = "unified_accounting.api.invoices"


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


def sales_invoice(api, books, amount: float) -> str:
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"line_items": [{"name": "Work", "unit_price": amount, "account_id": books["income"]}],
		"submit": True,
	}
	response = api.post(f"{INV}.create_invoice", body)
	assert response.status == 201, response.body
	return response.json["result"]["id"]


def test_payroll_journal_entry_with_cost_centers(api, books):
	body = {
		"memo": "Payroll",
		"lines": [
			{
				"account_id": books["expense"],
				"debit": 700,
				"tracking_categories": [{"type": "cost_center", "id": books["cost_center"]}],
			},
			{"account_id": books["expense"], "net_amount": 300},
			{"account_id": books["cash"], "credit": 1000, "description": "net pay"},
		],
		"submit": True,
	}
	response = api.post(f"{JE}.create_journal_entry", body)
	assert response.status == 201, response.body
	entry = response.json["result"]
	assert entry["posting_status"] == "posted" and entry["total_debit"] == entry["total_credit"] == 1000
	assert gl(entry["id"]) == {books["expense"]: 1000.0, books["cash"]: -1000.0}
	assert (
		frappe.db.get_value("GL Entry", {"voucher_no": entry["id"], "debit": 700}, "cost_center")
		== books["cost_center"]
	)


def test_payroll_journal_entry_with_employee_lines(api, books):
	"""Net pay owed per employee on the payable account (ERPNext needs the party there), read back per line."""
	from unified_accounting.tests.integration.resources.test_pickers import ensure_employee

	ada, grace = ensure_employee("Ada", books["company"]), ensure_employee("Linus", books["company"])
	frappe.db.commit()
	body = {
		"memo": "Payroll December",
		"lines": [
			{"account_id": books["expense"], "debit": 5000, "description": "gross salaries"},
			{"account_id": books["payable"], "credit": 3000, "contact": {"type": "employee", "id": ada}},
			{"account_id": books["payable"], "credit": 2000, "contact": {"type": "employee", "id": grace}},
		],
		"submit": True,
	}
	response = api.post(f"{JE}.create_journal_entry", body)
	assert response.status == 201, response.body
	lines = response.json["result"]["lines"]
	assert [(line["contact"] or {}).get("id") for line in lines] == [None, ada, grace]
	assert {(line["contact"] or {}).get("type") for line in lines[1:]} == {"employee"}
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": response.json["result"]["id"], "party_type": "Employee"},
		fields=["party", "credit"],
		order_by="credit desc",
	)
	assert [(row.party, row.credit) for row in rows] == [(ada, 3000), (grace, 2000)]


def test_unbalanced_entry_is_422_with_the_difference_and_nothing_written(api, books):
	before = frappe.db.count("Journal Entry")
	response = api.post(
		f"{JE}.create_journal_entry",
		{
			"lines": [
				{"account_id": books["expense"], "debit": 100},
				{"account_id": books["cash"], "credit": 90},
			],
			"submit": True,
		},
	)
	assert (response.status, response.json["error"]["type"]) == (422, "validation_error")
	assert "difference 10.00" in response.json["error"]["message"]
	assert frappe.db.count("Journal Entry") == before


def test_party_line_needs_a_real_contact(api, books):
	body = {
		"lines": [
			{"account_id": books["receivable"], "debit": 50, "contact": {"type": "customer", "id": "Nobody"}},
			{"account_id": books["cash"], "credit": 50},
		]
	}
	error = api.post(f"{JE}.create_journal_entry", body).json["error"]
	assert error["details"] == [
		{"field": "lines[0].contact.id", "message": "Customer 'Nobody' does not exist"}
	]


def test_frozen_account_refuses_submit_and_leaves_no_draft(api, books):
	frozen = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": f"UA Frozen {frappe.generate_hash(length=5)}",
			"parent_account": frappe.db.get_value("Account", books["expense"], "parent_account"),
			"company": books["company"],
			"freeze_account": "Yes",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		before = frappe.db.count("Journal Entry", {"docstatus": 0})
		response = api.post(
			f"{JE}.create_journal_entry",
			{
				"lines": [
					{"account_id": frozen.name, "debit": 10},
					{"account_id": books["cash"], "credit": 10},
				],
				"submit": True,
			},
		)
		assert response.status == 422, response.body
		assert "frozen" in response.json["error"]["message"].lower()
		assert frappe.db.count("Journal Entry", {"docstatus": 0}) == before
	finally:
		frappe.delete_doc("Account", frozen.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_collections_payment_against_two_invoices(api, books):
	first, second = sales_invoice(api, books, 100), sales_invoice(api, books, 200)
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"total_amount": 250,
		"account_id": books["cash"],
		"applied_to": [
			{"related_object_id": first, "applied_amount": 100},
			{"related_object_id": second, "applied_amount": 150},
		],
		"submit": True,
	}
	response = api.post(f"{PAY}.create_payment", body)
	assert response.status == 201, response.body
	payment = response.json["result"]
	assert payment["unallocated_amount"] == 0 and {a["related_object_id"] for a in payment["applied_to"]} == {
		first,
		second,
	}
	assert frappe.db.get_value("Sales Invoice", first, ["outstanding_amount", "status"]) == (0, "Paid")
	assert frappe.db.get_value("Sales Invoice", second, ["outstanding_amount", "status"]) == (
		50,
		"Partly Paid",
	)
	assert gl(payment["id"])[books["cash"]] == 250.0


def test_overpaying_an_invoice_is_400(api, books):
	invoice = sales_invoice(api, books, 80)
	error = api.post(
		f"{PAY}.create_payment",
		{
			"type": "accounts_receivable",
			"contact_id": CUSTOMER,
			"total_amount": 100,
			"applied_to": [{"related_object_id": invoice, "applied_amount": 100}],
		},
	).json["error"]
	assert error["details"] == [
		{"field": "applied_to[0].applied_amount", "message": "exceeds the outstanding amount 80.00"}
	]


@pytest.mark.parametrize("given, field", [("account_id", "account_id"), ("account_number", "account_number")])
def test_an_unknown_paying_account_names_the_top_level_field(api, books, given, field):
	body = {
		"type": "accounts_payable",
		"contact_id": SUPPLIER,
		"total_amount": 5,
		given: "UA-NO-SUCH-ACCOUNT",
	}
	error = api.post(f"{PAY}.create_payment", body).json["error"]
	assert [d["field"] for d in error["details"]] == [field], error


def test_unallocated_advance_to_a_supplier(api, books):
	response = api.post(
		f"{PAY}.create_payment",
		{
			"type": "accounts_payable",
			"contact_id": SUPPLIER,
			"total_amount": 75,
			"account_id": books["cash"],
			"submit": True,
		},
	)
	assert response.status == 201, response.body
	payment = response.json["result"]
	assert (
		payment["type"] == "accounts_payable"
		and payment["unallocated_amount"] == 75
		and payment["applied_to"] == []
	)
	assert gl(payment["id"])[books["cash"]] == -75.0


def test_payment_lifecycle_and_idempotent_replay(api, books):
	invoice = sales_invoice(api, books, 60)
	key = frappe.generate_hash()
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"total_amount": 60,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": invoice, "applied_amount": 60}],
	}
	draft = api.post(f"{PAY}.create_payment", body, headers={"Idempotency-Key": key})
	replay = api.post(f"{PAY}.create_payment", body, headers={"Idempotency-Key": key})
	assert replay.json == draft.json and replay.headers.get("Idempotent-Replayed") == "true"
	payment_id = draft.json["result"]["id"]
	assert api.post(f"{PAY}.submit_payment", {"id": payment_id}).json["result"]["posting_status"] == "posted"
	assert frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount") == 0
	assert (
		api.post(f"{PAY}.cancel_payment", {"id": payment_id}).json["result"]["posting_status"] == "cancelled"
	)
	assert frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount") == 60
	with accounts_settings(delete_linked_ledger_entries=1):
		assert api.post(f"{PAY}.delete_payment", {"id": payment_id}).status == 200
	assert not frappe.db.exists("Payment Entry", payment_id)


def test_journal_entry_lifecycle(api, books):
	body = {
		"lines": [{"account_id": books["expense"], "debit": 5}, {"account_id": books["cash"], "credit": 5}]
	}
	entry = api.post(f"{JE}.create_journal_entry", body).json["result"]
	updated = api.post(f"{JE}.update_journal_entry", {"id": entry["id"], "memo": "Fixed"})
	assert updated.status == 200 and updated.json["result"]["memo"] == "Fixed"
	assert (
		api.post(f"{JE}.submit_journal_entry", {"id": entry["id"]}).json["result"]["posting_status"]
		== "posted"
	)
	assert api.post(f"{JE}.update_journal_entry", {"id": entry["id"], "memo": "late"}).status == 409
	assert (
		api.post(f"{JE}.cancel_journal_entry", {"id": entry["id"]}).json["result"]["posting_status"]
		== "cancelled"
	)
	with accounts_settings(delete_linked_ledger_entries=1):
		assert api.post(f"{JE}.delete_journal_entry", {"id": entry["id"]}).status == 200


def test_create_contact_then_invoice_it(api, books):
	"""ERPNext decides who may create customers: not an Accounts Manager, but a Sales Master Manager."""
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

	body = {
		"type": "customer",
		"name": f"UA New Customer {frappe.generate_hash(length=5)}",
		"email": "ap@example.com",
	}
	refused = api.post("unified_accounting.api.contacts.create_contact", body)
	assert (refused.status, refused.json["error"]["type"]) == (403, "permission_denied")
	sales = ApiClient(
		SITE, ensure_api_user("ua-sales@example.com", ["Sales Master Manager", "Sales User"]).token
	)
	contact = sales.post("unified_accounting.api.contacts.create_contact", body)
	assert contact.status == 201, contact.body
	assert (contact.json["result"]["type"], contact.json["result"]["email"]) == ("customer", "ap@example.com")
	contact_id = contact.json["result"]["id"]
	line = {"name": "First order", "unit_price": 10, "account_id": books["income"]}
	invoice = api.post(
		f"{INV}.create_invoice",
		{"type": "accounts_receivable", "contact_id": contact_id, "line_items": [line], "submit": True},
	)
	assert invoice.status == 201 and invoice.json["result"]["contact"]["id"] == contact_id
