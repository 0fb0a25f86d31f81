"""Creating Journal Entries through ERPNext's Journal Entry document, balanced or refused with the difference."""

import frappe
from frappe.utils import getdate, today

from unified_accounting.filtering import choice_problem
from unified_accounting.inputs import JournalEntryCreate, JournalEntryUpdate, JournalLineInput
from unified_accounting.mappers.journal_entries import (
	DOCTYPE,
	LINE_DOCTYPE,
	PARTY_DOCTYPES,
	VOUCHER_TYPES,
	to_erpnext_journal_entry,
	to_erpnext_line,
)
from unified_accounting.resources import JOURNAL_ENTRIES
from unified_accounting.services.core.documents import Written, apply_update, load
from unified_accounting.services.core.references import resolve_account, resolve_company, tracking_fields
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if
from unified_accounting.services.ledger.journal_currency import ensure_balanced, set_exchange_rates


def create_journal_entry(body: JournalEntryCreate) -> Written:
	company = resolve_company(body.company)
	types = VOUCHER_TYPES.allowed()
	date = body.transaction_date or getdate(today())
	lines, problems = resolved_lines(body.lines, company)
	multi_currency, rate_problems = set_exchange_rates(
		company, date, lines, [ln.exchange_rate for ln in body.lines]
	)
	problems += rate_problems + custom_field_problems(DOCTYPE, body.custom_fields)
	if body.voucher_type not in types:
		problems.append(choice_problem("voucher_type", types))
	raise_if(problems)
	ensure_balanced(lines, company)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(to_erpnext_journal_entry({**body.model_dump(), "transaction_date": date}, types))
	doc.update({"company": company, "cheque_date": date if body.reference else None})
	doc.update({"multi_currency": int(multi_currency)})
	doc.flags.ignore_exchange_rate = True  # every line's rate is set above, as ERPNext would: keep them
	doc.set("accounts", lines)
	doc.insert()
	if body.submit:
		doc.submit()
	return Written(DOCTYPE, doc.name)


def resolved_lines(lines: list[JournalLineInput], company: str) -> tuple[list[dict], list]:
	"""Journal Entry Account rows with accounts, parties and tracking resolved, and every problem found."""
	rows, problems = [], []
	for i, line in enumerate(lines):
		path = f"lines[{i}]"
		account, problem = resolve_account(company, line.account_id, line.account_number, path)
		tracking, found = tracking_fields(line.tracking_categories, company, f"{path}.tracking_categories")
		found += [problem, *custom_field_problems(LINE_DOCTYPE, line.custom_fields, f"{path}.custom_fields")]
		if not account and not problem:
			found.append(
				{"field": f"{path}.account_id", "message": "account_id or account_number is required"}
			)
		debit, credit, amount_problem = amounts(line, path)
		found.append(amount_problem)
		if line.contact:
			party_doctype = PARTY_DOCTYPES[line.contact.type]
			found.append(missing_reference(party_doctype, line.contact.id, f"{path}.contact.id"))
		problems += [p for p in found if p]
		rows.append(to_erpnext_line(line.model_dump(), account, debit, credit, tracking))
	return rows, problems


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
		message = "a line needs exactly one of debit or credit (or net_amount)"
		return 0, 0, {"field": f"{path}.debit", "message": message}
	return debit, credit, None


def update_journal_entry(body: JournalEntryUpdate) -> Written:
	doc = load(JOURNAL_ENTRIES, body.id)
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	problems = custom_field_problems(DOCTYPE, body.custom_fields)
	children, fields = {}, to_erpnext_journal_entry(given, {})
	if body.lines is not None:
		children["accounts"], found = resolved_lines(body.lines, doc.company)
		date = body.transaction_date or doc.posting_date
		multi_currency, rate_problems = set_exchange_rates(
			doc.company, date, children["accounts"], [ln.exchange_rate for ln in body.lines]
		)
		problems += found + rate_problems
		fields["multi_currency"] = int(multi_currency)
		doc.flags.ignore_exchange_rate = True  # the rates are set above
	raise_if(problems)
	if children:
		ensure_balanced(children["accounts"], doc.company)
	return apply_update(doc, fields, children)
