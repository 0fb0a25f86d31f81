"""Permission oracle, part two: gets of every resource, balances, child rows, report lines and references
to other documents follow what ERPNext's own permissions let each user see."""

import json

import pytest

import frappe
from frappe.utils import today

from unified_accounting.tests.support.invoice_fixtures import EUR_CUSTOMER
from unified_accounting.tests.support.oracle_world import (
	API,
	erpnext_status,
	get_list_as,
	oracle_world,
	visible,
)
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient
from unified_accounting.tests.support.write_fixtures import CUSTOMER

world = pytest.fixture(scope="module", name="world")(oracle_world)

MISSING = "UA-NO-SUCH-RECORD"
# get endpoint -> (extra parameters, the doctype ERPNext answers for, the world's records to try)
GETS = {
	"accounts.get_account": ({}, "Account", lambda w: (w["a"]["income"], w["b"]["income"])),
	"payments.get_payment": (
		{},
		"Payment Entry",
		lambda w: (w["made"]["paid_payment"], w["made"]["payment_b"]),
	),
	"contacts.get_contact": ({"type": "customer"}, "Customer", lambda w: (CUSTOMER, EUR_CUSTOMER)),
	"transactions.get_transaction": ({}, "GL Entry", lambda w: (w["made"]["gl_a"], w["made"]["gl_b"])),
	"tax_rates.get_tax_rate": ({"type": "tax_account"}, "Account", lambda w: (w["a"]["tax"], w["b"]["tax"])),
	"items.get_item": ({}, "Item", lambda w: (w["made"]["item"],)),
	"company_info.get_company": ({}, "Company", lambda w: (w["a"]["company"], w["b"]["company"])),
	"attachments.get_attachment": ({}, "File", lambda w: (w["made"]["file_a"], w["made"]["file_b"])),
}


@pytest.mark.parametrize("kind", ["company", "customer", "sales_user", "purchase_user", "no_roles"])
def test_every_get_answers_as_erpnext_does_for_hidden_and_missing_records(world, kind):
	"""Each get_* answers what ERPNext's /api/resource answers the same user (200, 403, or for a missing
	id 404 - or 403 to a user who may not read the doctype, so 404 tells them nothing), and an error
	gives nothing of the record away."""
	user = world["users"][kind]
	client = ApiClient(SITE, user.token)
	answers = set()
	for path, (params, doctype, records) in GETS.items():
		for name in (*records(world), MISSING):
			response = client.get(f"{API}.{path}", {"id": name, **params})
			expected = erpnext_status(client, doctype, name)
			assert response.status == expected, (kind, path, name, response.body)
			answers.add(response.status)
			if response.status != 200:
				assert set(response.json) == {"error"} and "result" not in json.dumps(response.body)
	assert kind == "no_roles" or {200, 404} <= answers, answers


def test_the_get_oracle_sees_hidden_records(world):
	"""Not vacuous: a restricted user is refused records of company B (or another customer) and allowed
	company A's, so the comparison above covers hidden records of every resource."""
	clients = [ApiClient(SITE, world["users"][kind].token) for kind in ("company", "customer")]
	for path, (params, _doctype, records) in GETS.items():
		answers = [
			[client.get(f"{API}.{path}", {"id": n, **params}).status for n in records(world)]
			for client in clients
		]
		assert any(found[0] == 200 and found[1:] in ([], [403]) for found in answers), (path, answers)
		assert len(records(world)) == 1 or [200, 403] in answers, (path, answers)


def every_page(client: ApiClient, path: str, params: dict | None = None) -> list[dict]:
	rows, cursor = [], None
	for _page in range(100):
		page = {"limit": 500, **(params or {}), **({"cursor": cursor} if cursor else {})}
		response = client.get(f"{API}.{path}", page)
		assert response.status == 200, (path, response.body)
		rows += response.json["result"]
		if not (cursor := response.json.get("next_cursor")):
			return rows
	raise AssertionError("more than 100 pages")


