"""Orders over HTTP: a sales order invoiced in two steps and a purchase order billed, with ERPNext's own
mappers; billed quantities and statuses checked against ERPNext's order after each conversion; over-
billing and closed orders refused with nothing written."""

import pytest

import frappe
from frappe.utils import add_days, today

from unified_accounting.schemas import Order, OrderLine
from unified_accounting.tests.integration.resources.test_allocations import new_supplier
from unified_accounting.tests.support.write_fixtures import books as write_books
from unified_accounting.tests.support.write_fixtures import new_customer

API = "unified_accounting.api"
ITEM = "UA-ORDER-SERVICE"


@pytest.fixture(scope="module")
def api():
	"""Orders are ERPNext's Sales and Purchase Users' documents; invoices the Accounts User's."""
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

	roles = ["Accounts User", "Sales User", "Sales Manager", "Purchase User", "Purchase Manager"]
	return ApiClient(SITE, ensure_api_user("ua-orders@example.com", roles).token)


@pytest.fixture(scope="module")
def books():
	made = write_books()
	if not frappe.db.exists("Item", ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": ITEM,
				"item_group": "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"item_defaults": [
					{
						"company": made["company"],
						"income_account": made["income"],
						"expense_account": made["expense"],
					}
				],
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	return made


def order(api, kind: str, contact: str, quantity: float = 5, price: float = 20, **extra) -> dict:
	body = {
		"contact_id": contact,
		"expected_date": add_days(today(), 10),
		"line_items": [{"item_id": ITEM, "quantity": quantity, "unit_price": price}],
		"submit": True,
		**extra,
	}
	response = api.post(f"{API}.{kind}_orders.create_{kind}_order", body)
	assert response.status == 201, response.body
	return response.json["result"]


def test_a_sales_order_is_invoiced_in_two_steps(api, books):
	customer = new_customer("UA Order Customer")
	made = order(api, "sales", customer)
	assert list(made) == list(Order.__annotations__)
	(line,) = made["line_items"]
	assert list(line) == list(OrderLine.__annotations__)
	assert (made["type"], made["status"], made["total_amount"], line["status"]) == (
		"sales_order",
		"to_fulfill_and_bill",
		100,
		"open",
	)
	first = api.post(
		f"{API}.sales_orders.invoice_sales_order",
		{"id": made["id"], "line_items": [{"line_id": line["id"], "quantity": 3}], "submit": True},
	)
	assert first.status == 201, first.body
	invoice = first.json["result"]
	assert (invoice["total_amount"], invoice["line_items"][0]["quantity"]) == (60, 3)
	assert (invoice["line_items"][0]["order_id"], invoice["line_items"][0]["order_line_id"]) == (
		made["id"],
		line["id"],
	)
	after = api.get(f"{API}.sales_orders.get_sales_order", {"id": made["id"]}).json["result"]
	billed = frappe.db.get_value("Sales Order Item", line["id"], "billed_amt")
	assert (after["line_items"][0]["billed_amount"], after["line_items"][0]["billed_quantity"]) == (billed, 3)
	assert after["line_items"][0]["status"] == "partially_billed" and after["invoice_ids"] == [invoice["id"]]
	assert after["percent_billed"] == frappe.db.get_value("Sales Order", made["id"], "per_billed") == 60
	too_much = api.post(
		f"{API}.sales_orders.invoice_sales_order",
		{"id": made["id"], "line_items": [{"line_id": line["id"], "quantity": 3}]},
	)
	assert (
		too_much.status == 400 and too_much.json["error"]["details"][0]["field"] == "line_items[0].quantity"
	)
	rest = api.post(f"{API}.sales_orders.invoice_sales_order", {"id": made["id"], "submit": True})
	assert rest.status == 201 and rest.json["result"]["line_items"][0]["quantity"] == 2, rest.body
	done = api.get(f"{API}.sales_orders.get_sales_order", {"id": made["id"]}).json["result"]
	assert (done["percent_billed"], done["line_items"][0]["status"], done["status"]) == (
		100,
		"billed",
		"to_fulfill",
	)
	nothing = api.post(f"{API}.sales_orders.invoice_sales_order", {"id": made["id"]})
	assert nothing.status == 400 and nothing.json["error"]["details"][0]["field"] == "id"


