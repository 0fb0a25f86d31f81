"""Write bodies of banking: bank accounts, statement lines pushed by a bank feed, and reconciliation."""

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import Body, ContactInput
from unified_accounting.inputs.money import PaymentApplicationInput
from unified_accounting.schemas import custom_fields_on

MAX_STATEMENT_LINES = 1000


class BankAccountCreate(Body):
	"""create_bank_account: a company's account at a bank, booked in a Bank-type ledger account."""

	name: str = Field(min_length=1, max_length=140)  # Bank Account.account_name (e.g. "Operating")
	bank: str = Field(min_length=1, max_length=140)  # a Bank (System Managers add them in Desk)
	account_id: str = Field(min_length=1)  # the Bank-type ledger account (a card is one too)
	company: str | None = None  # default: the ledger account's company
	account_type: str | None = None  # a Bank Account Type
	account_number: str | None = Field(default=None, max_length=140)
	iban: str | None = Field(default=None, max_length=34)
	is_default: bool = False  # the company's default bank account
	custom_fields: custom_fields_on("Bank Account") = Field(default_factory=dict)


class BankAccountUpdate(Body):
	id: str = Field(min_length=1)
	account_id: str | None = None
	account_type: str | None = None
	account_number: str | None = Field(default=None, max_length=140)
	iban: str | None = Field(default=None, max_length=34)
	is_default: bool | None = None
	status: Literal["active", "inactive"] | None = None
	custom_fields: custom_fields_on("Bank Account") = Field(default_factory=dict)


class StatementLineInput(BaseModel):
	"""One line of a bank statement: `amount` signed (money in positive), or `deposit` / `withdrawal`."""

	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	transaction_date: datetime.date
	amount: float | None = None  # signed; not with deposit / withdrawal
	deposit: float | None = Field(default=None, ge=0)
	withdrawal: float | None = Field(default=None, ge=0)
	currency: str | None = None  # must be the bank account's (default: it)
	description: str | None = None
	reference: str | None = Field(default=None, max_length=140)  # matched against voucher references
	transaction_id: str | None = Field(
		default=None, max_length=140
	)  # the bank's id: re-sent lines are kept once
	transaction_type: str | None = Field(default=None, max_length=140)
	counterparty_name: str | None = Field(default=None, max_length=140)
	counterparty_iban: str | None = Field(default=None, max_length=34)
	counterparty_account_number: str | None = Field(default=None, max_length=140)
	custom_fields: custom_fields_on("Bank Transaction") = Field(default_factory=dict)


class BankTransactionsCreate(Body):
	"""create_bank_transactions: statement lines of one bank account, each submitted; per-line results."""

	bank_account_id: str = Field(min_length=1)
	lines: list[StatementLineInput] = Field(min_length=1, max_length=MAX_STATEMENT_LINES)


class MatchInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	related_object_type: Literal["payment", "journal_entry", "bank_transaction"]
	related_object_id: str = Field(min_length=1)


class BankTransactionReconcile(Body):
	"""reconcile_bank_transaction: match a statement line to vouchers; ERPNext allocates each voucher's
	amount still uncleared, up to what is left of the line, and clears the vouchers on the line's date."""

	id: str = Field(min_length=1)
	matches: list[MatchInput] = Field(min_length=1, max_length=100)


class VoucherFromLine(Body):
	"""create_voucher_from_bank_transaction: the payment or journal entry a statement line stands for,
	created, posted and matched to the line in one transaction (ERPNext's create_payment_entry_bts /
	create_journal_entry_bts)."""

	id: str = Field(min_length=1)  # the statement line (a posted Bank Transaction with something left)
	kind: Literal["payment", "journal_entry"]
	contact: ContactInput | None = None  # payment: the customer or supplier; journal: a party line's party
	account_id: str | None = None  # journal_entry: the other side (Bank Charges, Interest, ...)
	reference: str | None = Field(default=None, max_length=140)  # default: the line's reference or id
	payment_method: str | None = None  # Mode of Payment
	applied_to: list[PaymentApplicationInput] = Field(
		default_factory=list, max_length=100
	)  # payment: invoices


class AutoReconcile(Body):
	"""auto_reconcile: ERPNext's auto-match by reference for a bank account's unreconciled lines."""

	bank_account_id: str = Field(min_length=1)
	from_date: datetime.date | None = None  # lines (and vouchers) dated from (default: any)
	to_date: datetime.date | None = None  # until (default: today)