def test_balances_are_erpnexts_for_visible_accounts_only(world):
	"""include_balance for a company-restricted user: each balance is ERPNext's get_balance_on computed
	as Administrator, and none of the other company's accounts appears (nor their balances)."""
	from erpnext.accounts.utils import get_balance_on

	user, b = world["users"]["company"], world["b"]
	client = ApiClient(SITE, user.token)
	listed = every_page(client, "accounts.list_accounts", {"include_balance": 1})
	assert {row["id"] for row in listed} == set(get_list_as("Account", user.name))
	assert {row["company"] for row in listed} == {world["a"]["company"]}
	truth = {
		row["id"]: get_balance_on(
			account=row["id"], date=today(), company=row["company"], in_account_currency=True
		)
		for row in listed
	}
	assert {row["id"]: row["current_balance"] for row in listed} == pytest.approx(truth)
	assert any(truth.values()), "no account with a balance: the comparison would prove nothing"
	for account in (world["a"]["cash"], world["a"]["income"]):
		got = client.get(f"{API}.accounts.get_account", {"id": account, "include_balance": 1})
		assert got.json["result"]["current_balance"] == pytest.approx(truth[account])
	refused = client.get(f"{API}.accounts.get_account", {"id": b["cash"], "include_balance": 1})
	assert refused.status == 403 and "current_balance" not in json.dumps(refused.body)
	foreign = client.get(f"{API}.accounts.list_accounts", {"company": b["company"], "include_balance": 1})
	assert foreign.status in (200, 403) and (foreign.status == 403 or foreign.json["result"] == [])


def referenced(rows: list[dict]) -> dict[str, set[str]]:
	"""Every account, contact and invoice a page's child rows point at, by doctype."""
	found = {"Account": set(), "Customer": set(), "Supplier": set(), "Invoice": set()}

	def walk(value, key=None):
		if isinstance(value, dict):
			contact = value if key == "contact" and value else None
			if contact and contact.get("type") in ("customer", "supplier"):
				found[contact["type"].title()].add(contact["id"])
			for k, v in value.items():
				walk(v, k)
		elif isinstance(value, list):
			for v in value:
				walk(v, key)
		elif value and key in ("account_id", "party_account_id", "parent_account_id"):
			found["Account"].add(value)
		elif value and key == "related_object_id":
			found["Invoice"].add(value)

	walk(rows)
	return found


CHILD_LISTS = ("invoices.list_invoices", "journal_entries.list_journal_entries", "payments.list_payments")


@pytest.mark.parametrize("kind", ["company", "cost_center"])
def test_child_rows_point_only_at_what_the_user_sees(world, kind):
	"""Invoice lines and taxes, journal lines and payment applications of the records a user lists never
	name an account or invoice ERPNext's get_list hides from them. (A party on a visible payment or journal
	line is shown by ERPNext too: Dynamic Links carry no User Permission.)"""
	user = world["users"][kind]
	client = ApiClient(SITE, user.token)
	found = referenced([row for path in CHILD_LISTS for row in every_page(client, path)])
	seen = {
		"Account": visible(("Account",), user.name),
		"Invoice": visible(("Sales Invoice", "Purchase Invoice"), user.name),
	}
	for doctype, names in ((dt, found[dt]) for dt in seen):
		assert names <= seen[doctype], (kind, doctype, sorted(names - seen[doctype])[:10])
	assert found["Account"] and found["Invoice"], found
	if kind == "company":
		assert not found["Account"] & set(get_list_as("Account", "Administrator")) - seen["Account"]


REPORTS = (
	"balance_sheet",
	"profit_and_loss",
	"cash_flow",
	"trial_balance",
	"aged_receivables",
	"aged_payables",
)
# the reports a user restricted to one customer / supplier runs (financial statements are theirs too)
REPORTS_BY_KIND = {"company": REPORTS, "customer": ("aged_receivables",), "supplier": ("aged_payables",)}
VOUCHERS = ("Sales Invoice", "Purchase Invoice", "Payment Entry", "Journal Entry")


