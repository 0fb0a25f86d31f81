"""Invoices read over HTTP against real submitted ERPNext documents."""

import pytest

import frappe

from unified_accounting.schemas import Invoice, InvoiceLineItem, InvoicePayment, InvoiceTax
from unified_accounting.tests.support.invoice_fixtures import EUR_CUSTOMER, make_invoice_set
from unified_accounting.tests.support.utils import (
	ApiClient,
	count_queries,
	custom_field,
	ensure_api_user,
	ensure_company,
	user_permission,
)

LIST = "unified_accounting.api.invoices.list_invoices"
GET = "unified_accounting.api.invoices.get_invoice"


@pytest.fixture(scope="module")
def made():
	return make_invoice_set(f"ua-read-{frappe.generate_hash(length=6)}")


def get(api, name: str) -> dict:
	response = api.get(GET, {"id": name})
	assert response.status == 200, response.body
	return response.json["result"]


def test_shape_lines_taxes_and_payments(api, made):
	invoice = get(api, made["paid"])
	assert set(invoice) == set(Invoice.__annotations__)
	assert set(invoice["line_items"][0]) == set(InvoiceLineItem.__annotations__)
	assert set(invoice["taxes"][0]) == set(InvoiceTax.__annotations__)
	assert set(invoice["payments"][0]) == set(InvoicePayment.__annotations__)
	assert (invoice["type"], invoice["document_type"], invoice["status"], invoice["posting_status"]) == (
		"accounts_receivable",
		"invoice",
		"paid",
		"posted",
	)
	assert (
		invoice["sub_total"],
		invoice["total_tax_amount"],
		invoice["total_amount"],
		invoice["balance"],
	) == (400, 40, 440, 0)
	assert [
		(line["quantity"], line["unit_price"], line["total_amount"]) for line in invoice["line_items"]
	] == [(2, 150, 300), (1, 100, 100)]
	assert invoice["line_items"][0]["tracking_categories"] == [
		{"type": "cost_center", "id": made["books"]["cost_center"], "name": made["books"]["cost_center"]}
	]
	assert invoice["taxes"] == [
		{"account_id": made["books"]["tax"], "description": "Sales tax", "rate": 10.0, "amount": 40.0}
	]
	assert invoice["payments"] == [
		{
			"payment_id": made["paid_payment"],
			"type": "payment",
			"amount": 440.0,
			"date": invoice["payments"][0]["date"],
		}
	]
	assert invoice["paid_on_date"] == invoice["payments"][0]["date"]
	assert invoice["contact"]["type"] == "customer"


def test_partly_paid_draft_cancelled_and_credit_note(api, made):
	partly = get(api, made["partly_paid"])
	assert (partly["status"], partly["balance"], partly["paid_on_date"]) in {
		("partially_paid", 340, None),
		("overdue", 340, None),
	}
	assert (get(api, made["draft"])["status"], get(api, made["draft"])["posting_status"]) == (
		"draft",
		"draft",
	)
	cancelled = get(api, made["cancelled"])
	assert (cancelled["status"], cancelled["posting_status"]) == ("void", "cancelled")
	note = get(api, made["credit_note"])
	assert (note["document_type"], note["return_against_id"], note["total_amount"]) == (
		"credit_note",
		made["open"],
		-150,
	)


def test_multi_currency(api, made):
	invoice = get(api, made["eur"])
	assert (invoice["currency"], invoice["exchange_rate"], invoice["total_amount"]) == ("EUR", 1.1, 440)
	assert invoice["contact"]["id"] == EUR_CUSTOMER


def test_purchase_invoice(api, made):
	invoice = get(api, made["purchase"])
	assert (invoice["type"], invoice["contact"]["type"], invoice["supplier_invoice_number"]) == (
		"accounts_payable",
		"supplier",
		frappe.db.get_value("Purchase Invoice", made["purchase"], "bill_no"),
	)
	assert invoice["line_items"][0]["account_id"] == made["books"]["expense"]


def test_one_list_returns_both_kinds_ordered_with_filters(api, made):
	params = {
		"company": made["company"],
		"updated_after": str(frappe.db.get_value("Sales Invoice", made["paid"], "creation")),
		"limit": 500,
	}
	rows = api.get(LIST, params).json["result"]
	ids = [r["id"] for r in rows]
	assert (
		made["purchase"] in ids and made["paid"] in ids and made["draft"] in ids and made["cancelled"] in ids
	)
	assert [(r["updated_at"], r["id"]) for r in rows] == sorted((r["updated_at"], r["id"]) for r in rows)
	payable = api.get(LIST, {**params, "type": "accounts_payable"}).json["result"]
	assert {r["type"] for r in payable} == {"accounts_payable"}
	paid = api.get(LIST, {**params, "status": "paid", "contact_id": "UA Write Customer"}).json["result"]
	assert made["paid"] in [r["id"] for r in paid] and {r["status"] for r in paid} == {"paid"}
	by_number = api.get(LIST, {"number": made["eur"]}).json["result"]
	assert [r["id"] for r in by_number] == [made["eur"]]


