"""Expenses over HTTP: a card purchase is one paid, posted Purchase Invoice, checked against the GL, the
outstanding amount and status ERPNext computed; bad input leaves nothing behind."""

import pytest

import frappe

from unified_accounting.schemas import Expense
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user
from unified_accounting.tests.support.write_fixtures import CARD_METHOD, SUPPLIER, card_books, gl

API = "unified_accounting.api.expenses"


@pytest.fixture(scope="module")
def spend():
	"""The first company's books with a card (write_fixtures.card_books)."""
	return card_books()


def taxi(spend, **extra) -> dict:
	return {
		"contact_id": SUPPLIER,
		"account_id": spend["card"],
		"payment_method": CARD_METHOD,
		"transaction_date": frappe.utils.today(),
		"reference": "RCPT-881",
		"memo": "Taxi to the client",
		"line_items": [{"description": "Taxi", "unit_price": 45.5, "account_id": spend["expense"]}],
		"taxes": [{"account_id": spend["tax"], "rate": 10, "description": "VAT"}],
		**extra,
	}


def purchase_invoices() -> int:
	return frappe.db.count("Purchase Invoice", {"supplier": SUPPLIER})


def test_a_card_expense_is_paid_and_posted_in_one_call(api, spend):
	created = api.post(f"{API}.create_expense", taxi(spend))
	assert created.status == 201, created.body
	expense = created.json["result"]
	assert set(expense) == set(Expense.__annotations__)
	assert (expense["posting_status"], expense["total_amount"], expense["paid_amount"]) == (
		"posted",
		50.05,
		50.05,
	)
	assert (expense["account_id"], expense["payment_method"], expense["reference"]) == (
		spend["card"],
		CARD_METHOD,
		"RCPT-881",
	)
	assert expense["contact"]["id"] == SUPPLIER and expense["line_items"][0]["account_id"] == spend["expense"]
	doc = frappe.get_doc("Purchase Invoice", expense["id"])
	assert (doc.is_paid, doc.outstanding_amount, doc.status) == (1, 0, "Paid")  # nothing left payable
	assert gl(expense["id"]) == {
		spend["expense"]: 45.5,
		spend["tax"]: 4.55,
		spend["card"]: -50.05,
		doc.credit_to: 0.0,  # booked to the supplier and paid in the same voucher
	}
	as_invoice = api.get("unified_accounting.api.invoices.get_invoice", {"id": expense["id"]}).json["result"]
	assert (as_invoice["status"], as_invoice["balance"]) == ("paid", 0)


def test_expenses_list_and_get_only_paid_purchases(api, spend):
	since = frappe.utils.now_datetime().replace(microsecond=0) - frappe.utils.datetime.timedelta(seconds=1)
	expense = api.post(f"{API}.create_expense", taxi(spend, reference="RCPT-882")).json["result"]
	bill = api.post(
		"unified_accounting.api.invoices.create_invoice",
		{
			"type": "accounts_payable",
			"contact_id": SUPPLIER,
			"line_items": [{"description": "Not paid yet", "unit_price": 10, "account_id": spend["expense"]}],
		},
	).json["result"]
	listed, cursor = [], None
	for _page in range(50):
		params = {"account_id": spend["card"], "created_after": since.isoformat(), "limit": 2}
		params.update({"cursor": cursor} if cursor else {})
		body = api.get(f"{API}.list_expenses", params).json
		listed += body["result"]
		if not (cursor := body["next_cursor"]):
			break
	ids = {e["id"] for e in listed}
	paid_from_card = {"is_paid": 1, "cash_bank_account": spend["card"], "creation": (">", since)}
	assert ids == set(frappe.get_all("Purchase Invoice", paid_from_card, pluck="name"))
	assert expense["id"] in ids and bill["id"] not in ids
	assert (
		next(e for e in listed if e["id"] == expense["id"])
		== api.get(f"{API}.get_expense", {"id": expense["id"]}).json["result"]
	)
	not_an_expense = api.get(f"{API}.get_expense", {"id": bill["id"]})
	assert not_an_expense.status == 404 and not_an_expense.json["error"]["type"] == "not_found"
	drafts = api.get(f"{API}.list_expenses", {"posting_status": "draft", "limit": 100}).json["result"]
	assert bill["id"] not in {e["id"] for e in drafts}


