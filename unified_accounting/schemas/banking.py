"""Unified banking shapes: bank accounts, the statement lines a bank feed pushes, and their matches."""

from typing import TypedDict

from unified_accounting.schemas.core import ContactRef, custom_fields_on


class BankAccount(TypedDict):
	id: str  # Bank Account.name
	company: str | None  # .company (None: a contact's account)
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .account_name
	bank: str  # .bank (a Bank)
	account_id: str | None  # .account: the ledger account its money is booked in
	currency: str | None  # that ledger account's currency
	account_type: str | None  # .account_type (a Bank Account Type: checking, savings, card, ...)
	account_number: str | None  # .bank_account_no, masked: only its last 4 characters shown
	iban: str | None  # .iban, masked the same way
	is_company_account: bool  # .is_company_account
	is_default: bool  # .is_default: the company's default bank account
	status: str  # active | inactive (.disabled)
	balance: float | None  # the ledger account's GL balance today, its currency (None: GL not readable)
	last_reconciled_on: str | None  # latest date of a fully reconciled Bank Transaction on it
	custom_fields: custom_fields_on("Bank Account")  # its Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class BankTransactionMatch(TypedDict):
	related_object_type: str  # payment | journal_entry | invoice | bank_transaction (.payment_document)
	related_object_id: str  # .payment_entry
	allocated_amount: float  # .allocated_amount: the part of the line it accounts for
	cleared_on: str | None  # the voucher's .clearance_date: the date ERPNext cleared it on


class BankTransaction(TypedDict):
	id: str  # Bank Transaction.name
	company: str | None  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	bank_account_id: str  # .bank_account
	transaction_date: str  # .date
	amount: float  # .deposit - .withdrawal: money in positive, money out negative
	currency: str | None  # .currency (the bank account's)
	description: str | None  # .description
	reference: str | None  # .reference_number: the bank's reference, matched against voucher references
	transaction_id: str | None  # .transaction_id: the bank's own id, unique per bank account
	transaction_type: str | None  # .transaction_type as the bank names it
	counterparty_name: str | None  # .bank_party_name
	counterparty_iban: str | None  # .bank_party_iban
	counterparty_account_number: str | None  # .bank_party_account_number
	contact: ContactRef | None  # .party_type / .party
	status: str  # unreconciled | partially_reconciled | reconciled | cancelled | draft
	allocated_amount: float  # .allocated_amount: matched to vouchers
	unallocated_amount: float  # .unallocated_amount: still to match
	matches: list[BankTransactionMatch]  # .payment_entries
	posting_status: str  # draft | posted | cancelled (docstatus)
	custom_fields: custom_fields_on("Bank Transaction")  # its Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class MatchCandidate(TypedDict):
	related_object_type: str  # payment | journal_entry | invoice | bank_transaction
	related_object_id: str  # the voucher
	amount: float  # its amount still to clear against the bank (ERPNext's paid_amount)
	currency: str | None  # its currency
	transaction_date: str | None  # its posting date
	reference: str | None  # its reference number
	contact: ContactRef | None  # its party
	rank: int  # ERPNext's rank: 1 + one per matching reference, amount and party
	reasons: list[str]  # which matched: reference | amount | contact


class BankTransactionBatchItem(TypedDict):
	index: int  # position in the request's `lines`
	status: int  # 201 created, 200 already there (same transaction_id, same content), 4xx refused
	result: BankTransaction | None  # the statement line
	error: dict | None  # the unified error of a refused line


class AutoReconcileResult(TypedDict):
	bank_account_id: str  # the Bank Account
	examined: int  # unreconciled lines in the range that ERPNext tried to match
	reconciled: list[str]  # lines now fully reconciled
	partially_reconciled: list[str]  # lines matched in part


class AutoReconcileJob(TypedDict):
	id: str  # the job (poll get_auto_reconcile with it)
	status: str  # queued | running | done | failed
	bank_account_id: str  # the Bank Account
	from_date: str | None  # the range asked for
	to_date: str | None  # until (null: today)
	total_lines: int  # unreconciled lines in the range when the job was started
	examined: int  # lines ERPNext has tried to match so far (a chunk of 1,000 at a time)
	progress: float  # examined / total_lines (1.0 when there was nothing to do)
	reconciled: list[str]  # lines now fully reconciled
	partially_reconciled: list[str]  # lines matched in part
	error: str | None  # why a failed job stopped (the chunks before it stay reconciled)
	created_at: str  # when it was started
	finished_at: str | None  # when it ended


class ReconciliationItem(TypedDict):
	related_object_type: str  # payment | journal_entry | invoice (.payment_document)
	related_object_id: str  # the voucher not yet cleared by the bank at as_of_date
	transaction_date: str | None  # its posting date
	debit: float  # into the bank account (a deposit to clear)
	credit: float  # out of it (a payment to clear)
	reference: str | None  # its reference number
	reference_date: str | None  # its reference date
	cleared_on: str | None  # its clearance date (after as_of_date, or none)
	against_account_id: str | None  # the other side


class BankReconciliationStatement(TypedDict):
	bank_account_id: str  # the Bank Account
	account_id: str  # its ledger account
	company: str  # its company
	currency: str | None  # the ledger account's currency
	as_of_date: str  # the statement date
	balance_per_books: float  # the ledger balance at as_of_date (ERPNext: "as per General Ledger")
	outstanding_debits: float  # deposits in the books the bank has not cleared yet
	outstanding_credits: float  # payments in the books the bank has not cleared yet
	incorrectly_cleared: float  # cleared amounts not reflected in the books at as_of_date
	balance_per_bank: float  # what the bank statement should show ("Calculated Bank Statement balance")
	outstanding: list[ReconciliationItem]  # the vouchers not cleared at as_of_date
	generated_at: str  # when the report was computed, with offset
