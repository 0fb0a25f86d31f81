"""A committed, re-runnable set of real ERPNext invoices for the read tests (not tests themselves)."""

import frappe

from unified_accounting.inputs import InvoiceCreate, PaymentCreate
from unified_accounting.services.money.payment_writes import create_payment
from unified_accounting.services.trade.invoice_writes import create_invoice
from unified_accounting.tests.support.write_fixtures import (
	CUSTOMER,
	SUPPLIER,
	accounts,
	ensure_parties,
	first_company,
)

EUR_CUSTOMER = "UA Euro Customer"


def ensure_eur_customer(company: str) -> None:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	account = f"UA Debtors EUR - {abbr}"
	if not frappe.db.exists("Account", account):
		parent = frappe.db.get_value(
			"Account", {"company": company, "account_type": "Receivable", "is_group": 0}, "parent_account"
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "UA Debtors EUR",
				"parent_account": parent,
				"company": company,
				"account_type": "Receivable",
				"account_currency": "EUR",
			}
		).insert(ignore_permissions=True)
	ensure_exchange_rate("EUR", "USD", 1.1)
	ensure_eur_customer_named(EUR_CUSTOMER, company, account)


def ensure_exchange_rate(from_currency: str, to_currency: str, rate: float) -> None:
	"""A Currency Exchange record from 2000 on, unless one exists for the pair already."""
	if not frappe.db.exists(
		"Currency Exchange", {"from_currency": from_currency, "to_currency": to_currency}
	):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2000-01-01",
				"from_currency": from_currency,
				"to_currency": to_currency,
				"exchange_rate": rate,
				"for_selling": 1,
				"for_buying": 1,
			}
		).insert(ignore_permissions=True)


def ensure_eur_customer_named(name: str, company: str, account: str) -> None:
	"""A EUR Customer whose receivable account in `company` is `account`."""
	if not frappe.db.exists("Customer", name):
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_group": "All Customer Groups",
				"territory": "All Territories",
				"default_currency": "EUR",
			}
		)
		customer.append("accounts", {"company": company, "account": account})
		customer.insert(ignore_permissions=True)


def make_invoice_set(tag: str) -> dict:
	"""One of each kind the read API must show, tagged in `remarks` so a test can find its own."""
	frappe.set_user("Administrator")
	ensure_parties()
	company = first_company()
	books = accounts(company)
	ensure_eur_customer(company)

	def sales(contact=CUSTOMER, submit=True, **extra) -> str:
		body = {
			"type": "accounts_receivable",
			"contact_id": contact,
			"memo": tag,
			"line_items": [
				{
					"name": "Consulting",
					"quantity": 2,
					"unit_price": 150,
					"account_id": books["income"],
					"tracking_categories": [{"type": "cost_center", "id": books["cost_center"]}],
				},
				{"name": "Travel", "unit_price": 100, "account_id": books["income"]},
			],
			"taxes": [{"account_id": books["tax"], "rate": 10, "description": "Sales tax"}],
			"submit": submit,
			**extra,
		}
		return create_invoice(InvoiceCreate.model_validate(body)).name

	made = {
		"paid": sales(),
		"partly_paid": sales(),
		"open": sales(),
		"draft": sales(submit=False),
		"cancelled": sales(),
		"eur": sales(contact=EUR_CUSTOMER, currency="EUR", exchange_rate=1.1),
		"purchase": create_invoice(
			InvoiceCreate.model_validate(
				{
					"type": "accounts_payable",
					"contact_id": SUPPLIER,
					"memo": tag,
					"supplier_invoice_number": f"B-{tag}",
					"line_items": [
						{"description": "Rent", "unit_price": 500, "account_id": books["expense"]}
					],
					"submit": True,
				}
			)
		).name,
	}
	made["credit_note"] = create_invoice(
		InvoiceCreate.model_validate(
			{
				"type": "accounts_receivable",
				"contact_id": CUSTOMER,
				"memo": tag,
				"document_type": "credit_note",
				"return_against_id": made["open"],
				"line_items": [{"name": "Consulting", "unit_price": 150, "account_id": books["income"]}],
				"submit": True,
			}
		)
	).name
	for key, amount in (("paid", 440), ("partly_paid", 100)):
		made[f"{key}_payment"] = create_payment(
			PaymentCreate.model_validate(
				{
					"type": "accounts_receivable",
					"contact_id": CUSTOMER,
					"total_amount": amount,
					"account_id": books["cash"],
					"applied_to": [{"related_object_id": made[key], "applied_amount": amount}],
					"submit": True,
				}
			)
		).name
	frappe.get_doc("Sales Invoice", made["cancelled"]).cancel()
	frappe.db.commit()
	return {"company": company, "books": books, **made}
