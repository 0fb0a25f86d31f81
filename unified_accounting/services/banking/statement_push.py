"""Statement lines pushed by a bank feed, kept as ERPNext Bank Transactions: each submitted under its own
savepoint, kept once per bank account and `transaction_id` (a re-sent line answers the stored one)."""

from dataclasses import dataclass

import frappe

from unified_accounting.envelope import error_from_exception
from unified_accounting.exceptions import ConflictError, InvalidRequestError
from unified_accounting.inputs import BankTransactionsCreate
from unified_accounting.mappers.banking import TRANSACTION_DOCTYPE, same_content, to_erpnext_bank_transaction
from unified_accounting.resources import BANK_ACCOUNTS
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import load
from unified_accounting.services.core.writes import custom_field_problems
from unified_accounting.services.platform.batch import callback_marks, drop_callbacks_since

STORED = ("name", "date", "deposit", "withdrawal", "currency", "transaction_id")


@dataclass
class LineOutcome:
	index: int
	status: int
	name: str | None = None
	error: dict | None = None


def create_bank_transactions(body: BankTransactionsCreate) -> list[LineOutcome]:
	"""One outcome per line, in order: 201 created, 200 already there, 4xx refused (nothing left of it)."""
	account = load(BANK_ACCOUNTS, body.bank_account_id)
	currency = (
		frappe.db.get_value("Account", account.account, "account_currency") if account.account else None
	)
	known = stored_lines(account.name, [line.transaction_id for line in body.lines if line.transaction_id])
	outcomes = []
	for index, line in enumerate(body.lines):
		values = to_erpnext_bank_transaction(line.model_dump(), account.name, account.company, currency)
		outcome = refused(index, line, currency) or repeated(index, line, values, known)
		if outcome is None:
			outcome = insert_line(index, values)
			if outcome.name and line.transaction_id:
				known[line.transaction_id] = {**values, "name": outcome.name}
		outcomes.append(outcome)
	return outcomes


def stored_lines(bank_account: str, transaction_ids: list[str]) -> dict[str, dict]:
	"""The bank account's live lines with these ids (whoever pushed them: a duplicate is a duplicate)."""
	if not transaction_ids:
		return {}
	rows = frappe.db.get_values(
		TRANSACTION_DOCTYPE,
		{"bank_account": bank_account, "transaction_id": ("in", transaction_ids), "docstatus": ("<", 2)},
		list(STORED),
		as_dict=True,
	)
	return {row.transaction_id: row for row in rows}


def refused(index: int, line, currency: str | None) -> LineOutcome | None:
	given = [field for field in ("amount", "deposit", "withdrawal") if getattr(line, field)]
	problems = []
	if len(given) != 1:
		problems.append(
			{"field": f"lines[{index}].amount", "message": "give one of amount, deposit, withdrawal (not 0)"}
		)
	if line.currency and line.currency != currency:
		problems.append(
			{"field": f"lines[{index}].currency", "message": f"the bank account is in {currency}"}
		)
	problems += custom_field_problems(
		TRANSACTION_DOCTYPE, line.custom_fields, f"lines[{index}].custom_fields"
	)
	if not problems:
		return None
	return failed(index, InvalidRequestError(f"Invalid statement line {index}.", problems))


def repeated(index: int, line, values: dict, known: dict[str, dict]) -> LineOutcome | None:
	"""A re-sent line answers the stored one; the same id with other content is a conflict naming both."""
	stored = known.get(line.transaction_id) if line.transaction_id else None
	if stored is None:
		return None
	if same_content(stored, values):
		return LineOutcome(index, 200, stored["name"])
	message = (
		f"transaction_id {line.transaction_id} is already {stored['name']} on this bank account, with another "
		"date, amount or currency"
	)
	details = [{"field": f"lines[{index}].transaction_id", "message": f"already {stored['name']}"}]
	return failed(index, ConflictError(message, details))


def insert_line(index: int, values: dict) -> LineOutcome:
	savepoint = f"ua_statement_{index}"
	frappe.db.savepoint(savepoint)
	pending = callback_marks()
	try:
		doc = frappe.new_doc(TRANSACTION_DOCTYPE)
		doc.update(values)
		documents.insert(doc, submit=True)  # one pass: Bank Transaction has no draft-only logic
		return LineOutcome(index, 201, doc.name)
	except Exception as exc:
		frappe.db.rollback(save_point=savepoint)
		drop_callbacks_since(pending)
		return failed(index, exc)


def failed(index: int, exc: Exception) -> LineOutcome:
	status, body = error_from_exception(exc)
	return LineOutcome(index, status, error=body["error"])
