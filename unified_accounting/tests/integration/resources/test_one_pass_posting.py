"""Posting in one pass: expenses (paid purchase invoices) and statement lines created with `submit: true`
are inserted already submitted (services/core/documents.insert), one validation pass instead of insert()
+ submit(). ERPNext must end in the same place either way: the same document, the same GL and payment
ledger rows; where it does not (unpaid invoices), two passes stay. The submit permission is still asked
(Frappe's check_if_latest does, for a new document already submitted)."""

import pytest

import frappe

from unified_accounting.services.core import documents
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, role_rights
from unified_accounting.tests.support.write_fixtures import CUSTOMER, SUPPLIER

VOLATILE = {"name", "parent", "creation", "modified", "owner", "modified_by", "posting_time", "idx"}
DRAFTER = "UA Invoice Drafter"


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


def invoice(books, doctype: str, **extra) -> dict:
	party = {"customer": CUSTOMER} if doctype == "Sales Invoice" else {"supplier": SUPPLIER}
	account = "income_account" if doctype == "Sales Invoice" else "expense_account"
	line_account = books["income"] if doctype == "Sales Invoice" else books["expense"]
	return {
		"doctype": doctype,
		"company": books["company"],
		**party,
		"items": [
			{
				"item_name": "Consulting",
				"description": "Consulting",
				"qty": 2,
				"rate": 150,
				account: line_account,
			},
			{"item_name": "Travel", "description": "Travel", "qty": 1, "rate": 99.5, account: line_account},
		],
		"taxes": [
			{"charge_type": "On Net Total", "account_head": books["tax"], "rate": 8, "description": "Tax"}
		],
		**extra,
	}


def posted_state(doctype: str, name: str, against: str | None = None) -> dict:
	"""The document, its child rows and its ledger rows, with its own name (and the one it is a return
	against) put as placeholders and the volatile columns out."""
	placeholders = {name: "<self>", against: "<against>"}

	def clean(row: dict) -> dict:
		return {
			key: placeholders.get(value, value) if isinstance(value, str) else value
			for key, value in row.items()
			if key not in VOLATILE and not isinstance(value, list) and not key.startswith("_")
		}

	doc = frappe.get_doc(doctype, name).as_dict()
	ledger = {"voucher_no": name}
	return {
		"doc": clean(doc),
		"children": {t: [clean(r) for r in doc[t]] for t in ("items", "taxes", "payment_schedule")},
		"gl": [
			clean(r)
			for r in frappe.get_all("GL Entry", ledger, ["*"], order_by="account, debit, credit, party")
		],
		"payment_ledger": [
			clean(r)
			for r in frappe.get_all("Payment Ledger Entry", ledger, ["*"], order_by="account, amount")
		],
	}


def differences(expected, found, path: str = "") -> list[str]:
	"""Where two posted states differ, as paths: a readable failure instead of two 600-line dicts."""
	if isinstance(expected, dict) and isinstance(found, dict):
		keys = sorted(set(expected) | set(found))
		return [d for key in keys for d in differences(expected.get(key), found.get(key), f"{path}.{key}")]
	if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
		return [
			d
			for i, pair in enumerate(zip(expected, found, strict=True))
			for d in differences(*pair, f"{path}[{i}]")
		]
	return [] if expected == found else [f"{path}: {expected!r} (two passes) vs {found!r} (one pass)"]


def post_in_one_pass(values: dict):
	doc = frappe.get_doc(values)
	doc.docstatus = 1
	doc.insert()
	return doc


def post_in_two_passes(values: dict):
	doc = frappe.get_doc(values)
	doc.insert()
	doc.submit()
	return doc


def paid(books, **extra) -> dict:
	"""An expense as services/money/expense_writes builds it: paid from cash, paid amount = the total."""
	values = invoice(books, "Purchase Invoice", is_paid=1, mode_of_payment="Cash", **extra)
	values["cash_bank_account"] = books["cash"]
	totals = frappe.get_doc(values)
	totals.calculate_taxes_and_totals()
	return {**values, "paid_amount": totals.rounded_total or totals.grand_total}


def refund_of(books, expense) -> dict:
	values = invoice(books, "Purchase Invoice", is_paid=1, mode_of_payment="Cash")
	for line in values["items"]:
		line["qty"] = -line["qty"]
	return {
		**values,
		"is_return": 1,
		"return_against": expense.name,
		"cash_bank_account": books["cash"],
		"paid_amount": -expense.paid_amount,
	}


def test_a_paid_expense_posts_in_one_pass_as_it_does_in_two(books):
	two, one = post_in_two_passes(paid(books)), post_in_one_pass(paid(books))
	found = posted_state("Purchase Invoice", one.name)
	assert found["gl"] and found["doc"]["outstanding_amount"] == 0
	assert differences(posted_state("Purchase Invoice", two.name), found) == []


