"""The permission oracle's world: two companies' books, one user per kind of ERPNext restriction, and
what ERPNext itself says each user may see (not tests themselves)."""

from urllib.parse import quote

import frappe
from frappe.permissions import add_permission, reset_perms, update_permission_property

from unified_accounting.inputs import InvoiceCreate, JournalEntryCreate, PaymentCreate
from unified_accounting.services.ledger.journal_writes import create_journal_entry
from unified_accounting.services.money.payment_writes import create_payment
from unified_accounting.services.trade.invoice_writes import create_invoice
from unified_accounting.tests.support.invoice_fixtures import make_invoice_set
from unified_accounting.tests.support.utils import (
	ApiClient,
	add_user_permission,
	custom_field,
	ensure_api_user,
	ensure_company,
)
from unified_accounting.tests.support.write_fixtures import (
	CUSTOMER,
	SUPPLIER,
	accounts,
	ensure_parties,
	first_company,
)

API = "unified_accounting.api"
TAG = "UA oracle"
SECOND = "UA Second Company"
OWNER_ROLE = "UA Owner Reader"
HIDDEN_FIELD = "ua_oracle_secret"
OTHER_COST_CENTER = "UA Oracle Other CC"
# the filters a list applies by default (transactions leave cancelled GL entries out)
DEFAULT_FILTERS = {"GL Entry": {"is_cancelled": 0}}
USERS = {
	"company": ("ua-or-company@example.com", ["Accounts User"]),
	"customer": ("ua-or-customer@example.com", ["Accounts User"]),
	"supplier": ("ua-or-supplier@example.com", ["Accounts User"]),
	"cost_center": ("ua-or-costcenter@example.com", ["Accounts User"]),
	"if_owner": ("ua-or-owner@example.com", [OWNER_ROLE]),
	"shared": ("ua-or-shared@example.com", ["Purchase User"]),
	"sales_user": ("ua-or-sales@example.com", ["Sales User"]),
	"purchase_user": ("ua-or-purchase@example.com", ["Purchase User"]),
	"no_roles": ("ua-or-noroles@example.com", []),
	"accounts_user": ("ua-or-accounts@example.com", ["Accounts User"]),
	"territory": ("ua-or-territory@example.com", ["Accounts User"]),
}
TERRITORY = "UA Oracle Territory"


def books_in(company: str) -> dict:
	return {"company": company, **accounts(company)}


def invoice_in(books: dict, owner: str | None = None, submit: bool = True) -> str:
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": books["company"],
		"memo": TAG,
		"line_items": [{"name": "Oracle", "unit_price": 70, "account_id": books["income"]}],
		"submit": submit,
	}
	name = create_invoice(InvoiceCreate.model_validate(body)).name
	if owner:
		frappe.db.set_value("Sales Invoice", name, "owner", owner, update_modified=False)
	return name


def journal_in(books: dict) -> str:
	lines = [
		{"account_id": books["expense"], "debit": 30, "description": TAG},
		{"account_id": books["cash"], "credit": 30},
	]
	body = {"company": books["company"], "memo": TAG, "lines": lines, "submit": True}
	return create_journal_entry(JournalEntryCreate.model_validate(body)).name


def payment_in(books: dict, invoice: str) -> str:
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": books["company"],
		"total_amount": 10,
		"account_id": books["cash"],
		"applied_to": [{"related_object_id": invoice, "applied_amount": 10}],
		"submit": True,
	}
	return create_payment(PaymentCreate.model_validate(body)).name


def file_on(invoice: str) -> str:
	doc = {"doctype": "File", "file_name": "ua-oracle.txt", "content": b"oracle", "is_private": 1}
	target = {"attached_to_doctype": "Sales Invoice", "attached_to_name": invoice}
	return frappe.get_doc({**doc, **target}).insert(ignore_permissions=True).name


def other_cost_center_invoice(books: dict) -> str:
	"""A submitted invoice of company A on a cost center the cost-center user is not given."""
	abbr = frappe.get_cached_value("Company", books["company"], "abbr")
	name = f"{OTHER_COST_CENTER} - {abbr}"
	if not frappe.db.exists("Cost Center", name):
		parent = frappe.db.get_value("Cost Center", {"company": books["company"], "is_group": 1})
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": OTHER_COST_CENTER,
				"parent_cost_center": parent,
				"company": books["company"],
			}
		).insert(ignore_permissions=True)
	invoice = invoice_in(books)
	frappe.db.set_value("Sales Invoice", invoice, "cost_center", name, update_modified=False)
	return invoice


def ensure_territory() -> str:
	if not frappe.db.exists("Territory", TERRITORY):
		frappe.get_doc(
			{"doctype": "Territory", "territory_name": TERRITORY, "parent_territory": "All Territories"}
		).insert()
	return TERRITORY


def ensure_owner_role() -> None:
	"""A role that may read only the Sales Invoices its user owns (`if_owner`)."""
	if not frappe.db.exists("Role", OWNER_ROLE):
		frappe.get_doc({"doctype": "Role", "role_name": OWNER_ROLE, "desk_access": 1}).insert()
	add_permission("Sales Invoice", OWNER_ROLE, 0)
	update_permission_property("Sales Invoice", OWNER_ROLE, 0, "if_owner", 1)