@pytest.mark.parametrize(
	"change, field",
	[
		({"account_id": "expense"}, "account_id"),  # not a Bank or Cash account
		({"account_id": None}, "account_id"),
		({"account_id": "UA No Such Card"}, "account_id"),
		({"payment_method": "UA No Such Method"}, "payment_method"),
		({"contact_id": "UA No Such Merchant"}, "contact_id"),
		({"line_items": [{"description": "Taxi", "unit_price": 5}]}, "line_items[0].account_id"),
	],
)
def test_bad_expenses_are_400_naming_the_field_and_leave_nothing(api, spend, change, field):
	if change.get("account_id") == "expense":
		change = {"account_id": spend["expense"]}
	before = purchase_invoices()
	refused = api.post(f"{API}.create_expense", taxi(spend, **change))
	assert refused.status == 400, refused.body
	assert field in {d["field"] for d in refused.json["error"]["details"]}, refused.body
	assert purchase_invoices() == before


def test_a_draft_expense_is_submitted_then_voided(api, spend):
	draft = api.post(f"{API}.create_expense", taxi(spend, submit=False)).json["result"]
	assert draft["posting_status"] == "draft" and gl(draft["id"]) == {}
	posted = api.post(f"{API}.submit_expense", {"id": draft["id"]}).json["result"]
	assert posted["posting_status"] == "posted" and gl(draft["id"])[spend["card"]] == -50.05
	voided = api.post(f"{API}.void_expense", {"id": draft["id"]})
	assert voided.status == 200 and voided.json["result"]["posting_status"] == "cancelled"
	assert gl(draft["id"]) == {}  # ERPNext reversed every entry


def test_dry_run_and_idempotency(api, spend):
	before = purchase_invoices()
	preview = api.post(f"{API}.create_expense", taxi(spend, dry_run=True))
	assert preview.status == 201, preview.body
	lines = {(row["account_id"], row["credit"]) for row in preview.json["result"]["gl_preview"]}
	assert (spend["card"], 50.05) in lines
	assert purchase_invoices() == before
	key = {"Idempotency-Key": frappe.generate_hash(length=20)}
	first = api.post(f"{API}.create_expense", taxi(spend), headers=key)
	again = api.post(f"{API}.create_expense", taxi(spend), headers=key)
	assert first.status == again.status == 201 and first.json["result"]["id"] == again.json["result"]["id"]
	assert purchase_invoices() == before + 1


def test_expenses_follow_erpnext_roles(spend):
	seller = ApiClient(SITE, ensure_api_user("ua-exp-sales@example.com", ["Sales User"]).token)
	frappe.db.commit()
	assert seller.get(f"{API}.list_expenses").status == 403
	before = purchase_invoices()
	assert seller.post(f"{API}.create_expense", taxi(spend)).status == 403
	assert purchase_invoices() == before


def test_a_card_refund_puts_the_money_back_on_the_card(api, spend):
	bought = api.post(f"{API}.create_expense", taxi(spend))
	assert bought.status == 201, bought.body
	refund = api.post(f"{API}.create_expense", taxi(spend, document_type="refund", reference="RFND-881"))
	assert refund.status == 201, refund.body
	back = refund.json["result"]
	assert (back["document_type"], back["total_amount"], back["paid_amount"]) == ("refund", -50.05, -50.05)
	assert bought.json["result"]["document_type"] == "expense"
	assert frappe.db.get_value("Purchase Invoice", back["id"], ["is_return", "outstanding_amount"]) == (1, 0)
	posted = gl(back["id"])
	assert (posted[spend["card"]], posted[spend["expense"]], posted[spend["tax"]]) == (50.05, -45.5, -4.55)
	assert (
		sum(
			amount
			for account, amount in posted.items()
			if account not in (spend["card"], spend["expense"], spend["tax"])
		)
		== 0
	)
	fetched = api.get(f"{API}.get_expense", {"id": back["id"]}).json["result"]
	assert fetched == back


