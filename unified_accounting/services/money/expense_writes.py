"""Creating expenses: a paid Purchase Invoice (is_paid, the card/bank account, the mode of payment) built
from unified fields and, by default, submitted in the same transaction: one document, one call."""

import frappe
from frappe.utils import getdate, today

from unified_accounting.inputs import ExpenseCreate, ExpenseUpdate
from unified_accounting.mappers.expenses import DOCTYPE, FIELDS, to_erpnext_expense
from unified_accounting.resources import EXPENSES
from unified_accounting.services.core.documents import Written, apply_update, load
from unified_accounting.services.core.references import resolve_account, resolve_company, tracking_fields
from unified_accounting.services.core.settings import get_settings
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if
from unified_accounting.services.trade.attachments import decoded_base64, size_problem, upload_attachment
from unified_accounting.services.trade.invoice_writes import (
	insert_document,
	replaced_children,
	resolved_lines,
	resolved_taxes,
)

PAYING_ACCOUNT_TYPES = ("Bank", "Cash")  # what ERPNext's own "Cash/Bank Account" picker offers


def create_expense(body: ExpenseCreate) -> Written:
	body = body.model_copy(
		update={"contact_id": body.contact_id or get_settings().get("default_expense_supplier")}
	)
	company = resolve_company(body.company)
	account, account_problems = paying_account(company, body.account_id, body.account_number)
	tracking, problems = tracking_fields(body.tracking_categories, company, "tracking_categories")
	refund = body.document_type == "refund"
	lines, line_problems = resolved_lines(body.line_items, DOCTYPE, company, credit_note=refund)
	taxes, tax_problems = resolved_taxes(body.taxes, DOCTYPE, company)
	receipts, receipt_problems = decoded_receipts(body)
	raise_if(
		account_problems
		+ problems
		+ header_problems(body, company)
		+ line_problems
		+ tax_problems
		+ receipt_problems
	)
	given = {
		**body.model_dump(),
		"company": company,
		"transaction_date": body.transaction_date or getdate(today()),
	}
	header = to_erpnext_expense(given, account, tracking)
	written = insert_document(DOCTYPE, header, lines, taxes, body.tax_template_id, body.submit, paid_in_full)
	for file_name, content in receipts:
		upload_attachment("invoice", written.name, file_name, content, is_private=True)
	return written


def decoded_receipts(body: ExpenseCreate) -> tuple[list[tuple[str, bytes]], list[dict]]:
	"""(file name, bytes) per receipt, checked before anything is written; a rollback removes the files."""
	found, problems = [], []
	for i, receipt in enumerate(body.receipts):
		path = f"receipts[{i}].content_base64"
		content, problem = decoded_base64(receipt.content_base64, path)
		problem = problem or size_problem(content, path)
		problems.append(problem) if problem else found.append((receipt.file_name, content))
	return found, problems


def paid_in_full(doc) -> None:
	"""Paid amount = the grand total, in the expense's currency. ERPNext fills paid_amount from the
	outstanding amount itself, which goes wrong in two cases: a return (refund: left 0, so the refund
	would be owed by the supplier instead of back on the card) and a foreign-currency expense on a
	company-currency supplier account (the outstanding is in company currency: more than the total)."""
	doc.calculate_taxes_and_totals()
	doc.paid_amount = doc.rounded_total or doc.grand_total


def paying_account(
	company: str, account_id: str | None, account_number: str | None
) -> tuple[str | None, list]:
	"""The account the money left: required, a ledger account of the company of type Bank or Cash."""
	account, problem = resolve_account(company, account_id, account_number, "")
	if problem:
		return None, [problem]
	if not account:
		return None, [
			{"field": "account_id", "message": "required: the card, bank or cash account it was paid from"}
		]
	if frappe.db.get_value("Account", account, "account_type") not in PAYING_ACCOUNT_TYPES:
		message = f"'{account}' is not a Bank or Cash account (a card is set up as a Bank account in ERPNext)"
		return None, [{"field": "account_id", "message": message}]
	return account, []


def header_problems(body: ExpenseCreate, company: str) -> list:
	no_supplier = "required: no Default Expense Supplier is set in Unified Accounting Settings"
	return [
		missing_reference("Supplier", body.contact_id, "contact_id")
		if body.contact_id
		else {"field": "contact_id", "message": no_supplier},
		missing_reference("Currency", body.currency, "currency"),
		missing_reference("Mode of Payment", body.payment_method, "payment_method"),
		missing_reference(
			"Purchase Taxes and Charges Template", body.tax_template_id, "tax_template_id", company=company
		),
		*custom_field_problems(DOCTYPE, body.custom_fields),
	]


def update_expense(body: ExpenseUpdate) -> Written:
	"""A draft takes any change; a posted expense only what ERPNext allows after submit (apply_update)."""
	doc = load(EXPENSES, body.id)
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	problems = custom_field_problems(DOCTYPE, body.custom_fields)
	fields = {column: given[unified] for unified, column, _convert in FIELDS if unified in given}
	if body.contact_id is not None:
		fields["supplier"] = body.contact_id
		problems.append(missing_reference("Supplier", body.contact_id, "contact_id"))
	if body.account_id is not None:
		problems += paying_account(doc.company, body.account_id, None)[1]
	problems.append(missing_reference("Mode of Payment", body.payment_method, "payment_method"))
	if body.tracking_categories is not None:
		tracking, found = tracking_fields(body.tracking_categories, doc.company, "tracking_categories")
		fields.update(tracking)
		problems += found
	children, found = replaced_children(body, doc)
	raise_if(problems + found)
	return apply_update(doc, {**fields, **body.custom_fields}, children, prepare=paid_in_full)
