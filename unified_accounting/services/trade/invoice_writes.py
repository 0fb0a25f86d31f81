"""Creating and changing Sales/Purchase Invoices through ERPNext's own documents, in one transaction:
references resolved and checked here, fields mapped by mappers/invoices.py."""

from collections.abc import Callable

import frappe
from frappe.utils import getdate, today

from unified_accounting.inputs import InvoiceCreate, InvoiceLineInput, InvoiceTaxInput, InvoiceUpdate
from unified_accounting.mappers.invoices import (
	DOCTYPE_BY_TYPE,
	ITEM_DOCTYPE,
	PARTY,
	TEMPLATE_DOCTYPE,
	to_erpnext_invoice,
	to_erpnext_invoice_update,
	to_erpnext_line,
	to_erpnext_tax,
)
from unified_accounting.resources import INVOICES
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import Written, apply_update, load
from unified_accounting.services.core.references import resolve_account, resolve_company, tracking_fields
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if


def create_invoice(body: InvoiceCreate) -> Written:
	"""Build the invoice from unified fields, insert it and, with `submit: true`, submit it in the same
	transaction: a failure anywhere leaves no draft behind. (A dry run is submitted later, by the GL
	preview, and then rolled back.)"""
	doctype = DOCTYPE_BY_TYPE[body.type]
	company = resolve_company(body.company)
	tracking, problems = tracking_fields(body.tracking_categories, company, "tracking_categories")
	lines, line_problems = resolved_lines(
		body.line_items, doctype, company, body.document_type == "credit_note"
	)
	taxes, tax_problems = resolved_taxes(body.taxes, doctype, company)
	raise_if(problems + header_problems(body, doctype, company) + line_problems + tax_problems)
	given = {**body.model_dump(), "company": company, "issue_date": body.issue_date or getdate(today())}
	header = to_erpnext_invoice(given, doctype, tracking)
	return insert_document(doctype, header, lines, taxes, body.tax_template_id, body.submit)


def insert_document(
	doctype: str,
	header: dict,
	lines: list[dict],
	taxes: list[dict],
	tax_template_id: str | None,
	submit: bool,
	prepare: Callable | None = None,
) -> Written:
	"""Insert a Sales/Purchase Invoice built from resolved parts and, with `submit`, submit it in the same
	transaction (invoices and expenses)."""
	doc = frappe.new_doc(doctype)
	doc.update(header)
	doc.set("items", lines)
	doc.set("taxes", taxes)
	if tax_template_id and not taxes:
		doc.set_taxes()  # the named template's lines; no template named means no taxes but the ones given
	if prepare:
		prepare(doc)
	documents.insert(doc, submit)  # ERPNext's validate fills party accounts, price lists and defaults
	return Written(doctype, doc.name)


def header_problems(body: InvoiceCreate, doctype: str, company: str) -> list:
	return [
		missing_reference(PARTY[doctype][2], body.contact_id, "contact_id"),
		missing_reference("Currency", body.currency, "currency"),
		missing_reference("Payment Terms Template", body.payment_terms_id, "payment_terms_id"),
		missing_reference(
			TEMPLATE_DOCTYPE[doctype], body.tax_template_id, "tax_template_id", company=company
		),
		*custom_field_problems(doctype, body.custom_fields),
		*note_problems(body, doctype, company),
	]


def note_problems(body: InvoiceCreate, doctype: str, company: str) -> list[dict]:
	"""Credit/debit notes correct a submitted invoice of the same kind, contact and company that the caller
	may read (one they may not is answered as a missing one). A credit note without one is a standalone
	credit on the contact's account, applied later with apply_credit_note."""
	if body.document_type == "invoice":
		message = "only for credit_note or debit_note"
		return [{"field": "return_against_id", "message": message}] if body.return_against_id else []
	if body.document_type == "debit_note" and doctype == "Purchase Invoice":
		message = "purchase invoices take credit_note (a supplier return), not debit_note"
		return [{"field": "document_type", "message": message}]
	against = {"name": body.return_against_id, "docstatus": 1, PARTY[doctype][0]: body.contact_id}
	if body.return_against_id and not readable_reference(doctype, {**against, "company": company}):
		message = f"no submitted {doctype} of this contact with that id"
		return [{"field": "return_against_id", "message": message}]
	return []


