"""Write bodies of the documents: accounts, invoices (and credit notes), expenses, journal entries."""

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import MAX_LINES, Body, ContactInput, FileInput, TrackingCategoryInput
from unified_accounting.schemas import custom_fields_on


class AccountCreate(Body):
	name: str = Field(min_length=1)  # Account.account_name
	parent_account_id: str = Field(min_length=1)  # a group account of the company
	company: str | None = None  # default: the parent's company
	number: str | None = None  # Account.account_number
	type: str | None = None  # unified account type (bank, cash, accounts_receivable, tax, ...)
	currency: str | None = None  # Account.account_currency (default: company currency)
	is_group: bool = False
	status: Literal["active", "inactive"] = "active"
	custom_fields: custom_fields_on("Account") = Field(default_factory=dict)


class AccountUpdate(Body):
	id: str = Field(min_length=1)
	name: str | None = Field(default=None, min_length=1)
	number: str | None = None
	status: Literal["active", "inactive"] | None = None
	parent_account_id: str | None = None  # refused (409) once the account has GL entries
	custom_fields: custom_fields_on("Account") = Field(default_factory=dict)


class InvoiceLineInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	item_id: str | None = None  # an Item; without it the line needs a name or description and an account
	name: str | None = None
	description: str | None = None
	quantity: float = Field(default=1, gt=0)  # always positive; credit notes are negated for ERPNext
	unit_price: float
	account_id: str | None = None  # income (sales) or expense (purchase) account
	account_number: str | None = None  # alternative to account_id, within the invoice's company
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Sales Invoice Item", "Purchase Invoice Item") = Field(
		default_factory=dict
	)


class InvoiceTaxInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	account_id: str | None = None
	account_number: str | None = None
	description: str | None = None
	rate: float | None = None  # percent of the net total
	amount: float | None = None  # a fixed amount (used when rate is not given)


class InvoiceCreate(Body):
	type: Literal["accounts_receivable", "accounts_payable"]
	contact_id: str = Field(min_length=1)  # Customer (receivable) or Supplier (payable)
	company: str | None = None  # default: settings' default company, then ERPNext's default company
	document_type: Literal["invoice", "credit_note", "debit_note"] = "invoice"
	return_against_id: str | None = None  # the invoice a credit/debit note corrects
	supplier_invoice_number: str | None = None
	issue_date: datetime.date | None = None  # default today
	due_date: datetime.date | None = None  # with payment_terms_id, ERPNext's schedule sets it
	payment_terms_id: str | None = None  # a Payment Terms Template; default: the contact's
	currency: str | None = None
	exchange_rate: float | None = Field(default=None, gt=0)
	memo: str | None = None
	line_items: list[InvoiceLineInput] = Field(min_length=1, max_length=MAX_LINES)
	taxes: list[InvoiceTaxInput] = Field(default_factory=list, max_length=MAX_LINES)
	tax_template_id: str | None = None
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Sales Invoice", "Purchase Invoice") = Field(default_factory=dict)
	submit: bool = False  # create and submit in one transaction


class InvoiceUpdate(Body):
	"""Drafts: any of these; submitted invoices: only fields ERPNext allows after submit."""

	id: str = Field(min_length=1)
	contact_id: str | None = None
	issue_date: datetime.date | None = None
	due_date: datetime.date | None = None
	supplier_invoice_number: str | None = None
	currency: str | None = None
	exchange_rate: float | None = Field(default=None, gt=0)
	memo: str | None = None
	line_items: list[InvoiceLineInput] | None = Field(
		default=None, min_length=1, max_length=MAX_LINES
	)  # replaces all lines
	taxes: list[InvoiceTaxInput] | None = Field(default=None, max_length=MAX_LINES)  # replaces all tax lines
	tracking_categories: list[TrackingCategoryInput] | None = None
	custom_fields: custom_fields_on("Sales Invoice", "Purchase Invoice") = Field(default_factory=dict)


class ExpenseCreate(Body):
	"""A purchase already paid from a card, bank or cash account: one submitted Purchase Invoice."""

	contact_id: str | None = Field(default=None, min_length=1)  # the Supplier (merchant); default: settings'
	document_type: Literal["expense", "refund"] = (
		"expense"  # refund: money back onto the card (a paid return)
	)
	account_id: str | None = None  # the Bank- or Cash-type account it was paid from (a card is one)
	account_number: str | None = None  # alternative to account_id
	company: str | None = None  # default: settings' default company, then ERPNext's default company
	payment_method: str | None = None  # a Mode of Payment (list_payment_methods)
	transaction_date: datetime.date | None = None  # default today
	reference: str | None = None  # receipt or merchant reference (Purchase Invoice.bill_no)
	currency: str | None = None
	exchange_rate: float | None = Field(default=None, gt=0)
	memo: str | None = None
	line_items: list[InvoiceLineInput] = Field(min_length=1, max_length=MAX_LINES)
	taxes: list[InvoiceTaxInput] = Field(default_factory=list, max_length=MAX_LINES)
	tax_template_id: str | None = None
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Purchase Invoice") = Field(default_factory=dict)
	receipts: list[FileInput] = Field(default_factory=list, max_length=10)  # attached in the same transaction
	submit: bool = True  # paid already: posted in the same transaction unless false (a draft to review)


class ExpenseUpdate(Body):
	"""update_expense: drafts take any of these (lines and taxes replaced as given); posted expenses only
	fields ERPNext allows after submit (409 otherwise: void it and create it again)."""

	id: str = Field(min_length=1)
	contact_id: str | None = None
	account_id: str | None = None  # the Bank- or Cash-type account it was paid from
	payment_method: str | None = None
	transaction_date: datetime.date | None = None
	reference: str | None = None
	memo: str | None = None
	line_items: list[InvoiceLineInput] | None = Field(default=None, min_length=1, max_length=MAX_LINES)
	taxes: list[InvoiceTaxInput] | None = Field(default=None, max_length=MAX_LINES)
	tracking_categories: list[TrackingCategoryInput] | None = None
	custom_fields: custom_fields_on("Purchase Invoice") = Field(default_factory=dict)


class JournalLineInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	account_id: str | None = None
	account_number: str | None = None
	debit: float | None = Field(default=None, ge=0)  # in the account's currency
	credit: float | None = Field(default=None, ge=0)  # in the account's currency
	net_amount: float | None = None  # signed alternative: positive debits, negative credits
	exchange_rate: float | None = Field(default=None, gt=0)  # account -> company currency (foreign accounts)
	contact: ContactInput | None = None  # party lines (receivable/payable accounts need one)
	description: str | None = None
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Journal Entry Account") = Field(default_factory=dict)


class JournalEntryCreate(Body):
	company: str | None = None
	transaction_date: datetime.date | None = None  # default today
	voucher_type: str = (
		"journal_entry"  # journal_entry | bank_entry | cash_entry | ... (ERPNext voucher types)
	)
	memo: str | None = None
	reference: str | None = None  # cheque / reference number
	lines: list[JournalLineInput] = Field(min_length=2, max_length=MAX_LINES)
	custom_fields: custom_fields_on("Journal Entry") = Field(default_factory=dict)
	submit: bool = False


class JournalEntryUpdate(Body):
	id: str = Field(min_length=1)
	transaction_date: datetime.date | None = None
	memo: str | None = None
	reference: str | None = None
	lines: list[JournalLineInput] | None = Field(
		default=None, min_length=2, max_length=MAX_LINES
	)  # replaces all lines
	custom_fields: custom_fields_on("Journal Entry") = Field(default_factory=dict)