def test_the_receipt_is_attached_in_the_same_call(api, spend):
	import base64

	receipt = b"%PDF-1.4 receipt 8812"
	body = taxi(
		spend, receipts=[{"file_name": "rcpt-8812.txt", "content_base64": base64.b64encode(receipt).decode()}]
	)
	created = api.post(f"{API}.create_expense", body)
	assert created.status == 201, created.body
	expense_id = created.json["result"]["id"]
	files = api.get("unified_accounting.api.attachments.list_attachments", {"attached_to_id": expense_id})
	assert files.status == 200, files.body
	(attached,) = files.json["result"]
	assert (attached["name"], attached["attached_to"]["id"], attached["is_private"]) == (
		"rcpt-8812.txt",
		expense_id,
		True,
	)
	path = frappe.get_doc("File", attached["id"]).get_full_path()
	with open(path, "rb") as f:
		assert f.read() == receipt


def test_a_bad_receipt_is_400_and_leaves_no_expense_and_no_file(api, spend):
	before = (purchase_invoices(), frappe.db.count("File"))
	for content in ("not base64!", ""):
		body = taxi(spend, receipts=[{"file_name": "r.txt", "content_base64": content}])
		response = api.post(f"{API}.create_expense", body)
		assert response.status == 400, response.body
		assert response.json["error"]["details"][0]["field"] == "receipts[0].content_base64", response.body
	assert (purchase_invoices(), frappe.db.count("File")) == before


def test_without_a_merchant_the_settings_default_supplier_is_used(api, spend, settings):
	body = {key: value for key, value in taxi(spend).items() if key != "contact_id"}
	refused = api.post(f"{API}.create_expense", body)
	assert refused.status == 400 and refused.json["error"]["details"][0]["field"] == "contact_id", (
		refused.body
	)
	settings.default_expense_supplier = SUPPLIER
	settings.save()
	frappe.db.commit()
	created = api.post(f"{API}.create_expense", body)
	assert created.status == 201, created.body
	assert created.json["result"]["contact"]["id"] == SUPPLIER


def test_a_draft_expense_is_corrected_then_posted_and_then_only_allow_on_submit_fields_change(api, spend):
	draft = api.post(f"{API}.create_expense", taxi(spend, submit=False)).json["result"]
	lines = [{"description": "Taxi and tip", "unit_price": 50, "account_id": spend["expense"]}]
	fixed = api.post(
		f"{API}.update_expense",
		{"id": draft["id"], "memo": "Taxi, corrected", "line_items": lines, "taxes": []},
	)
	assert fixed.status == 200, fixed.body
	assert (fixed.json["result"]["memo"], fixed.json["result"]["total_amount"]) == ("Taxi, corrected", 50)
	bad = api.post(f"{API}.update_expense", {"id": draft["id"], "account_id": spend["expense"]})
	assert bad.status == 400 and bad.json["error"]["details"][0]["field"] == "account_id"
	assert api.post(f"{API}.submit_expense", {"id": draft["id"]}).json["result"]["paid_amount"] == 50
	refused = api.post(f"{API}.update_expense", {"id": draft["id"], "memo": "too late"})
	assert refused.status == 409, refused.body


def test_a_foreign_card_expense_posts_at_the_cards_rate(api, spend):
	from unified_accounting.tests.support.invoice_fixtures import ensure_exchange_rate

	ensure_exchange_rate("EUR", "USD", 1.1)
	frappe.db.commit()
	body = taxi(spend, currency="EUR", exchange_rate=1.25, taxes=[])
	created = api.post(f"{API}.create_expense", body)
	assert created.status == 201, created.body
	expense = created.json["result"]
	assert (expense["currency"], expense["exchange_rate"], expense["total_amount"]) == ("EUR", 1.25, 45.5)
	posted = gl(expense["id"])
	assert (posted[spend["expense"]], posted[spend["card"]]) == (56.88, -56.88)  # 45.50 EUR at 1.25, in USD