def report_references(result: dict) -> dict[str, set[str]]:
	found = referenced([result])
	lines = [item for contact in result.get("contacts") or [] for item in contact.get("items") or []]
	found["Voucher"] = {item["id"] for item in lines}
	return found


@pytest.mark.parametrize("kind", list(REPORTS_BY_KIND))
def test_report_lines_follow_the_users_permissions(world, kind):
	"""Report lines name only accounts, contacts and vouchers get_list shows the user; the other company
	is refused. (tests/integration/resources/test_reports.py checks the company-restricted user's totals and tracking filters.)"""
	user, b = world["users"][kind], world["b"]
	client = ApiClient(SITE, user.token)
	seen = {dt: visible((dt,), user.name) or set() for dt in ("Account", "Customer", "Supplier")}
	seen["Voucher"] = seen["Invoice"] = set().union(*(visible((dt,), user.name) or set() for dt in VOUCHERS))
	for name in REPORTS_BY_KIND[kind]:
		params = {"company": world["a"]["company"], **({"include_items": 1} if "aged" in name else {})}
		response = client.get(f"{API}.reports.{name}", params)
		assert response.status == 200, (kind, name, response.body)
		found = report_references(response.json["result"])
		for doctype, names in found.items():
			assert names <= seen[doctype], (kind, name, doctype, sorted(names - seen[doctype])[:10])
		if kind == "company":
			assert client.get(f"{API}.reports.{name}", {"company": b["company"]}).status == 403, name


def export_owned_by(owner: str) -> str:
	doc = frappe.get_doc(
		{"doctype": "Unified Accounting Export", "resource": "transactions", "status": "Queued"}
	)
	name = doc.insert(ignore_permissions=True).name
	frappe.db.set_value(doc.doctype, name, "owner", owner, update_modified=False)
	return name


def test_someone_elses_export_answers_as_a_missing_one(world):
	"""Exports are their owner's (if_owner): another user's answers exactly as an id that does not exist."""
	users = world["users"]
	theirs, mine = export_owned_by("Administrator"), export_owned_by(users["accounts_user"].name)
	frappe.db.commit()
	try:
		for kind in ("accounts_user", "company", "sales_user", "no_roles"):
			client = ApiClient(SITE, users[kind].token)
			hidden, missing = (
				client.get(f"{API}.exports.get_export", {"id": name}) for name in (theirs, MISSING)
			)
			assert hidden.status in (403, 404), (kind, hidden.body)
			assert (hidden.status, hidden.json["error"]["type"]) == (
				missing.status,
				missing.json["error"]["type"],
			)
			assert (
				hidden.json["error"]["message"].replace(theirs, MISSING) == missing.json["error"]["message"]
			)
		own = ApiClient(SITE, users["accounts_user"].token).get(f"{API}.exports.get_export", {"id": mine})
		assert own.status == 200 and own.json["result"]["id"] == mine, own.body
	finally:
		frappe.db.delete("Unified Accounting Export", {"name": ("in", [theirs, mine])})
		frappe.db.commit()


def referring(world, action: str, invoice: str) -> tuple[str, dict, object]:
	"""(endpoint, dry-run body, new document) of a company-A credit note or payment naming `invoice`."""
	a = world["a"]
	common = {"contact_id": CUSTOMER, "company": a["company"], "type": "accounts_receivable", "dry_run": True}
	if action == "credit_note":
		line = {"name": "Oracle", "unit_price": 1, "account_id": a["income"]}
		body = {**common, "document_type": "credit_note", "return_against_id": invoice, "line_items": [line]}
		return "invoices.create_invoice", body, frappe.new_doc("Sales Invoice", company=a["company"])
	applied = [{"related_object_id": invoice, "applied_amount": 1}]
	body = {**common, "total_amount": 1, "account_id": a["cash"], "applied_to": applied}
	return "payments.create_payment", body, frappe.new_doc("Payment Entry", company=a["company"])