def test_a_purchase_order_is_billed_and_a_closed_one_is_refused(api, books):
	supplier = new_supplier("UA Order Supplier")
	made = order(api, "purchase", supplier, quantity=4, price=25)
	assert (made["type"], made["status"]) == ("purchase_order", "to_fulfill_and_bill")
	bill = api.post(
		f"{API}.purchase_orders.bill_purchase_order",
		{"id": made["id"], "supplier_invoice_number": f"S-{frappe.generate_hash(length=5)}"},
	)
	assert bill.status == 201, bill.body
	draft = bill.json["result"]
	assert (draft["posting_status"], draft["total_amount"], draft["line_items"][0]["order_id"]) == (
		"draft",
		100,
		made["id"],
	)
	assert api.post(f"{API}.invoices.submit_invoice", {"id": draft["id"]}).status == 200
	assert frappe.db.get_value("Purchase Order", made["id"], ["per_billed", "status"]) == (100, "To Receive")
	assert (
		api.get(f"{API}.purchase_orders.get_purchase_order", {"id": made["id"]}).json["result"]["status"]
		== "to_fulfill"
	)

	other = order(api, "purchase", supplier, quantity=2, price=10)
	closed = api.post(f"{API}.purchase_orders.close_purchase_order", {"id": other["id"]})
	assert closed.status == 200 and closed.json["result"]["status"] == "closed", closed.body
	before = frappe.db.count("Purchase Invoice", {"supplier": supplier})
	refused = api.post(f"{API}.purchase_orders.bill_purchase_order", {"id": other["id"]})
	assert 400 <= refused.status < 500 and "closed" in refused.json["error"]["message"].lower(), refused.body
	assert frappe.db.count("Purchase Invoice", {"supplier": supplier}) == before


def test_bad_orders_are_400_naming_the_field_and_write_nothing(api, books):
	customer = new_customer("UA Order Bad")
	before = frappe.db.count("Sales Order", {"customer": customer})
	body = {
		"contact_id": customer,
		"expected_date": today(),
		"line_items": [{"item_id": "UA-NO-SUCH-ITEM", "quantity": 1, "unit_price": 1}],
	}
	response = api.post(f"{API}.sales_orders.create_sales_order", body)
	assert response.status == 400 and response.json["error"]["details"][0]["field"] == "line_items[0].item_id"
	made = order(api, "sales", customer, submit=False)
	unposted = api.post(f"{API}.sales_orders.invoice_sales_order", {"id": made["id"]})
	assert unposted.status == 400 and unposted.json["error"]["details"][0]["field"] == "id"
	assert frappe.db.count("Sales Order", {"customer": customer}) == before + 1
	listed = api.get(f"{API}.sales_orders.list_sales_orders", {"contact_id": customer}).json["result"]
	assert [o["id"] for o in listed] == [made["id"]] and listed[0]["posting_status"] == "draft"


def test_quotes_are_read_with_their_lines(api, books):
	customer = new_customer("UA Quote Customer")
	quote = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"company": books["company"],
			"transaction_date": today(),
			"valid_till": add_days(today(), 30),
			"items": [{"item_code": ITEM, "qty": 2, "rate": 45}],
		}
	).insert(ignore_permissions=True)
	quote.submit()
	frappe.db.commit()
	from unified_accounting.schemas import Quote, QuoteLine

	listed = api.get(f"{API}.quotes.list_quotes", {"contact_id": customer})
	assert listed.status == 200, listed.body
	(found,) = listed.json["result"]
	assert list(found) == list(Quote.__annotations__) and list(found["line_items"][0]) == list(
		QuoteLine.__annotations__
	)
	assert (found["id"], found["status"], found["total_amount"], found["contact"]["type"]) == (
		quote.name,
		"open",
		90,
		"customer",
	)
	assert found["valid_until"] == str(quote.valid_till) and found["line_items"][0]["quantity"] == 2
	assert api.get(f"{API}.quotes.get_quote", {"id": quote.name}).json["result"] == found


