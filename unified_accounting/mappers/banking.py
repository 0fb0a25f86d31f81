"""Pure mapping of Bank Accounts, Bank Transactions (statement lines) and ERPNext's match candidates to the
unified shapes, and of pushed statement lines back to Bank Transaction fields."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	DOCSTATUS_BY_POSTING_STATUS,
	MapContext,
	base_fields,
	columns,
	contact_ref,
	iso_date,
	number,
	posting_status,
	read_fields,
	same,
	text,
	trailing_fields,
)
from unified_accounting.object_types import object_type
from unified_accounting.schemas import BankAccount, BankTransaction, BankTransactionMatch, MatchCandidate

ACCOUNT_DOCTYPE, TRANSACTION_DOCTYPE, MATCH_DOCTYPE = (
	"Bank Account",
	"Bank Transaction",
	"Bank Transaction Payments",
)
ACCOUNT_FIELDS = (
	("name", "account_name", same),
	("bank", "bank", same),
	("account_id", "account", text),
)
ACCOUNT_HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"account_type",
	"bank_account_no",
	"iban",
	"is_company_account",
	"is_default",
	"disabled",
	*columns(ACCOUNT_FIELDS),
)
TRANSACTION_FIELDS = (
	("bank_account_id", "bank_account", same),
	("transaction_date", "date", iso_date),
)
TRANSACTION_TEXT_FIELDS = (
	("currency", "currency", text),
	("description", "description", text),
	("reference", "reference_number", text),
	("transaction_id", "transaction_id", text),
	("transaction_type", "transaction_type", text),
	("counterparty_name", "bank_party_name", text),
	("counterparty_iban", "bank_party_iban", text),
	("counterparty_account_number", "bank_party_account_number", text),
)
TRANSACTION_HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"status",
	"deposit",
	"withdrawal",
	"allocated_amount",
	"unallocated_amount",
	"party_type",
	"party",
	*columns(TRANSACTION_FIELDS, TRANSACTION_TEXT_FIELDS),
)
MATCH_FIELDS = ("payment_document", "payment_entry", "allocated_amount", "clearance_date")
MATCHABLE = {
	"payment": "Payment Entry",
	"journal_entry": "Journal Entry",
	"bank_transaction": "Bank Transaction",
}
# ERPNext's document_types switches for get_linked_payments, per unified type
SEARCHED = {
	"payment": "payment_entry",
	"journal_entry": "journal_entry",
	"bank_transaction": "bank_transaction",
}
STATUSES = ("draft", "unreconciled", "partially_reconciled", "reconciled", "cancelled")
ERPNEXT_STATUS = {
	"unreconciled": "Unreconciled",
	"partially_reconciled": "Unreconciled",
	"reconciled": "Reconciled",
}


class BankAccountFilters(CommonFilters):
	bank: Annotated[str | None, Filter("bank")] = None
	account_id: Annotated[str | None, Filter("account")] = None
	is_company_account: Annotated[bool | None, Filter("is_company_account", values=int)] = None
	status: Annotated[
		Literal["active", "inactive"] | None, Filter("disabled", values={"active": 0, "inactive": 1})
	] = None


class BankTransactionFilters(CommonFilters):
	bank_account_id: Annotated[str | None, Filter("bank_account")] = None
	transaction_id: Annotated[str | None, Filter("transaction_id")] = None
	transaction_date_from: Annotated[datetime.date | None, Filter("date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("date", "<=")] = None
	posting_status: Annotated[
		Literal[tuple(DOCSTATUS_BY_POSTING_STATUS)] | None,
		Filter("docstatus", values=DOCSTATUS_BY_POSTING_STATUS),
	] = None
	# unreconciled and partially_reconciled are both ERPNext's "Unreconciled" (allocated 0 or not)
	status: Annotated[
		Literal["unreconciled", "partially_reconciled", "reconciled"] | None,
		Filter("status", values=ERPNEXT_STATUS),
	] = None


def masked(value: str | None) -> str | None:
	"""An account number or IBAN with only its last 4 characters shown."""
	if not value:
		return None
	compact = value.replace(" ", "")
	return "*" * max(0, len(compact) - 4) + compact[-4:]


def to_unified_bank_account(doctype: str, row: dict, children: dict, ctx: MapContext) -> BankAccount:
	"""`ctx.balances`: GL account -> balance (None: GL not readable); `ctx.facts`: `currencies` (GL
	account -> currency) and `reconciled_on` (bank account -> date)."""
	account = row.get("account")
	balances = ctx.balances
	return {
		**base_fields(row, doctype, ctx),
		**read_fields(row, ACCOUNT_FIELDS),
		"currency": ctx.facts.get("currencies", {}).get(account),
		"account_type": text(row.get("account_type")),
		"account_number": masked(row.get("bank_account_no")),
		"iban": masked(row.get("iban")),
		"is_company_account": bool(row.get("is_company_account")),
		"is_default": bool(row.get("is_default")),
		"status": "inactive" if row.get("disabled") else "active",
		"balance": None if balances is None or account not in balances else balances[account],
		"last_reconciled_on": iso_date(ctx.facts.get("reconciled_on", {}).get(row["name"])),
		**trailing_fields(row, doctype, ctx),
	}


def transaction_status(row: dict) -> str:
	if row.get("docstatus") == 0:
		return "draft"
	if row.get("docstatus") == 2:
		return "cancelled"
	if number(row.get("unallocated_amount")) <= 0:
		return "reconciled"
	return "partially_reconciled" if number(row.get("allocated_amount")) > 0 else "unreconciled"


def to_unified_match(row: dict) -> BankTransactionMatch:
	doctype = row.get("payment_document")
	return {
		"related_object_type": object_type(doctype),
		"related_object_id": row.get("payment_entry"),
		"allocated_amount": number(row.get("allocated_amount")),
		"cleared_on": iso_date(row.get("clearance_date")),
	}


def to_unified_bank_transaction(doctype: str, row: dict, children: dict, ctx: MapContext) -> BankTransaction:
	return {
		**base_fields(row, doctype, ctx),
		**read_fields(row, TRANSACTION_FIELDS),
		"amount": round(number(row.get("deposit")) - number(row.get("withdrawal")), 9),
		**read_fields(row, TRANSACTION_TEXT_FIELDS),
		"contact": contact_ref(row.get("party_type"), row.get("party")),
		"status": transaction_status(row),
		"allocated_amount": number(row.get("allocated_amount")),
		"unallocated_amount": number(row.get("unallocated_amount")),
		"matches": [to_unified_match(match) for match in children.get("matches", [])],
		"posting_status": posting_status(row.get("docstatus")),
		**trailing_fields(row, doctype, ctx),
	}


def match_reasons(candidate: dict, line: dict) -> list[str]:
	"""Why ERPNext ranked a voucher for a statement line: the same reference, amount, contact."""
	reasons = []
	if line.get("reference_number") and candidate.get("reference_no") == line.get("reference_number"):
		reasons.append("reference")
	if abs(number(candidate.get("paid_amount")) - number(line.get("unallocated_amount"))) < 0.005:
		reasons.append("amount")
	if line.get("party") and (candidate.get("party_type"), candidate.get("party")) == (
		line.get("party_type"),
		line.get("party"),
	):
		reasons.append("contact")
	return reasons


def to_unified_candidate(candidate: dict, line: dict) -> MatchCandidate:
	doctype = candidate.get("doctype")
	return {
		"related_object_type": object_type(doctype),
		"related_object_id": candidate["name"],
		"amount": number(candidate.get("paid_amount")),
		"currency": text(candidate.get("currency")),
		"transaction_date": iso_date(candidate.get("posting_date")),
		"reference": text(candidate.get("reference_no")),
		"contact": contact_ref(candidate.get("party_type"), candidate.get("party")),
		"rank": int(candidate.get("rank") or 0),
		"reasons": match_reasons(candidate, line),
	}


def to_erpnext_bank_transaction(line: dict, bank_account: str, company: str, currency: str) -> dict:
	"""Bank Transaction fields for a pushed statement line (`amount` signed, or `deposit` / `withdrawal`)."""
	amount = line.get("amount")
	deposit = line.get("deposit") or (amount if amount and amount > 0 else 0)
	withdrawal = line.get("withdrawal") or (-amount if amount and amount < 0 else 0)
	fields = {unified: erpnext for unified, erpnext, _convert in TRANSACTION_TEXT_FIELDS}
	return {
		"bank_account": bank_account,
		"company": company,
		"date": line["transaction_date"],
		"deposit": deposit,
		"withdrawal": withdrawal,
		**{erpnext: line.get(unified) for unified, erpnext in fields.items() if line.get(unified)},
		"currency": currency,
		**line.get("custom_fields", {}),
	}


def same_content(existing: dict, new: dict) -> bool:
	"""A re-sent line: the same date, amounts and currency as the stored one."""

	def key(row: dict) -> tuple:
		date = row.get("date")
		day = date.isoformat() if isinstance(date, datetime.date) else str(date)
		return (
			day,
			round(number(row.get("deposit")), 2),
			round(number(row.get("withdrawal")), 2),
			row.get("currency"),
		)

	return key(existing) == key(new)


ACCOUNT_WRITE_FIELDS = (
	("name", "account_name"),
	("bank", "bank"),
	("account_id", "account"),
	("account_type", "account_type"),
	("account_number", "bank_account_no"),
	("iban", "iban"),
	("is_default", "is_default"),
)


def to_erpnext_bank_account(given: dict) -> dict:
	"""Bank Account fields for the unified fields given (create or update), custom fields included."""
	fields = {
		erpnext: given[unified] for unified, erpnext in ACCOUNT_WRITE_FIELDS if given.get(unified) is not None
	}
	fields = {key: int(value) if isinstance(value, bool) else value for key, value in fields.items()}
	if given.get("status"):
		fields["disabled"] = int(given["status"] == "inactive")
	return {**fields, **given.get("custom_fields", {})}
