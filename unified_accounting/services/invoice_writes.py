"""Creating and changing Sales/Purchase Invoices through ERPNext's own documents, in one transaction."""

from dataclasses import dataclass

import frappe
from frappe.utils import getdate, today

from unified_accounting.exceptions import NotFoundError
from unified_accounting.inputs import InvoiceCreate, InvoiceLineInput
from unified_accounting.services.records import custom_field_specs
from unified_accounting.services.writes import (
	custom_field_problems,
	missing_reference,
	raise_if,
	resolve_account,
	resolve_company,
	tracking_fields,
)

DOCTYPE_BY_TYPE = {"accounts_receivable": "Sales Invoice", "accounts_payable": "Purchase Invoice"}
PARTY_BY_DOCTYPE = {"Sales Invoice": ("Customer", "customer"), "Purchase Invoice": ("Supplier", "supplier")}
LINE_ACCOUNT_FIELD = {"Sales Invoice": "income_account", "Purchase Invoice": "expense_account"}
TAX_DOCTYPE = {"Sales Invoice": "Sales Taxes and Charges", "Purchase Invoice": "Purchase Taxes and Charges"}
TEMPLATE_DOCTYPE = {
	"Sales Invoice": "Sales Taxes and Charges Template",
	"Purchase Invoice": "Purchase Taxes and Charges Template",
}
ITEM_DOCTYPE = {"Sales Invoice": "Sales Invoice Item", "Purchase Invoice": "Purchase Invoice Item"}
DEFAULT_UOM = "Nos"


@dataclass
class Written:
	doctype: str
	name: str


def create_invoice(body: InvoiceCreate) -> Written:
	"""Build the invoice from unified fields, insert it and, when asked (or in a dry run), submit it in the
	same transaction: a failure anywhere leaves no draft behind."""
	doctype = DOCTYPE_BY_TYPE[body.type]
	company = resolve_company(body.company)
	header, problems = header_fields(body, doctype, company)
	lines = [
		line_fields(line, doctype, company, f"line_items[{i}]", body.document_type)
		for i, line in enumerate(body.line_items)
	]
	taxes = [tax_fields(tax, doctype, company, f"taxes[{i}]") for i, tax in enumerate(body.taxes)]
	raise_if(problems + [p for _fields, found in lines + taxes for p in found])
	doc = frappe.new_doc(doctype)
	doc.update(header)
	for fields, _found in lines:
		doc.append("items", fields)
	for fields, _found in taxes:
		doc.append("taxes", fields)
	if body.tax_template_id and not body.taxes:
		doc.set_taxes()  # the named template's lines; no template named means no taxes but the ones given
	doc.insert()  # ERPNext's validate fills party accounts, price lists and defaults (set_missing_values)
	if body.submit:
		doc.submit()
	return Written(doctype, doc.name)


def header_fields(body: InvoiceCreate, doctype: str, company: str) -> tuple[dict, list]:
	party_doctype, party_field = PARTY_BY_DOCTYPE[doctype]
	tracking, problems = tracking_fields(body.tracking_categories, company, "tracking_categories")
	problems += [
		missing_reference(party_doctype, body.contact_id, "contact_id"),
		missing_reference("Currency", body.currency, "currency"),
		missing_reference(
			TEMPLATE_DOCTYPE[doctype], body.tax_template_id, "tax_template_id", company=company
		),
		*custom_field_problems(doctype, body.custom_fields),
		*note_problems(body, doctype),
	]
	fields = {
		"company": company,
		party_field: body.contact_id,
		"posting_date": body.issue_date or getdate(today()),
		"set_posting_time": 1,
		"due_date": body.due_date,
		"currency": body.currency,
		"conversion_rate": body.exchange_rate,
		"remarks": body.memo,
		"taxes_and_charges": body.tax_template_id,
		"is_return": int(body.document_type == "credit_note"),
		"return_against": body.return_against_id,
		**tracking,
		**body.custom_fields,
	}
	if doctype == "Purchase Invoice":
		fields["bill_no"] = body.supplier_invoice_number
	else:
		fields["is_debit_note"] = int(body.document_type == "debit_note")
	return {k: v for k, v in fields.items() if v is not None}, problems


def note_problems(body: InvoiceCreate, doctype: str) -> list[dict]:
	"""Credit/debit notes correct a submitted invoice of the same kind and contact."""
	if body.document_type == "invoice":
		return (
			[{"field": "return_against_id", "message": "only for credit_note or debit_note"}]
			if body.return_against_id
			else []
		)
	if body.document_type == "debit_note" and doctype == "Purchase Invoice":
		return [
			{
				"field": "document_type",
				"message": "purchase invoices take credit_note (a supplier return), not debit_note",
			}
		]
	if body.document_type == "credit_note" and not body.return_against_id:
		return [{"field": "return_against_id", "message": "required for a credit note"}]
	party_field = PARTY_BY_DOCTYPE[doctype][1]
	if body.return_against_id and not frappe.db.exists(
		doctype, {"name": body.return_against_id, "docstatus": 1, party_field: body.contact_id}
	):
		return [
			{"field": "return_against_id", "message": f"no submitted {doctype} of this contact with that id"}
		]
	return []


