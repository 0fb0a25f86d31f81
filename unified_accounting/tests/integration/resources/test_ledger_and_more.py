"""Journal entries, payments, transactions, contacts and tracking categories read over HTTP."""

import pytest

import frappe

from unified_accounting.inputs import JournalEntryCreate
from unified_accounting.schemas import (
	Contact,
	JournalEntry,
	JournalEntryLine,
	Payment,
	TrackingCategory,
	Transaction,
)
from unified_accounting.services.ledger.journal_writes import create_journal_entry
from unified_accounting.tests.support.invoice_fixtures import make_invoice_set
from unified_accounting.tests.support.utils import (
	ApiClient,
	count_queries,
	ensure_api_user,
	ensure_company,
	user_permission,
)
from unified_accounting.tests.support.write_fixtures import CUSTOMER, SUPPLIER

API = "unified_accounting.api"
LOCATION = "UA Test Location"


@pytest.fixture(scope="module")
def made():
	made = make_invoice_set(f"ua-ledger-{frappe.generate_hash(length=6)}")
	ensure_location_dimension()
	books = made["books"]
	lines = [
		{
			"account_id": books["expense"],
			"debit": 700,
			"tracking_categories": [
				{"type": "cost_center", "id": books["cost_center"]},
				{"type": "location", "id": LOCATION},
			],
		},
		{"account_id": books["receivable"], "credit": 200, "contact": {"type": "customer", "id": CUSTOMER}},
		{"account_id": books["cash"], "credit": 500, "description": "net pay"},
	]
	made["journal"] = create_journal_entry(
		JournalEntryCreate.model_validate({"memo": "payroll", "lines": lines, "submit": True})
	).name
	made["journal_draft"] = create_journal_entry(
		JournalEntryCreate.model_validate({"lines": [*lines[:1], {**lines[2], "credit": 700}]})
	).name
	frappe.db.commit()
	return made


