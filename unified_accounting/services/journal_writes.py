"""Creating Journal Entries through ERPNext's Journal Entry document, balanced or refused with the difference."""

import frappe
from frappe.utils import flt, getdate, today

from unified_accounting.exceptions import UnprocessableError
from unified_accounting.inputs import JournalEntryCreate, JournalLineInput
from unified_accounting.services.invoice_writes import Written
from unified_accounting.services.writes import (
	custom_field_problems,
	missing_reference,
	raise_if,
	resolve_account,
	resolve_company,
	tracking_fields,
)

DOCTYPE = "Journal Entry"
PARTY_DOCTYPES = {
	"customer": "Customer",
	"supplier": "Supplier",
	"employee": "Employee",
	"shareholder": "Shareholder",
}


def voucher_types() -> dict[str, str]:
	"""unified voucher_type -> ERPNext option (journal_entry -> Journal Entry, ...)."""
	options = frappe.get_meta(DOCTYPE).get_field("voucher_type").options.split("\n")
	return {frappe.scrub(option): option for option in options if option}


def create_journal_entry(body: JournalEntryCreate) -> Written:
	company = resolve_company(body.company)
	types = voucher_types()
	lines = [line_fields(line, company, f"lines[{i}]") for i, line in enumerate(body.lines)]
	problems = [p for _fields, found in lines for p in found]
	problems += custom_field_problems(DOCTYPE, body.custom_fields)
	if body.voucher_type not in types:
		problems.append({"field": "voucher_type", "message": f"must be one of: {', '.join(sorted(types))}"})
	raise_if(problems)
	ensure_balanced([fields for fields, _found in lines])
	doc = frappe.new_doc(DOCTYPE)
	doc.update(
		{
			"company": company,
			"posting_date": body.transaction_date or getdate(today()),
			"voucher_type": types[body.voucher_type],
			"user_remark": body.memo,
			"cheque_no": body.reference,
			"cheque_date": (body.transaction_date or getdate(today())) if body.reference else None,
			**body.custom_fields,
		}
	)
	for fields, _found in lines:
		doc.append("accounts", fields)
	doc.insert()
	if body.submit:
		doc.submit()
	return Written(DOCTYPE, doc.name)


def line_fields(line: JournalLineInput, company: str, path: str) -> tuple[dict, list]:
	account, problem = resolve_account(company, line.account_id, line.account_number, path)
	tracking, problems = tracking_fields(line.tracking_categories, company, f"{path}.tracking_categories")
	problems += [
		problem,
		*custom_field_problems("Journal Entry Account", line.custom_fields, f"{path}.custom_fields"),
	]
	if not account and not problem:
		problems.append(
			{"field": f"{path}.account_id", "message": "account_id or account_number is required"}
		)
	debit, credit, amount_problem = amounts(line, path)
	problems.append(amount_problem)
	party = {}
	if line.contact:
		party_doctype = PARTY_DOCTYPES[line.contact.type]
		problems.append(missing_reference(party_doctype, line.contact.id, f"{path}.contact.id"))
		party = {"party_type": party_doctype, "party": line.contact.id}
	fields = {
		"account": account,
		"debit_in_account_currency": debit,
		"credit_in_account_currency": credit,
		"user_remark": line.description,
		**party,
		**tracking,
		**line.custom_fields,
	}
	return fields, [p for p in problems if p]


def amounts(line: JournalLineInput, path: str) -> tuple[float, float, dict | None]:
	"""(debit, credit) from debit/credit or a signed net_amount, never both ways at once."""
	if line.net_amount is not None:
		if line.debit or line.credit:
			return (
				0,
				0,
				{"field": f"{path}.net_amount", "message": "give debit/credit or net_amount, not both"},
			)
		return max(line.net_amount, 0), max(-line.net_amount, 0), None
	debit, credit = line.debit or 0, line.credit or 0
	if bool(debit) == bool(credit):
		return (
			0,
			0,
			{
				"field": f"{path}.debit",
				"message": "a line needs exactly one of debit or credit (or net_amount)",
			},
		)
	return debit, credit, None


def ensure_balanced(lines: list[dict]) -> None:
	"""422 naming the difference, before ERPNext is asked (it would refuse the same way)."""
	debit = flt(sum(line["debit_in_account_currency"] for line in lines), 2)
	credit = flt(sum(line["credit_in_account_currency"] for line in lines), 2)
	if debit != credit:
		difference = flt(debit - credit, 2)
		raise UnprocessableError(
			f"The entry does not balance: debits {debit:.2f}, credits {credit:.2f}, difference {difference:.2f}.",
			[{"field": "lines", "message": f"debits minus credits is {difference:.2f}; it must be 0"}],
		)


def update_journal_entry(body) -> Written:
	from unified_accounting.services.documents import apply_update, load_for

	doc = load_for(DOCTYPE, body.id, "write")
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	fields = {
		target: given[key]
		for key, target in (
			("transaction_date", "posting_date"),
			("memo", "user_remark"),
			("reference", "cheque_no"),
		)
		if key in given
	}
	problems = custom_field_problems(DOCTYPE, body.custom_fields)
	children = {}
	if body.lines is not None:
		lines = [line_fields(line, doc.company, f"lines[{i}]") for i, line in enumerate(body.lines)]
		problems += [p for _fields, found in lines for p in found]
		children["accounts"] = [fields_ for fields_, _found in lines]
	raise_if(problems)
	if children:
		ensure_balanced(children["accounts"])
	apply_update(doc, {**fields, **body.custom_fields}, children)
	return Written(DOCTYPE, doc.name)