def test_bad_filters_are_400(api):
	error = api.get(LIST, {"status": "lost", "type": "receivable", "issue_date_from": "yesterday"}).json[
		"error"
	]
	assert error["status"] == 400 and "issue_date_from" in {d["field"] for d in error["details"]}
	error = api.get(LIST, {"status": "lost", "type": "receivable"}).json["error"]
	assert {d["field"] for d in error["details"]} == {"status", "type"}


def test_cursor_paging_across_both_doctypes(api, made):
	since = str(frappe.db.get_value("Sales Invoice", made["paid"], "creation"))
	everything = api.get(LIST, {"created_after": since, "limit": 500}).json["result"]
	paged, cursor = [], None
	while True:
		body = api.get(
			LIST, {"created_after": since, "limit": 3, **({"cursor": cursor} if cursor else {})}
		).json
		paged += [r["id"] for r in body["result"]]
		if not (cursor := body["next_cursor"]):
			break
	assert paged == [r["id"] for r in everything] and len(set(paged)) == len(paged) >= 7


def test_custom_fields_on_invoice_and_line_are_typed(api, made):
	with (
		custom_field("Sales Invoice", "ua_deal_value", "Currency"),
		custom_field("Sales Invoice Item", "ua_billable", "Check"),
	):
		frappe.db.set_value("Sales Invoice", made["open"], "ua_deal_value", 1234.5)
		item = frappe.db.get_value("Sales Invoice Item", {"parent": made["open"], "idx": 1})
		frappe.db.set_value("Sales Invoice Item", item, "ua_billable", 1)
		frappe.db.commit()
		invoice = get(api, made["open"])
	assert invoice["custom_fields"]["ua_deal_value"] == 1234.5
	assert [line["custom_fields"].get("ua_billable") for line in invoice["line_items"]] == [True, False]


def test_page_costs_constant_queries(api_user, made):
	from unified_accounting.api.invoices import list_invoices

	frappe.set_user(api_user.name)
	# warm the metadata both pages touch: on a cold cache (a fresh site, a shuffled order) the larger page
	# may be the first to read settlement child tables, and meta loads are not what this counts
	list_invoices(limit=9, type="accounts_receivable")
	with count_queries() as small:
		assert list_invoices(limit=3, type="accounts_receivable").status_code == 200
	with count_queries() as large:
		assert list_invoices(limit=9, type="accounts_receivable").status_code == 200
	# page, items, taxes, then per settlement kind (payments, journal entries) an index lookup and, only
	# when some invoice of the page has one, the permission-checked query; metadata. Never per invoice.
	assert max(small.count, large.count) <= 12, (small.count, large.count)
	assert abs(large.count - small.count) <= 2, (small.count, large.count)


def test_user_without_sales_invoice_read(made):
	from unified_accounting.tests.support.site import SITE

	buyer = ensure_api_user("ua-buyer@example.com", ["Purchase User"])
	client = ApiClient(SITE, buyer.token)
	rows = client.get(LIST, {"limit": 500, "order": "desc"}).json["result"]
	assert rows and {r["type"] for r in rows} == {"accounts_payable"}
	assert client.get(GET, {"id": made["paid"]}).status == 403


def test_company_restriction_hides_rows_lines_and_payments(api, api_user, made):
	second = ensure_company("UA Second Company", "UA2")
	with user_permission(api_user.name, "Company", second):
		rows = api.get(LIST, {"limit": 500}).json["result"]
		single = api.get(GET, {"id": made["paid"]})
	assert all(r["company"] == second for r in rows)
	assert single.status == 403


def test_a_journal_entry_settling_an_invoice_is_one_of_its_payments(api):
	"""Journal Entry allocations are looked up like Payment Entries (an index lookup finds which invoices
	have any, then the permission-checked query): a page or record with one lists it."""
	from unified_accounting.tests.support.write_fixtures import CUSTOMER, books, sale

	book = books()
	created = api.post(
		"unified_accounting.api.invoices.create_invoice", sale(book["income"], "Settled by a journal", 250)
	)
	assert created.status == 201, created.body
	invoice = created.json["result"]["id"]
	receivable = frappe.db.get_value("Sales Invoice", invoice, "debit_to")
	journal = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": book["company"],
			"posting_date": frappe.utils.today(),
			"accounts": [
				{"account": book["cash"], "debit_in_account_currency": 100},
				{
					"account": receivable,
					"party_type": "Customer",
					"party": CUSTOMER,
					"credit_in_account_currency": 100,
					"reference_type": "Sales Invoice",
					"reference_name": invoice,
				},
			],
		}
	)
	journal.insert(ignore_permissions=True)
	journal.submit()
	frappe.db.commit()
	expected = {"payment_id": journal.name, "type": "journal_entry", "amount": 100.0}
	record = get(api, invoice)
	assert [{k: p[k] for k in expected} for p in record["payments"]] == [expected]
	assert record["balance"] == 150
	listed = api.get(LIST, {"number": invoice}).json["result"]
	assert [i["payments"] for i in listed] == [record["payments"]]