@pytest.mark.parametrize("kind", ["company", "cost_center", "customer", "accounts_user", "sales_user"])
def test_references_to_hidden_or_cancelled_invoices_are_refused(world, kind):
	"""No amend endpoint exists; what stands in for it, a credit note or payment naming another invoice,
	succeeds only when the user may create it and read that invoice (submitted, same company); a hidden
	invoice is answered exactly as a missing one, so the answer tells nothing of it."""
	user, made = world["users"][kind], world["made"]
	client = ApiClient(SITE, user.token)
	refs = ("open", "other_cost_center", "second", "second_cancelled")
	for action in ("credit_note", "payment"):
		path, missing_body, doc = referring(world, action, "UA-NO-SUCH-INVOICE")
		missing = client.post(f"{API}.{path}", missing_body)
		may_create = frappe.has_permission(doc.doctype, "create", doc=doc, user=user.name)
		for ref in refs:
			invoice = frappe.get_doc("Sales Invoice", made[ref])
			readable = frappe.has_permission("Sales Invoice", "read", doc=invoice, user=user.name)
			usable = invoice.docstatus == 1 and invoice.company == world["a"]["company"]
			response = client.post(f"{API}.{path}", referring(world, action, made[ref])[1])
			assert (response.status < 300) == (may_create and readable and usable), (
				kind,
				action,
				ref,
				response.body,
			)
			if not readable:
				assert (response.status, response.json["error"]["type"]) == (
					missing.status,
					missing.json["error"]["type"],
				), (kind, action, ref, response.body, missing.body)


@pytest.fixture(scope="module")
def purchase_orders(world):
	"""A posted purchase order in each company (made as Administrator, as the world is)."""
	from frappe.utils import add_days

	from unified_accounting.inputs import OrderCreate
	from unified_accounting.services.trade.orders import create_order
	from unified_accounting.tests.support.write_fixtures import SUPPLIER

	made = {}
	for key in ("a", "b"):
		body = {
			"company": world[key]["company"],
			"contact_id": SUPPLIER,
			"expected_date": add_days(today(), 5),
			"line_items": [{"item_id": world["made"]["item"], "quantity": 2, "unit_price": 10}],
			"submit": True,
		}
		made[key] = create_order("purchase_orders", OrderCreate.model_validate(body)).name
	frappe.db.commit()
	return made


@pytest.mark.parametrize(
	"kind", ["company", "supplier", "purchase_user", "sales_user", "accounts_user", "no_roles"]
)
def test_orders_are_read_and_received_as_erpnext_allows(world, purchase_orders, kind):
	"""get_purchase_order answers what ERPNext's REST API answers the user; receiving (a dry run) succeeds
	only for whoever may read the order and create its Purchase Receipt, and a refusal names nothing."""
	user = world["users"][kind]
	client = ApiClient(SITE, user.token)
	outcomes = set()
	for name in purchase_orders.values():
		got = client.get(f"{API}.purchase_orders.get_purchase_order", {"id": name})
		assert got.status == erpnext_status(client, "Purchase Order", name), (kind, name, got.body)
		order = frappe.get_doc("Purchase Order", name)
		receipt = frappe.new_doc("Purchase Receipt", company=order.company, supplier=order.supplier)
		may_receive = frappe.has_permission("Purchase Receipt", "create", doc=receipt, user=user.name)
		dry = client.post(f"{API}.purchase_orders.receive_purchase_order", {"id": name, "dry_run": True})
		assert (dry.status == 200) == (got.status == 200 and may_receive), (kind, name, dry.body)
		if dry.status != 200:
			assert set(dry.json) == {"error"}
		outcomes.add(dry.status)
	frappe.db.rollback()
	assert not frappe.db.exists(
		"Purchase Receipt Item", {"purchase_order": ("in", list(purchase_orders.values()))}
	)
	assert kind != "purchase_user" or 200 in outcomes  # not vacuous: someone may receive