def ensure_location_dimension() -> None:
	"""An Accounting Dimension on Location (created once per site, left in place)."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import (
		make_dimension_in_accounting_doctypes,
	)

	if not frappe.db.exists("Location", LOCATION):
		frappe.get_doc({"doctype": "Location", "location_name": LOCATION}).insert(ignore_permissions=True)
	if not frappe.db.exists("Accounting Dimension", {"document_type": "Location"}):
		dimension = frappe.get_doc({"doctype": "Accounting Dimension", "document_type": "Location"})
		dimension.flags.ignore_permissions = True
		dimension.insert()
	if not frappe.get_meta("GL Entry").has_field("location"):
		# ERPNext queues this for a background worker outside tests; run it now.
		make_dimension_in_accounting_doctypes(
			doc=frappe.get_doc("Accounting Dimension", {"document_type": "Location"})
		)
	frappe.db.commit()
	frappe.clear_cache()


def test_journal_entry_shape_lines_and_tracking(api, made):
	entry = api.get(f"{API}.journal_entries.get_journal_entry", {"id": made["journal"]}).json["result"]
	assert set(entry) == set(JournalEntry.__annotations__) and set(entry["lines"][0]) == set(
		JournalEntryLine.__annotations__
	)
	assert (entry["voucher_type"], entry["posting_status"], entry["total_debit"], entry["currency"]) == (
		"journal_entry",
		"posted",
		700,
		"USD",
	)
	first, party = entry["lines"][0], entry["lines"][1]
	assert (first["debit"], first["net_amount"]) == (700, 700) and party["net_amount"] == -200
	assert {"type": "location", "id": LOCATION, "name": LOCATION} in first["tracking_categories"]
	assert party["contact"] == {"id": CUSTOMER, "name": None, "type": "customer"}


def test_journal_entry_filters(api, made):
	drafts = api.get(
		f"{API}.journal_entries.list_journal_entries", {"posting_status": "draft", "limit": 500}
	).json["result"]
	assert made["journal_draft"] in [e["id"] for e in drafts] and {e["posting_status"] for e in drafts} == {
		"draft"
	}
	error = api.get(f"{API}.journal_entries.list_journal_entries", {"posting_status": "final"}).json["error"]
	assert (error["status"], error["details"][0]["field"]) == (400, "posting_status")


def test_payment_shape_and_filters(api, made):
	payment = api.get(f"{API}.payments.get_payment", {"id": made["paid_payment"]}).json["result"]
	assert set(payment) == set(Payment.__annotations__)
	assert (payment["type"], payment["account_id"], payment["total_amount"]) == (
		"accounts_receivable",
		made["books"]["cash"],
		440,
	)
	assert payment["applied_to"] == [
		{"related_object_type": "invoice", "related_object_id": made["paid"], "applied_amount": 440.0}
	]
	by_invoice = api.get(f"{API}.payments.list_payments", {"invoice_id": made["partly_paid"]}).json["result"]
	assert [p["id"] for p in by_invoice] == [made["partly_paid_payment"]]
	assert api.get(f"{API}.payments.list_payments", {"type": "refund"}).status == 400


def test_gl_lines_of_a_voucher(api, made):
	rows = api.get(
		f"{API}.transactions.list_transactions", {"underlying_transaction_id": made["paid"], "limit": 50}
	).json["result"]
	assert rows and set(rows[0]) == set(Transaction.__annotations__)
	assert round(sum(r["net_amount"] for r in rows), 2) == 0
	assert {r["underlying_transaction"]["type"] for r in rows} == {"invoice"}
	assert {r["account_id"]: r["net_amount"] for r in rows}[made["books"]["income"]] == -400
	located = api.get(
		f"{API}.transactions.list_transactions", {"underlying_transaction_id": made["journal"]}
	).json["result"]
	assert any(
		{"type": "location", "id": LOCATION, "name": LOCATION} in r["tracking_categories"] for r in located
	)


def test_cancelled_gl_lines_only_when_asked(api, made):
	params = {"underlying_transaction_id": made["cancelled"]}
	assert api.get(f"{API}.transactions.list_transactions", params).json["result"] == []
	cancelled = api.get(f"{API}.transactions.list_transactions", {**params, "include_cancelled": 1}).json[
		"result"
	]
	assert cancelled and all(r["is_cancelled"] for r in cancelled)


def test_gl_account_and_type_filters(api, made):
	cash = api.get(
		f"{API}.transactions.list_transactions",
		{"account_id": made["books"]["cash"], "underlying_transaction_type": "payment", "limit": 500},
	).json["result"]
	assert cash and {(r["account_id"], r["underlying_transaction"]["erpnext_doctype"]) for r in cash} == {
		(made["books"]["cash"], "Payment Entry")
	}


def test_gl_export_page_costs_constant_queries(api_user, made):
	from unified_accounting.api.transactions import list_transactions

	frappe.set_user(api_user.name)
	list_transactions(limit=50)  # warm the metadata caches the larger page touches
	with count_queries() as small:
		list_transactions(limit=5)
	with count_queries() as large:
		list_transactions(limit=50)
	assert small.count == large.count


def test_gl_restricted_to_a_company(api, api_user, made):
	second = ensure_company("UA Second Company", "UA2")
	with user_permission(api_user.name, "Company", second):
		rows = api.get(f"{API}.transactions.list_transactions", {"limit": 500}).json["result"]
		one = api.get(
			f"{API}.transactions.list_transactions", {"underlying_transaction_id": made["paid"]}
		).json["result"]
	assert all(r["company"] == second for r in rows) and one == []


def test_user_without_gl_read_gets_403():
	from unified_accounting.tests.support.site import SITE

	clerk = ApiClient(SITE, ensure_api_user("ua-clerk@example.com", ["Desk User"]).token)
	assert clerk.get(f"{API}.transactions.list_transactions").status == 403
	assert clerk.get(f"{API}.journal_entries.list_journal_entries").status == 403


def test_contacts_both_kinds_and_ambiguity(api, made):
	customer = api.get(f"{API}.contacts.get_contact", {"id": CUSTOMER, "type": "customer"}).json["result"]
	assert set(customer) == set(Contact.__annotations__) and customer["type"] == "customer"
	suppliers = api.get(f"{API}.contacts.list_contacts", {"type": "supplier", "limit": 500}).json["result"]
	assert SUPPLIER in [s["id"] for s in suppliers] and {s["type"] for s in suppliers} == {"supplier"}
	both = api.get(f"{API}.contacts.list_contacts", {"limit": 500}).json["result"]
	assert {"customer", "supplier"} <= {c["type"] for c in both}
	if not frappe.db.exists("Supplier", CUSTOMER):
		frappe.get_doc(
			{"doctype": "Supplier", "supplier_name": CUSTOMER, "supplier_group": "All Supplier Groups"}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	ambiguous = api.get(f"{API}.contacts.get_contact", {"id": CUSTOMER}).json["error"]
	assert ambiguous["details"] == [{"field": "type", "message": "required: the id is ambiguous"}]
	assert (
		api.get(f"{API}.contacts.get_contact", {"id": CUSTOMER, "type": "supplier"}).json["result"]["type"]
		== "supplier"
	)


def test_tracking_categories_include_dimensions(api, made):
	rows = api.get(f"{API}.tracking_categories.list_tracking_categories", {"limit": 500}).json["result"]
	assert rows and set(rows[0]) == set(TrackingCategory.__annotations__)
	kinds = {r["type"] for r in rows}
	assert {"cost_center", "location"} <= kinds
	assert {"type": "location", "id": LOCATION} in [{"type": r["type"], "id": r["id"]} for r in rows]
	only = api.get(
		f"{API}.tracking_categories.list_tracking_categories",
		{"type": "cost_center", "company": made["company"], "limit": 500},
	).json["result"]
	assert only and {(r["type"], r["company"]) for r in only} == {("cost_center", made["company"])}
	assert api.get(f"{API}.tracking_categories.list_tracking_categories", {"type": "planet"}).status == 400


def test_the_cached_dimension_list_follows_accounting_dimension_changes(made):
	"""Reads take the enabled Accounting Dimensions from Redis; saving a dimension drops the list, and so
	does the end of the transaction, so a list built from uncommitted rows does not outlive a rollback."""
	from unified_accounting.services.core.records import DIMENSIONS_KEY, enabled_dimensions

	def cached() -> list[tuple[str, str]]:
		return [tuple(d) for d in frappe.cache.get_value(DIMENSIONS_KEY, generator=enabled_dimensions)]

	location = ("location", "Location")
	assert location in cached()
	dimension = frappe.get_doc("Accounting Dimension", {"document_type": "Location"})
	dimension.disabled = 1
	dimension.save(ignore_permissions=True)
	try:
		assert location not in cached()
	finally:
		frappe.db.rollback()
	assert location in cached()