def test_an_advance_on_the_order_settles_its_invoice(api, books):
	"""A deposit taken on a sales order is offered (only it) when the order is invoiced: ERPNext's advance
	allocation, so the invoice is born partly paid."""
	customer = new_customer("UA Order Deposit")
	made = order(api, "sales", customer, quantity=1, price=100)
	deposit = {
		"type": "accounts_receivable",
		"contact_id": customer,
		"total_amount": 40,
		"account_id": books["cash"],
		"applied_to": [
			{"related_object_type": "sales_order", "related_object_id": made["id"], "applied_amount": 40}
		],
		"submit": True,
	}
	paid = api.post(f"{API}.payments.create_payment", deposit)
	assert paid.status == 201, paid.body
	assert paid.json["result"]["applied_to"] == [
		{"related_object_type": "sales_order", "related_object_id": made["id"], "applied_amount": 40}
	]
	assert frappe.db.get_value("Sales Order", made["id"], "advance_paid") == 40
	too_much = {
		**deposit,
		"total_amount": 70,
		"applied_to": [{**deposit["applied_to"][0], "applied_amount": 70}],
	}
	refused = api.post(f"{API}.payments.create_payment", too_much)
	assert (
		refused.status == 400
		and refused.json["error"]["details"][0]["field"] == "applied_to[0].applied_amount"
	)
	invoiced = api.post(f"{API}.sales_orders.invoice_sales_order", {"id": made["id"], "submit": True})
	assert invoiced.status == 201, invoiced.body
	invoice = invoiced.json["result"]
	assert (invoice["balance"], invoice["status"]) == (60, "partially_paid")
	assert frappe.db.get_value("Sales Invoice", invoice["id"], ["outstanding_amount", "status"]) == (
		60,
		"Partly Paid",
	)
	assert [p["payment_id"] for p in invoice["payments"]] == [paid.json["result"]["id"]]


def test_a_draft_order_is_changed_then_posted_and_then_refuses_changes(api, books):
	customer = new_customer("UA Order Update")
	draft = order(api, "sales", customer, submit=False)
	lines = [
		{"item_id": ITEM, "quantity": 2, "unit_price": 30},
		{"item_id": ITEM, "quantity": 1, "unit_price": 5},
	]
	changed = api.post(f"{API}.sales_orders.update_sales_order", {"id": draft["id"], "line_items": lines})
	assert changed.status == 200, changed.body
	assert (changed.json["result"]["total_amount"], len(changed.json["result"]["line_items"])) == (65, 2)
	bad = api.post(
		f"{API}.sales_orders.update_sales_order",
		{"id": draft["id"], "line_items": [{**lines[0], "item_id": "UA-NO-ITEM"}]},
	)
	assert bad.status == 400 and bad.json["error"]["details"][0]["field"] == "line_items[0].item_id"
	assert api.post(f"{API}.sales_orders.submit_sales_order", {"id": draft["id"]}).status == 200
	refused = api.post(f"{API}.sales_orders.update_sales_order", {"id": draft["id"], "line_items": lines[:1]})
	assert refused.status == 409, refused.body
	assert frappe.db.get_value("Sales Order", draft["id"], "grand_total") == 65


def test_a_purchase_order_is_received_in_two_steps_then_billed_three_ways(api, books):
	"""Received quantities and statuses are ERPNext's own after each receipt; the bill names the same
	order lines as the receipts (three-way match); over-receiving and unknown lines write nothing."""
	supplier = new_supplier("UA Receipt Supplier")
	made = order(api, "purchase", supplier, quantity=5, price=10)
	(line,) = made["line_items"]
	dry = api.post(
		f"{API}.purchase_orders.receive_purchase_order",
		{
			"id": made["id"],
			"line_items": [{"line_id": line["id"], "quantity": 2}],
			"submit": True,
			"dry_run": True,
		},
	)
	assert dry.status == 200 and dry.json["result"]["line_items"][0]["fulfilled_quantity"] == 2, dry.body
	assert not frappe.db.exists("Purchase Receipt Item", {"purchase_order": made["id"]})
	body = {"id": made["id"], "line_items": [{"line_id": line["id"], "quantity": 2}], "submit": True}
	first = api.post(f"{API}.purchase_orders.receive_purchase_order", body)
	assert first.status == 200, first.body
	received = first.json["result"]
	(receipt,) = received["fulfillment_ids"]
	assert frappe.db.get_value("Purchase Receipt", receipt, ["docstatus", "supplier"]) == (1, supplier)
	ours = (
		received["line_items"][0]["fulfilled_quantity"],
		received["percent_fulfilled"],
		received["status"],
	)
	theirs = frappe.db.get_value("Purchase Order", made["id"], ["per_received", "status"])
	assert ours == (2, theirs[0], "to_fulfill_and_bill") and theirs == (40, "To Receive and Bill")

	too_many = {"id": made["id"], "line_items": [{"line_id": line["id"], "quantity": 4}]}
	refused = api.post(f"{API}.purchase_orders.receive_purchase_order", too_many)
	assert refused.json["error"]["details"] == [
		{"field": "line_items[0].quantity", "message": "exceeds the quantity still to receive, 3"}
	]
	unknown = {"id": made["id"], "line_items": [{"line_id": "UA-NO-SUCH-LINE", "quantity": 1}]}
	assert api.post(f"{API}.purchase_orders.receive_purchase_order", unknown).status == 400
	bad_place = {"id": made["id"], "warehouse_id": "UA-NO-SUCH-WAREHOUSE"}
	error = api.post(f"{API}.purchase_orders.receive_purchase_order", bad_place).json["error"]
	assert error["details"][0]["field"] == "warehouse_id"
	assert frappe.db.count("Purchase Receipt Item", {"purchase_order": made["id"]}) == 1

	rest = api.post(f"{API}.purchase_orders.receive_purchase_order", {"id": made["id"], "submit": True})
	assert rest.status == 200 and len(rest.json["result"]["fulfillment_ids"]) == 2, rest.body
	assert rest.json["result"]["status"] == "to_bill" and rest.json["result"]["percent_fulfilled"] == 100
	nothing = api.post(f"{API}.purchase_orders.receive_purchase_order", {"id": made["id"]})
	assert nothing.status == 400 and "nothing left to receive" in nothing.json["error"]["message"] + str(
		nothing.json["error"]["details"]
	)
	bill = api.post(f"{API}.purchase_orders.bill_purchase_order", {"id": made["id"], "submit": True})
	assert bill.status == 201, bill.body
	assert bill.json["result"]["line_items"][0]["order_line_id"] == line["id"]
	receipt_lines = frappe.get_all(
		"Purchase Receipt Item",
		filters={"purchase_order": made["id"], "docstatus": 1},
		pluck="purchase_order_item",
	)
	assert set(receipt_lines) == {line["id"]}
	assert frappe.db.get_value("Purchase Order", made["id"], "status") == "Completed"
	final = api.get(f"{API}.purchase_orders.get_purchase_order", {"id": made["id"]}).json["result"]
	assert final["status"] == "completed" and final["invoice_ids"] == [bill.json["result"]["id"]]