def test_a_paid_refund_does_not_post_in_one_pass_as_in_two(books):
	"""Why refunds keep two passes (a guard, as the next test): a return's status is set only once the
	document is not new, so in one pass it would stay Draft."""
	expenses = post_in_two_passes(paid(books)), post_in_two_passes(paid(books))
	two, one = (
		post_in_two_passes(refund_of(books, expenses[0])),
		post_in_one_pass(refund_of(books, expenses[1])),
	)
	expected = posted_state("Purchase Invoice", two.name, against=expenses[0].name)
	found = posted_state("Purchase Invoice", one.name, against=expenses[1].name)
	assert differences(expected, found) == [".doc.status: 'Return' (two passes) vs 'Draft' (one pass)"]
	assert not documents.posts_in_one_pass(frappe.get_doc(refund_of(books, expenses[0])))


def test_an_invoice_with_payment_terms_does_not_post_in_one_pass_as_in_two(books):
	"""Why unpaid invoices keep two passes (a guard: if this fails, ERPNext's validate became idempotent
	after one pass and ONE_PASS may widen). validate_invoice_documents_schedule sets the due date from the
	schedule before it builds the schedule; only the submit's second pass moves it."""
	terms = "UA One Pass 30 Days"
	if not frappe.db.exists("Payment Terms Template", terms):
		term = {"invoice_portion": 100, "due_date_based_on": "Day(s) after invoice date", "credit_days": 30}
		frappe.get_doc(
			{"doctype": "Payment Terms Template", "template_name": terms, "terms": [term]}
		).insert()
	values = invoice(
		books,
		"Sales Invoice",
		posting_date="2026-11-10",
		set_posting_time=1,
		due_date="2026-11-20",
		payment_terms_template=terms,
	)
	two, one = post_in_two_passes(dict(values)), post_in_one_pass(dict(values))
	assert str(two.due_date) == "2026-12-10" != str(one.due_date)
	assert not documents.posts_in_one_pass(frappe.get_doc(invoice(books, "Sales Invoice")))


def test_only_statement_lines_and_paid_purchase_invoices_post_in_one_pass(books):
	assert documents.posts_in_one_pass(frappe.get_doc(paid(books)))
	assert documents.posts_in_one_pass(frappe.get_doc({"doctype": "Bank Transaction"}))
	assert not documents.posts_in_one_pass(frappe.get_doc(paid(books, update_stock=1)))
	assert not documents.posts_in_one_pass(frappe.get_doc(invoice(books, "Purchase Invoice")))
	for doctype in ("Sales Invoice", "Journal Entry", "Payment Entry", "Purchase Order"):
		assert not documents.posts_in_one_pass(frappe.get_doc({"doctype": doctype}))


def test_a_caller_who_may_create_but_not_submit_is_refused_and_nothing_is_left(books):
	"""Over HTTP through the two-pass path (an invoice); the one-pass path's refusal is the next test."""
	if not frappe.db.exists("Role", DRAFTER):
		frappe.get_doc({"doctype": "Role", "role_name": DRAFTER, "desk_access": 1}).insert()
		frappe.db.commit()
	user = ensure_api_user("ua-drafter@example.com", ["Sales User", DRAFTER])
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": books["company"],
		"memo": f"UA drafter {frappe.generate_hash(length=8)}",
		"line_items": [{"name": "Consulting", "unit_price": 150, "account_id": books["income"]}],
	}
	api = ApiClient(SITE, user.token)
	with role_rights("Sales Invoice", DRAFTER, create=1, write=1):
		refused = api.post("unified_accounting.api.invoices.create_invoice", {**body, "submit": True})
		drafted = api.post("unified_accounting.api.invoices.create_invoice", body)
	assert refused.status == 403, refused.json
	assert refused.json["error"]["type"] == "permission_denied"
	assert drafted.status == 201, drafted.json  # the role may create: only the submit was refused
	written = frappe.get_all("Sales Invoice", {"remarks": body["memo"]}, ["name", "docstatus"])
	assert [row.docstatus for row in written] == [0]
	frappe.delete_doc("Sales Invoice", written[0].name, ignore_permissions=True)
	frappe.db.commit()


def test_one_pass_still_asks_the_submit_permission(books):
	if not frappe.db.exists("Role", DRAFTER):
		frappe.get_doc({"doctype": "Role", "role_name": DRAFTER, "desk_access": 1}).insert()
		frappe.db.commit()
	user = ensure_api_user("ua-drafter@example.com", ["Purchase User", DRAFTER])
	with role_rights("Purchase Invoice", DRAFTER, create=1, write=1):
		frappe.set_user(user.name)
		bill_no = f"UA-ONE-PASS-DENIED-{frappe.generate_hash(length=6)}"
		doc = frappe.get_doc(paid(books, bill_no=bill_no))
		with pytest.raises(frappe.PermissionError):
			documents.insert(doc, submit=True)
		frappe.set_user("Administrator")
	assert doc.is_new() and not frappe.db.exists("Purchase Invoice", {"bill_no": bill_no})
