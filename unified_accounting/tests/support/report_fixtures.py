"""Committed, re-runnable ERPNext documents for the report tests (not tests themselves): back-dated and
future-due invoices, a credit note, a partial payment, a EUR invoice, a purchase invoice, a cost center,
and an invoice in a second company."""

import frappe
from frappe.utils import add_days, getdate, today

from unified_accounting.inputs import InvoiceCreate, PaymentCreate
from unified_accounting.services.money.payment_writes import create_payment
from unified_accounting.services.trade.invoice_writes import create_invoice
from unified_accounting.tests.support.invoice_fixtures import (
	ensure_eur_customer,
	ensure_eur_customer_named,
	ensure_exchange_rate,
)
from unified_accounting.tests.support.utils import ensure_company
from unified_accounting.tests.support.write_fixtures import accounts, first_company

CUSTOMER = "UA Reports Customer"
EUR_CUSTOMER = "UA Reports EUR Customer"
SUPPLIER = "UA Reports Supplier"
SECOND_CUSTOMER = "UA Reports Second Customer"
SECOND_COMPANY = "UA Second Company"


def ensure_party(doctype: str, name: str, **extra) -> str:
	if not frappe.db.exists(doctype, name):
		group = {
			"Customer": ("customer_group", "All Customer Groups"),
			"Supplier": ("supplier_group", "All Supplier Groups"),
		}
		field, value = group[doctype]
		doc = frappe.get_doc(
			{"doctype": doctype, f"{frappe.scrub(doctype)}_name": name, field: value, **extra}
		)
		if doctype == "Customer":
			doc.territory = "All Territories"
		doc.insert(ignore_permissions=True)
	return name


def ensure_cost_center(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"UA Reports CC - {abbr}"
	if not frappe.db.exists("Cost Center", name):
		parent = frappe.db.get_value("Cost Center", {"company": company, "is_group": 1}, order_by="lft asc")
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": "UA Reports CC",
				"parent_cost_center": parent,
				"company": company,
			}
		).insert(ignore_permissions=True)
	return name


def ensure_project(company: str) -> str:
	name = frappe.db.get_value("Project", {"project_name": "UA Reports Project"})
	if not name:
		project = {"doctype": "Project", "project_name": "UA Reports Project", "company": company}
		name = frappe.get_doc(project).insert(ignore_permissions=True).name
	return name


def ensure_eur_party(company: str) -> str:
	"""A EUR customer of its own (its receivable account is the invoice fixtures' EUR debtors account)."""
	ensure_eur_customer(company)
	abbr = frappe.get_cached_value("Company", company, "abbr")
	ensure_eur_customer_named(EUR_CUSTOMER, company, f"UA Debtors EUR - {abbr}")
	ensure_exchange_rate("USD", "EUR", 0.9)
	return EUR_CUSTOMER


def ensure_fiscal_year(date: str, company: str) -> None:
	"""Back-dated fixtures early in a year land in the previous one: make sure it exists (calendar years)."""
	from erpnext.accounts.utils import get_fiscal_year

	if not get_fiscal_year(date, company=company, boolean=True):
		year = str(getdate(date).year)
		fiscal_year = {"year": year, "year_start_date": f"{year}-01-01", "year_end_date": f"{year}-12-31"}
		frappe.get_doc({"doctype": "Fiscal Year", **fiscal_year}).insert(ignore_permissions=True)


def invoice(kind: str, contact: str, tag: str, lines: list[dict], **extra) -> str:
	body = {"type": kind, "contact_id": contact, "memo": tag, "line_items": lines, "submit": True, **extra}
	return create_invoice(InvoiceCreate.model_validate(body)).name


def make_report_set(tag: str) -> dict:
	"""Documents posted in the current fiscal year of the first company (plus one in a second company)."""
	frappe.set_user("Administrator")
	company = first_company()
	books = accounts(company)
	cost_center = ensure_cost_center(company)
	ensure_party("Customer", CUSTOMER)
	ensure_party("Supplier", SUPPLIER)
	ensure_eur_party(company)
	line = lambda price, **kw: {"name": "Service", "unit_price": price, "account_id": books["income"], **kw}  # noqa: E731
	in_cc = [{"type": "cost_center", "id": cost_center}]
	project = ensure_project(company)
	ensure_fiscal_year(add_days(today(), -70), company)
	made = {"company": company, "books": books, "cost_center": cost_center, "project": project}
	made["overdue"] = invoice(
		"accounts_receivable",
		CUSTOMER,
		tag,
		[line(1000, tracking_categories=in_cc)],
		issue_date=add_days(today(), -45),
		due_date=add_days(today(), -40),
	)
	in_project = [{"type": "project", "id": project}]
	made["not_due"] = invoice(
		"accounts_receivable",
		CUSTOMER,
		tag,
		[line(250, tracking_categories=in_project)],
		due_date=add_days(today(), 20),
	)
	made["credit_note"] = invoice(
		"accounts_receivable",
		CUSTOMER,
		tag,
		[line(100, tracking_categories=in_cc)],
		document_type="credit_note",
		return_against_id=made["overdue"],
	)
	made["payment"] = create_payment(
		PaymentCreate.model_validate(
			{
				"type": "accounts_receivable",
				"contact_id": CUSTOMER,
				"total_amount": 300,
				"account_id": books["cash"],
				"applied_to": [{"related_object_id": made["overdue"], "applied_amount": 300}],
				"submit": True,
			}
		)
	).name
	made["eur"] = invoice(
		"accounts_receivable", EUR_CUSTOMER, tag, [line(200)], currency="EUR", exchange_rate=1.1
	)
	made["purchase"] = invoice(
		"accounts_payable",
		SUPPLIER,
		tag,
		[{"description": "Rent", "unit_price": 700, "account_id": books["expense"]}],
		supplier_invoice_number=f"R-{tag}",
		issue_date=add_days(today(), -70),
		due_date=add_days(today(), -65),
	)
	made["second"] = second_company_invoice(tag)
	frappe.db.commit()
	return made


def second_company_invoice(tag: str) -> str:
	second = ensure_company(SECOND_COMPANY, "UA2")
	ensure_party("Customer", SECOND_CUSTOMER)
	income = accounts(second)["income"]
	lines = [{"name": "Other company", "unit_price": 90, "account_id": income}]
	return invoice("accounts_receivable", SECOND_CUSTOMER, tag, lines, company=second)