def test_a_purchase_order_carries_its_attachments(api, books):
	"""The supplier's confirmation attached to the order, as to invoices: listed by the order."""
	import base64

	made = order(api, "purchase", new_supplier("UA Attached Order Supplier"), quantity=1, price=5)
	body = {
		"attached_to_type": "purchase_order",
		"attached_to_id": made["id"],
		"file_name": "order-confirmation.txt",
		"content_base64": base64.b64encode(b"confirmed %s" % made["id"].encode()).decode(),
	}
	uploaded = api.post(f"{API}.attachments.upload_attachment", body)
	assert uploaded.status == 201, uploaded.body
	attachment = uploaded.json["result"]
	assert attachment["attached_to"] == {
		"type": "purchase_order",
		"erpnext_doctype": "Purchase Order",
		"id": made["id"],
	}
	listed = api.get(
		f"{API}.attachments.list_attachments",
		{"attached_to_type": "purchase_order", "attached_to_id": made["id"]},
	)
	assert [a["id"] for a in listed.json["result"]] == [attachment["id"]]
	wrong = api.post(f"{API}.attachments.upload_attachment", {**body, "attached_to_type": "sales_order"})
	assert 400 <= wrong.status < 500 and frappe.db.count("File", {"attached_to_name": made["id"]}) == 1


def test_orders_are_created_in_batches_one_savepoint_each(api, books):
	supplier = new_supplier("UA Batch Order Supplier")
	line = {"item_id": ITEM, "quantity": 2, "unit_price": 7}
	when = add_days(today(), 3)
	good = {
		"contact_id": supplier,
		"expected_date": when,
		"line_items": [line],
		"submit": True,
		"idempotency_key": frappe.generate_hash(),
	}
	bad = {
		"contact_id": supplier,
		"expected_date": when,
		"line_items": [{**line, "item_id": "UA-NO-SUCH-ITEM"}],
	}
	outcomes = api.post(f"{API}.batch.create_purchase_orders", {"items": [good, bad]}).json["result"]
	assert [o["status"] for o in outcomes] == [201, 400], outcomes
	assert outcomes[1]["error"]["details"][0]["field"].startswith("line_items[0]")
	made = outcomes[0]["result"]
	assert (made["type"], made["posting_status"], made["total_amount"]) == ("purchase_order", "posted", 14)
	again = api.post(f"{API}.batch.create_purchase_orders", {"items": [good]}).json["result"]
	assert again[0]["idempotent_replayed"] and again[0]["result"]["id"] == made["id"]
	assert frappe.db.count("Purchase Order", {"supplier": supplier}) == 1
	customer = new_customer("UA Batch Order Customer")
	sales = {"contact_id": customer, "expected_date": when, "line_items": [line]}
	(sold,) = api.post(f"{API}.batch.create_sales_orders", {"items": [sales]}).json["result"]
	assert sold["status"] == 201 and sold["result"]["type"] == "sales_order", sold
