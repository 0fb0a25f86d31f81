"""Invoice writes over HTTP, checked against the GL entries and outstanding amounts ERPNext computed."""

import pytest

import frappe
from frappe.utils import add_days, today

from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.write_fixtures import (
	CUSTOMER,
	SUPPLIER,
	accounts_settings,
	gl,
)

BASE = "unified_accounting.api.invoices"


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


def sales_body(books, **extra) -> dict:
	return {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"line_items": [
			{"name": "Consulting", "quantity": 2, "unit_price": 150, "account_id": books["income"]},
			{
				"name": "Travel",
				"unit_price": 100,
				"account_id": books["income"],
				"tracking_categories": [{"type": "cost_center", "id": books["cost_center"]}],
			},
		],
		"taxes": [{"account_id": books["tax"], "rate": 10, "description": "Sales tax"}],
		**extra,
	}


def drafts_of(contact_field: str, contact: str, doctype: str = "Sales Invoice") -> int:
	return frappe.db.count(doctype, {contact_field: contact, "docstatus": 0})


def test_create_and_submit_in_one_call_posts_the_gl(api, books):
	response = api.post(f"{BASE}.create_invoice", sales_body(books, submit=True))
	assert response.status == 201, response.body
	invoice = response.json["result"]
	assert (invoice["posting_status"], invoice["total_amount"], invoice["balance"]) == (
		"posted",
		440.0,
		440.0,
	)
	assert gl(invoice["id"]) == {
		books["income"]: -400.0,
		books["tax"]: -40.0,
		frappe.db.get_value("Sales Invoice", invoice["id"], "debit_to"): 440.0,
	}


def test_without_submit_it_stays_a_draft_and_submit_invoice_posts_it(api, books):
	draft = api.post(f"{BASE}.create_invoice", sales_body(books)).json["result"]
	assert draft["posting_status"] == "draft" and gl(draft["id"]) == {}
	posted = api.post(f"{BASE}.submit_invoice", {"id": draft["id"]})
	assert posted.status == 200 and posted.json["result"]["posting_status"] == "posted"
	assert sum(gl(draft["id"]).values()) == 0 and gl(draft["id"])
	again = api.post(f"{BASE}.submit_invoice", {"id": draft["id"]})
	assert (again.status, again.json["error"]["type"]) == (409, "conflict")


def test_expense_purchase_invoice_without_items(api, books):
	body = {
		"type": "accounts_payable",
		"contact_id": SUPPLIER,
		"supplier_invoice_number": f"R-{frappe.generate_hash(length=6)}",
		"line_items": [{"description": "Taxi", "unit_price": 42.5, "account_id": books["expense"]}],
		"submit": True,
	}
	invoice = api.post(f"{BASE}.create_invoice", body).json["result"]
	assert (
		invoice["type"] == "accounts_payable"
		and invoice["supplier_invoice_number"] == body["supplier_invoice_number"]
	)
	assert gl(invoice["id"])[books["expense"]] == 42.5


def test_account_by_number(api, books):
	number = "4990"
	if not frappe.db.exists("Account", {"company": books["company"], "account_number": number}):
		parent = frappe.db.get_value("Account", books["income"], "parent_account")
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "UA Numbered Income",
				"account_number": number,
				"parent_account": parent,
				"company": books["company"],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	body = sales_body(books, submit=True)
	body["line_items"] = [{"name": "By number", "unit_price": 10, "account_number": number}]
	body["taxes"] = []
	invoice = api.post(f"{BASE}.create_invoice", body).json["result"]
	numbered = frappe.db.get_value("Account", {"company": books["company"], "account_number": number})
	assert invoice["line_items"][0]["account_id"] == numbered and gl(invoice["id"])[numbered] == -10.0
	missing = api.post(
		f"{BASE}.create_invoice",
		{**body, "line_items": [{"name": "x", "unit_price": 1, "account_number": "0000"}]},
	)
	assert missing.json["error"]["details"] == [
		{
			"field": "line_items[0].account_number",
			"message": f"no ledger account numbered '0000' in {books['company']}",
		}
	]


def test_credit_note_against_an_invoice(api, books):
	original = api.post(f"{BASE}.create_invoice", sales_body(books, submit=True)).json["result"]
	note = api.post(
		f"{BASE}.create_invoice",
		{
			"type": "accounts_receivable",
			"contact_id": CUSTOMER,
			"document_type": "credit_note",
			"return_against_id": original["id"],
			"line_items": [{"name": "Consulting", "unit_price": 150, "account_id": books["income"]}],
			"submit": True,
		},
	)
	assert note.status == 201, note.body
	assert (
		note.json["result"]["document_type"] == "credit_note"
		and note.json["result"]["return_against_id"] == original["id"]
	)
	assert gl(note.json["result"]["id"])[books["income"]] == 150.0