def readable_reference(doctype: str, conditions: dict) -> bool:
	"""The record exists as described and the caller may read it."""
	name = frappe.db.exists(doctype, conditions)
	return bool(name) and frappe.has_permission(doctype, "read", doc=name)


def resolved_lines(
	lines: list[InvoiceLineInput], doctype: str, company: str, credit_note: bool
) -> tuple[list[dict], list]:
	"""Item rows with accounts and tracking resolved, and every problem found on the way."""
	rows, problems = [], []
	for i, line in enumerate(lines):
		path = f"line_items[{i}]"
		account, account_problem = resolve_account(company, line.account_id, line.account_number, path)
		tracking, found = tracking_fields(line.tracking_categories, company, f"{path}.tracking_categories")
		problems += [*found, account_problem, *line_problems(line, doctype, path)]
		rows.append(to_erpnext_line(line.model_dump(), doctype, account, tracking, credit_note))
	return rows, problems


def line_problems(line: InvoiceLineInput, doctype: str, path: str) -> list:
	problems = [
		missing_reference("Item", line.item_id, f"{path}.item_id"),
		*custom_field_problems(ITEM_DOCTYPE[doctype], line.custom_fields, f"{path}.custom_fields"),
	]
	if not line.item_id and not (line.name or line.description):
		problems.append(
			{"field": f"{path}.name", "message": "a line without item_id needs a name or description"}
		)
	if not line.item_id and not (line.account_id or line.account_number):
		message = "a line without item_id needs account_id or account_number"
		problems.append({"field": f"{path}.account_id", "message": message})
	return problems


def resolved_taxes(taxes: list[InvoiceTaxInput], doctype: str, company: str) -> tuple[list[dict], list]:
	rows, problems = [], []
	for i, tax in enumerate(taxes):
		path = f"taxes[{i}]"
		account, problem = resolve_account(company, tax.account_id, tax.account_number, path)
		problems.append(problem)
		if not account and not problem:
			problems.append(
				{"field": f"{path}.account_id", "message": "account_id or account_number is required"}
			)
		if tax.rate is None and tax.amount is None:
			problems.append(
				{"field": f"{path}.rate", "message": "give rate (percent of net total) or amount"}
			)
		rows.append(to_erpnext_tax(tax.model_dump(), doctype, account))
	return rows, problems


def update_invoice(body: InvoiceUpdate) -> Written:
	"""Drafts take any change (lines and taxes are replaced as given); submitted invoices only what
	ERPNext allows on submit, anything else is 409 with cancel-and-amend guidance."""
	doc = load(INVOICES, body.id)
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	fields = to_erpnext_invoice_update(given, doc.doctype)
	problems = custom_field_problems(doc.doctype, body.custom_fields)
	if body.contact_id is not None:
		problems.append(missing_reference(PARTY[doc.doctype][2], body.contact_id, "contact_id"))
	if body.tracking_categories is not None:
		tracking, found = tracking_fields(body.tracking_categories, doc.company, "tracking_categories")
		fields.update(tracking)
		problems += found
	children, found = replaced_children(body, doc)
	raise_if(problems + found)
	return apply_update(doc, {**fields, **body.custom_fields}, children)


def replaced_children(body, doc) -> tuple[dict[str, list[dict]], list]:
	"""The item and tax rows an update replaces (only the tables it gives), and their problems."""
	children, problems = {}, []
	if body.line_items is not None:
		children["items"], found = resolved_lines(
			body.line_items, doc.doctype, doc.company, bool(doc.is_return)
		)
		problems += found
	if body.taxes is not None:
		children["taxes"], found = resolved_taxes(body.taxes, doc.doctype, doc.company)
		problems += found
	return children, problems
