"""Request bodies of the write endpoints, validated as a whole: unknown fields, wrong types and missing
fields are reported together, each by its path. (Output shapes are the TypedDicts in schemas/.)"""

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.schemas import TrackingCategoryType, custom_fields_on

# Lines (items, taxes, journal lines, payment applications) per document: ERPNext needs ~8 s to build an
# invoice of 1,000 lines and ~1 min for 10,000, past any sane HTTP timeout (docs/reliability.md).
MAX_LINES = 1000


class Body(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	dry_run: bool = False  # validate everything ERPNext would, return the would-be result, write nothing


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


class TrackingCategoryInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	type: TrackingCategoryType  # cost_center | project | an Accounting Dimension fieldname
	id: str


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


class ExpenseCreate(Body):
	"""A purchase already paid from a card, bank or cash account: one submitted Purchase Invoice."""

	contact_id: str = Field(min_length=1)  # the Supplier (merchant)
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
	submit: bool = True  # paid already: posted in the same transaction unless false (a draft to review)


class DocumentAction(Body):
	"""submit_*, cancel_*, delete_*: the document's id."""

	id: str = Field(min_length=1)


class ContactInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	id: str
	type: Literal["customer", "supplier", "employee", "shareholder"]


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


class PaymentApplicationInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	related_object_type: Literal["invoice"] = "invoice"
	related_object_id: str
	applied_amount: float = Field(gt=0)


class PaymentCreate(Body):
	type: Literal["accounts_receivable", "accounts_payable"]  # receive from a customer / pay a supplier
	contact_id: str = Field(min_length=1)
	company: str | None = None
	transaction_date: datetime.date | None = None
	account_id: str | None = None  # the bank or cash account (default: the company's default bank/cash)
	account_number: str | None = None
	total_amount: float = Field(gt=0)  # in the bank/cash account's currency
	exchange_rate: float | None = Field(default=None, gt=0)
	payment_method: str | None = None  # Mode of Payment
	reference: str | None = None  # reference / cheque number
	memo: str | None = None
	applied_to: list[PaymentApplicationInput] = Field(
		default_factory=list, max_length=MAX_LINES
	)  # empty: an unallocated advance
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Payment Entry") = Field(default_factory=dict)
	submit: bool = False


class AddressInput(BaseModel):
	"""One address of a contact: with `id`, that address is updated; without, a new one is created."""

	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	id: str | None = None  # an Address already linked to the contact
	type: str | None = None  # Address.address_type in snake_case (billing, shipping, ...); new: billing
	line1: str | None = None  # required for a new address
	line2: str | None = None
	city: str | None = None  # required for a new address
	state: str | None = None
	postal_code: str | None = None
	country: str | None = None  # a Country (required for a new address)
	email: str | None = None
	phone: str | None = None
	is_primary: bool | None = None
	is_shipping: bool | None = None


class ContactCreate(Body):
	type: Literal["customer", "supplier"]
	name: str = Field(min_length=1)  # customer_name / supplier_name
	group: str | None = None  # Customer Group / Supplier Group (default: ERPNext's default or the root)
	tax_id: str | None = None
	currency: str | None = None  # default billing currency
	email: str | None = None
	phone: str | None = None
	payment_terms_id: str | None = None  # a Payment Terms Template
	addresses: list[AddressInput] = Field(default_factory=list)  # created and linked (see update_contact)
	custom_fields: custom_fields_on("Customer", "Supplier") = Field(default_factory=dict)


class EmailInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	email: str = Field(min_length=3, pattern=r"^[^@\s]+@[^@\s]+$")
	is_primary: bool = False  # the first email is primary when none is marked


class ContactUpdate(Body):
	"""Only the fields given change. `addresses` / `emails`, when given, replace the current ones."""

	id: str = Field(min_length=1)
	type: Literal["customer", "supplier"] | None = None  # needed only when the id names both kinds
	name: str | None = Field(default=None, min_length=1)
	group: str | None = None
	tax_id: str | None = None
	currency: str | None = None
	email: str | None = None  # becomes the primary email (the others are kept)
	phone: str | None = None  # the primary Contact person's mobile number
	status: Literal["active", "inactive"] | None = None
	payment_terms_id: str | None = None  # a Payment Terms Template
	addresses: list[AddressInput] | None = None  # replaces the linked addresses
	emails: list[EmailInput] | None = None  # replaces the primary Contact person's emails
	custom_fields: custom_fields_on("Customer", "Supplier") = Field(default_factory=dict)


class ContactAction(Body):
	"""deactivate_contact: the contact's id (and type when the id names both kinds)."""

	id: str = Field(min_length=1)
	type: Literal["customer", "supplier"] | None = None


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


class JournalEntryUpdate(Body):
	id: str = Field(min_length=1)
	transaction_date: datetime.date | None = None
	memo: str | None = None
	reference: str | None = None
	lines: list[JournalLineInput] | None = Field(
		default=None, min_length=2, max_length=MAX_LINES
	)  # replaces all lines
	custom_fields: custom_fields_on("Journal Entry") = Field(default_factory=dict)


class PaymentUpdate(Body):
	id: str = Field(min_length=1)
	transaction_date: datetime.date | None = None
	payment_method: str | None = None
	reference: str | None = None
	memo: str | None = None
	tracking_categories: list[TrackingCategoryInput] | None = None
	custom_fields: custom_fields_on("Payment Entry") = Field(default_factory=dict)


class WebhookCreate(Body):
	"""create_webhook: a subscription to change events."""

	target_url: str = Field(min_length=8)  # http(s) URL that receives signed POSTs
	events: list[str] = Field(min_length=1)  # patterns: invoices.created, payments.*, *.deleted, *
	company: str | None = None  # only events of this company (default: every company)
	user: str | None = None  # whose permissions shape payloads (default: caller; others: System Manager)
	description: str | None = None  # free text


class WebhookAction(Body):
	"""delete_webhook, replay_delivery: the subscription's or the delivery's id."""

	id: str = Field(min_length=1)


class IntegrationUserCreate(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	email: str = Field(min_length=3)  # the new User's email, its login id
	full_name: str | None = None  # shown in Desk (default: the part of the email before @)
	roles: list[str] = Field(min_length=1)  # from services.integration_users.INTEGRATION_ROLES
	company: str | None = None  # restrict the user to this Company (a User Permission)
	customer: str | None = None  # restrict the user to this Customer (a User Permission)
