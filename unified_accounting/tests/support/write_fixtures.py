"""Shared, committed, re-runnable fixtures for the write tests (not tests themselves)."""

from contextlib import contextmanager

import frappe

CUSTOMER = "UA Write Customer"
SUPPLIER = "UA Write Supplier"
CARD_ACCOUNT, CARD_METHOD = "UA Expense Card", "UA Expense Card Method"


def first_company() -> str:
	return frappe.get_all(
		"Company",
		filters={"name": ("!=", "UA Second Company")},
		pluck="name",
		order_by="creation asc",
		limit=1,
	)[0]


def ensure_parties() -> None:
	if not frappe.db.exists("Customer", CUSTOMER):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": CUSTOMER,
				"customer_group": "All Customer Groups",
				"territory": "All Territories",
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Supplier", SUPPLIER):
		frappe.get_doc(
			{"doctype": "Supplier", "supplier_name": SUPPLIER, "supplier_group": "All Supplier Groups"}
		).insert(ignore_permissions=True)
	frappe.db.commit()


def new_customer(name: str) -> str:
	"""A new Customer `<name> <random>` inserted as the session user (permissions apply), committed."""
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"{name} {frappe.generate_hash(length=6)}",
			"customer_group": "All Customer Groups",
			"territory": "All Territories",
		}
	).insert()
	frappe.db.commit()
	return doc.name


def accounts(company: str) -> dict:
	leaf = lambda **f: frappe.db.get_value("Account", {"company": company, "is_group": 0, **f})  # noqa: E731
	return {
		"income": leaf(root_type="Income", account_type="Income Account") or leaf(root_type="Income"),
		"expense": leaf(root_type="Expense", account_type=""),
		"cash": leaf(account_type="Cash"),
		"tax": leaf(account_type="Tax"),
		"receivable": leaf(account_type="Receivable", account_currency="USD"),
		"payable": leaf(account_type="Payable"),
		"cost_center": frappe.get_cached_value("Company", company, "cost_center"),
	}


def books() -> dict:
	"""The write tests' parties and the first company's accounts, with the company itself."""
	ensure_parties()
	company = first_company()
	return {"company": company, **accounts(company)}


def card_books() -> dict:
	"""The first company's books with a card: a Bank-type ledger account under the liabilities (how ERPNext
	keeps a credit card) and a Mode of Payment for it; committed, re-runnable."""
	made = books()
	company, abbr = made["company"], frappe.get_cached_value("Company", made["company"], "abbr")
	card = f"{CARD_ACCOUNT} - {abbr}"
	if not frappe.db.exists("Account", card):
		parent = frappe.db.get_value(
			"Account",
			{"company": company, "is_group": 1, "root_type": "Liability", "parent_account": ("is", "set")},
		)
		account = {"account_name": CARD_ACCOUNT, "company": company, "parent_account": parent}
		frappe.get_doc({"doctype": "Account", **account, "account_type": "Bank"}).insert(
			ignore_permissions=True
		)
	if not frappe.db.exists("Mode of Payment", CARD_METHOD):
		frappe.get_doc(
			{
				"doctype": "Mode of Payment",
				"mode_of_payment": CARD_METHOD,
				"type": "Bank",
				"accounts": [{"company": company, "default_account": card}],
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	return {**made, "card": card}


def ensure_ledger_rows(count: int) -> None:
	"""At least `count` posted GL rows on the site (submitted journal entries of the first company), for
	tests that page through the ledger; committed."""
	from unified_accounting.inputs import JournalEntryCreate
	from unified_accounting.services.ledger.journal_writes import create_journal_entry

	b = books()
	lines = [{"account_id": b["expense"], "debit": 10}, {"account_id": b["cash"], "credit": 10}]
	while frappe.db.count("GL Entry", {"is_cancelled": 0}) < count:
		body = {"company": b["company"], "memo": "UA ledger rows", "lines": lines, "submit": True}
		create_journal_entry(JournalEntryCreate.model_validate(body))
	frappe.db.commit()


def sale(income_account: str, name: str = "X", unit_price: float = 5, **extra) -> dict:
	"""A create_invoice body: one line sold to the write tests' customer, submitted unless told."""
	return {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"line_items": [{"name": name, "unit_price": unit_price, "account_id": income_account}],
		"submit": True,
		**extra,
	}


def gl(voucher_no: str) -> dict[str, float]:
	"""Net (debit - credit) per account of a voucher's live GL entries."""
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": voucher_no, "is_cancelled": 0},
		fields=["account", "debit", "credit"],
	)
	net: dict[str, float] = {}
	for row in rows:
		net[row.account] = round(net.get(row.account, 0) + row.debit - row.credit, 2)
	return net


@contextmanager
def single_values(doctype: str, **values):
	"""Change fields of a Single (committed: HTTP requests must see them) for the duration, then put them back."""
	old = {key: frappe.db.get_single_value(doctype, key) for key in values}
	for key, value in values.items():
		frappe.db.set_single_value(doctype, key, value)
	frappe.db.commit()
	try:
		yield
	finally:
		for key, value in old.items():
			frappe.db.set_single_value(doctype, key, value)
		frappe.db.commit()


def accounts_settings(**values):
	"""Change Accounts Settings (committed) for the duration, then put them back."""
	return single_values("Accounts Settings", **values)