def restrict(user: str, allow: str, value: str) -> None:
	if not frappe.db.exists("User Permission", {"user": user, "allow": allow, "for_value": value}):
		add_user_permission(user, allow, value)


ORACLE_ITEM = "UA-ORACLE-ITEM"
_BUILT: dict[str, dict] = {}  # site -> documents(), made once per test process for both oracle modules


def documents(a: dict, b: dict, users: dict) -> dict:
	"""The records the oracle reads and refers to, in both companies."""
	made = _BUILT.get(frappe.local.site)
	if made and frappe.db.exists("File", made["file_b"]):
		return made
	made = _BUILT[frappe.local.site] = make_invoice_set(TAG)
	made["owned"] = invoice_in(a, owner=users["if_owner"].name)
	made["second"] = invoice_in(b)
	made["second_draft"] = invoice_in(b, submit=False)
	made["second_cancelled"] = invoice_in(b)
	frappe.get_doc("Sales Invoice", made["second_cancelled"]).cancel()
	made["other_cost_center"] = other_cost_center_invoice(a)
	made["journal_a"], made["journal_b"] = journal_in(a), journal_in(b)
	made["payment_b"] = payment_in(b, made["second"])
	made["file_a"], made["file_b"] = file_on(made["open"]), file_on(made["second"])
	made["item"] = oracle_item()
	for key in ("a", "b"):
		made[f"gl_{key}"] = frappe.db.get_value("GL Entry", {"voucher_no": made[f"journal_{key}"]})
	return made


def oracle_item() -> str:
	"""An Item of the oracle's own (items are not per company: every user who may read Items sees it)."""
	if not frappe.db.exists("Item", ORACLE_ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": ORACLE_ITEM,
				"item_group": "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		).insert()
	return ORACLE_ITEM


def oracle_world():
	"""Two companies' books, and one user per kind of restriction ERPNext has (a fixture's body)."""
	frappe.set_user("Administrator")
	ensure_parties()  # the customer and supplier users are restricted to, whatever ran before
	a = books_in(first_company())
	b = books_in(ensure_company(SECOND, "UA2"))  # the abbreviation every test uses
	ensure_owner_role()
	users = {kind: ensure_api_user(email, roles) for kind, (email, roles) in USERS.items()}
	restrict(users["company"].name, "Company", a["company"])
	restrict(users["customer"].name, "Customer", CUSTOMER)
	restrict(users["supplier"].name, "Supplier", SUPPLIER)
	restrict(users["cost_center"].name, "Cost Center", a["cost_center"])
	restrict(users["territory"].name, "Territory", ensure_territory())
	made = documents(a, b, users)
	frappe.share.add_docshare(
		"Sales Invoice", made["open"], users["shared"].name, read=1, flags={"ignore_share_permission": True}
	)
	frappe.db.commit()
	# Level 1 of Purchase Invoice: Accounts Manager only (on Sales Invoice, role All has level 1).
	with custom_field("Purchase Invoice", HIDDEN_FIELD, "Data", permlevel=1, label="UA Oracle Secret"):
		frappe.db.set_value(
			"Purchase Invoice", made["purchase"], HIDDEN_FIELD, "classified", update_modified=False
		)
		frappe.db.commit()
		yield {"a": a, "b": b, "made": made, "users": users}
	frappe.db.delete("User Permission", {"user": ("in", [u.name for u in users.values()])})
	frappe.db.delete("DocShare", {"user": users["shared"].name})
	reset_perms("Sales Invoice")
	frappe.db.commit()


def get_list_as(doctype: str, user: str) -> list[str]:
	filters = DEFAULT_FILTERS.get(doctype, {})
	return frappe.get_list(doctype, filters=filters, pluck="name", user=user, limit_page_length=0)


def visible(doctypes: tuple[str, ...], user: str) -> set[str] | None:
	"""Names ERPNext lists for `user`, or None when it refuses to list any of the doctypes."""
	names, refused = set(), 0
	for doctype in doctypes:
		try:
			names |= set(get_list_as(doctype, user))
		except frappe.PermissionError:
			refused += 1
	return None if refused == len(doctypes) else names


def rows_visible(doctypes: tuple[str, ...], user: str) -> int:
	"""How many records ERPNext lists for `user` (a Customer and a Supplier may share a name)."""
	total = 0
	for doctype in doctypes:
		try:
			total += len(get_list_as(doctype, user))
		except frappe.PermissionError:
			pass
	return total


def erpnext_status(client: ApiClient, doctype: str, name: str) -> int:
	"""What ERPNext's own REST API answers this user for the record: 200, 403 or 404."""
	path = f"/api/resource/{quote(doctype)}/{quote(name)}"
	headers = {"Accept": "application/json", "Authorization": f"token {client.token}"}
	return client.run_in_thread("GET", path, {"headers": headers}).status


def readable_any(doctypes: tuple[str, ...], user: str) -> bool:
	return any(frappe.has_permission(dt, "read", user=user, ignore_share_permissions=True) for dt in doctypes)