def line_fields(
	line: InvoiceLineInput, doctype: str, company: str, path: str, document_type: str
) -> tuple[dict, list]:
	account, account_problem = resolve_account(company, line.account_id, line.account_number, path)
	tracking, problems = tracking_fields(line.tracking_categories, company, f"{path}.tracking_categories")
	problems += [
		account_problem,
		missing_reference("Item", line.item_id, f"{path}.item_id"),
		*custom_field_problems(ITEM_DOCTYPE[doctype], line.custom_fields, f"{path}.custom_fields"),
	]
	if not line.item_id and not (line.name or line.description):
		problems.append(
			{"field": f"{path}.name", "message": "a line without item_id needs a name or description"}
		)
	if not line.item_id and not (line.account_id or line.account_number):
		problems.append(
			{
				"field": f"{path}.account_id",
				"message": "a line without item_id needs account_id or account_number",
			}
		)
	quantity = -line.quantity if document_type == "credit_note" else line.quantity
	fields = {
		"item_code": line.item_id,
		"item_name": line.name or (None if line.item_id else (line.description or "")[:140]),
		"description": line.description or line.name,
		"qty": quantity,
		"rate": line.unit_price,
		LINE_ACCOUNT_FIELD[doctype]: account,
		**tracking,
		**line.custom_fields,
	}
	if not line.item_id:
		fields.update({"uom": DEFAULT_UOM, "conversion_factor": 1})
	return {k: v for k, v in fields.items() if v is not None}, problems


def tax_fields(tax, doctype: str, company: str, path: str) -> tuple[dict, list]:
	account, problem = resolve_account(company, tax.account_id, tax.account_number, path)
	problems = [problem]
	if not account and not problem:
		problems.append(
			{"field": f"{path}.account_id", "message": "account_id or account_number is required"}
		)
	if tax.rate is None and tax.amount is None:
		problems.append({"field": f"{path}.rate", "message": "give rate (percent of net total) or amount"})
	fields = {"account_head": account, "description": tax.description or account}
	if tax.rate is not None:
		fields.update({"charge_type": "On Net Total", "rate": tax.rate})
	else:
		fields.update({"charge_type": "Actual", "tax_amount": tax.amount})
	if doctype == "Purchase Invoice":
		fields.update({"category": "Total", "add_deduct_tax": "Add"})
	return fields, problems


def find_invoice(name: str) -> Written:
	"""Invoice ids are Sales or Purchase Invoice names."""
	for doctype in DOCTYPE_BY_TYPE.values():
		if frappe.db.exists(doctype, name):
			return Written(doctype, name)
	raise NotFoundError(f"No invoice {name}.")


def allowed_on_submit(doctype: str) -> set[str]:
	meta = frappe.get_meta(doctype)
	return {f.fieldname for f in meta.fields if f.allow_on_submit} | {
		name for name, _type in custom_field_specs(doctype) if meta.get_field(name).allow_on_submit
	}


UPDATE_FIELDS = {
	"issue_date": "posting_date",
	"due_date": "due_date",
	"supplier_invoice_number": "bill_no",
	"currency": "currency",
	"exchange_rate": "conversion_rate",
	"memo": "remarks",
}


def update_invoice(body) -> Written:
	"""Drafts take any change (lines and taxes are replaced as given); submitted invoices only what
	ERPNext allows on submit, anything else is 409 with cancel-and-amend guidance."""
	from unified_accounting.services.documents import apply_update, load_for

	found = find_invoice(body.id)
	doc = load_for(found.doctype, found.name, "write")
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	fields = {UPDATE_FIELDS[key]: value for key, value in given.items() if key in UPDATE_FIELDS}
	problems = custom_field_problems(found.doctype, body.custom_fields)
	if body.contact_id is not None:
		party_doctype, party_field = PARTY_BY_DOCTYPE[found.doctype]
		problems.append(missing_reference(party_doctype, body.contact_id, "contact_id"))
		fields[party_field] = body.contact_id
	if body.tracking_categories is not None:
		tracking, found_problems = tracking_fields(
			body.tracking_categories, doc.company, "tracking_categories"
		)
		fields.update(tracking)
		problems += found_problems
	children = {}
	if body.line_items is not None:
		lines = [
			line_fields(
				line,
				found.doctype,
				doc.company,
				f"line_items[{i}]",
				"credit_note" if doc.is_return else "invoice",
			)
			for i, line in enumerate(body.line_items)
		]
		children["items"] = [fields_ for fields_, _p in lines]
		problems += [p for _f, found_ in lines for p in found_]
	if body.taxes is not None:
		taxes = [
			tax_fields(tax, found.doctype, doc.company, f"taxes[{i}]") for i, tax in enumerate(body.taxes)
		]
		children["taxes"] = [fields_ for fields_, _p in taxes]
		problems += [p for _f, found_ in taxes for p in found_]
	raise_if(problems)
	apply_update(doc, {**fields, **body.custom_fields}, children)
	return found