def test_bad_references_are_400_with_every_path(api, books):
	body = sales_body(books, contact_id="Nobody Ltd", submit=True)
	body["line_items"][1]["account_id"] = "No Such Account - X"
	body["line_items"][1]["tracking_categories"] = [
		{"type": "cost_center", "id": "Nowhere - X"},
		{"type": "galaxy", "id": "x"},
	]
	body["line_items"].append({"unit_price": 5})
	body["custom_fields"] = {"no_such_field": 1}
	error = api.post(f"{BASE}.create_invoice", body).json["error"]
	assert error["status"] == 400
	assert {d["field"] for d in error["details"]} == {
		"contact_id",
		"custom_fields.no_such_field",
		"line_items[1].account_id",
		"line_items[1].tracking_categories[0].id",
		"line_items[1].tracking_categories[1].type",
		"line_items[2].name",
		"line_items[2].account_id",
	}


def test_submit_failure_in_a_closed_period_leaves_no_draft(api, books):
	day = add_days(today(), -400)
	period = frappe.get_doc(
		{
			"doctype": "Accounting Period",
			"period_name": f"UA Closed {frappe.generate_hash(length=5)}",
			"start_date": add_days(day, -1),
			"end_date": add_days(day, 1),
			"company": books["company"],
			"closed_documents": [{"document_type": "Sales Invoice", "closed": 1}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		before = drafts_of("customer", CUSTOMER)
		response = api.post(
			f"{BASE}.create_invoice", sales_body(books, issue_date=str(day), due_date=str(day), submit=True)
		)
		assert (response.status, response.json["error"]["type"]) == (422, "validation_error"), response.body
		assert "closed" in response.json["error"]["message"].lower()
		assert drafts_of("customer", CUSTOMER) == before
		assert not frappe.db.exists("Sales Invoice", {"customer": CUSTOMER, "posting_date": day})
	finally:
		frappe.delete_doc("Accounting Period", period.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_dry_run_returns_the_gl_preview_and_writes_nothing(api, books):
	before = frappe.db.count("Sales Invoice")
	response = api.post(f"{BASE}.create_invoice", sales_body(books, submit=True, dry_run=True))
	assert response.status == 201, response.body
	preview = {line["account_id"]: line["net_amount"] for line in response.json["result"]["gl_preview"]}
	assert preview[books["income"]] == -400.0 and preview[books["tax"]] == -40.0
	assert round(sum(preview.values()), 2) == 0 and len(preview) == 3
	assert frappe.db.count("Sales Invoice") == before


def test_update_cancel_delete_lifecycle(api, books):
	draft = api.post(f"{BASE}.create_invoice", sales_body(books)).json["result"]
	updated = api.post(
		f"{BASE}.update_invoice",
		{"id": draft["id"], "memo": "Updated memo", "due_date": str(add_days(today(), 30))},
	)
	assert updated.status == 200 and updated.json["result"]["memo"] == "Updated memo"
	api.post(f"{BASE}.submit_invoice", {"id": draft["id"]})
	refused = api.post(f"{BASE}.update_invoice", {"id": draft["id"], "memo": "late"})
	assert refused.status == 409 and "amend" in refused.json["error"]["message"]
	assert api.post(f"{BASE}.delete_invoice", {"id": draft["id"]}).status == 409
	cancelled = api.post(f"{BASE}.cancel_invoice", {"id": draft["id"]})
	assert cancelled.status == 200 and cancelled.json["result"]["posting_status"] == "cancelled"
	assert gl(draft["id"]) == {}
	kept = api.post(f"{BASE}.delete_invoice", {"id": draft["id"]})
	assert kept.status == 409 and "Accounts Settings" in kept.json["error"]["message"]
	frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 1)
	frappe.db.commit()
	try:
		assert api.post(f"{BASE}.delete_invoice", {"id": draft["id"]}).json == {
			"result": {"id": draft["id"], "deleted": True}
		}
	finally:
		frappe.db.set_single_value("Accounts Settings", "delete_linked_ledger_entries", 0)
		frappe.db.commit()
	assert not frappe.db.exists("Sales Invoice", draft["id"])
	assert not frappe.db.exists("GL Entry", {"voucher_no": draft["id"]})


def test_cancel_is_409_naming_the_payment_that_links_it(api, books):
	"""With ERPNext set not to unlink payments on cancellation, a paid invoice cannot be cancelled."""
	invoice = api.post(f"{BASE}.create_invoice", sales_body(books, submit=True)).json["result"]
	payment = api.post(
		"unified_accounting.api.payments.create_payment",
		{
			"type": "accounts_receivable",
			"contact_id": CUSTOMER,
			"total_amount": 100,
			"account_id": books["cash"],
			"applied_to": [{"related_object_id": invoice["id"], "applied_amount": 100}],
			"submit": True,
		},
	)
	assert payment.status == 201, payment.body
	with accounts_settings(unlink_payment_on_cancellation_of_invoice=0):
		response = api.post(f"{BASE}.cancel_invoice", {"id": invoice["id"]})
	assert (response.status, response.json["error"]["type"]) == (409, "conflict"), response.body
	assert payment.json["result"]["id"] in response.json["error"]["message"]
	assert frappe.db.get_value("Sales Invoice", invoice["id"], "docstatus") == 1
