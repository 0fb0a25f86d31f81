"""Write bodies of money movements: payments (deductions, refunds), transfers, allocations after the fact."""

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import MAX_LINES, Body, TrackingCategoryInput
from unified_accounting.schemas import custom_fields_on


class PaymentApplicationInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	# invoice, or (create_payment) the order an advance is paid against: sales_order / purchase_order
	related_object_type: Literal["invoice", "sales_order", "purchase_order"] = "invoice"
	related_object_id: str
	applied_amount: float = Field(gt=0)


class PaymentDeductionInput(BaseModel):
	"""A part of the payment settled without passing through the bank: a bank fee, a write-off, a short
	payment, a discount. Debited to its account in company currency (negative: credited)."""

	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	account_id: str | None = None  # one of account_id / account_number
	account_number: str | None = None
	amount: float  # company currency; not 0
	cost_center_id: str | None = None  # default: the company's cost center
	description: str | None = None


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
	deductions: list[PaymentDeductionInput] = Field(default_factory=list, max_length=MAX_LINES)
	# money back: accounts_payable pays a customer back (applied_to: their credit notes), accounts_receivable
	# receives a supplier's refund (applied_to: their debit notes / vendor credits)
	refund: bool = False
	tracking_categories: list[TrackingCategoryInput] = Field(default_factory=list)
	custom_fields: custom_fields_on("Payment Entry") = Field(default_factory=dict)
	submit: bool = False


class PaymentUpdate(Body):
	id: str = Field(min_length=1)
	transaction_date: datetime.date | None = None
	payment_method: str | None = None
	reference: str | None = None
	memo: str | None = None
	tracking_categories: list[TrackingCategoryInput] | None = None
	custom_fields: custom_fields_on("Payment Entry") = Field(default_factory=dict)


class TransferCreate(Body):
	"""create_transfer: money moved between two bank, card or cash accounts of one company (a card pay-down,
	a sweep to savings): an Internal Transfer Payment Entry, posted unless `submit: false`."""

	from_account_id: str = Field(min_length=1)  # Bank- or Cash-type account the money leaves
	to_account_id: str = Field(min_length=1)  # Bank- or Cash-type account it reaches (a card is Bank-type)
	amount: float = Field(gt=0)  # leaving from_account_id, in its currency
	received_amount: float | None = Field(default=None, gt=0)  # reaching to_account_id (other currency)
	company: str | None = None  # default: the accounts' company
	transaction_date: datetime.date | None = None  # default today
	reference: str | None = None  # bank reference (required by ERPNext when a Bank account sends)
	memo: str | None = None
	payment_method: str | None = None  # Mode of Payment
	custom_fields: custom_fields_on("Payment Entry") = Field(default_factory=dict)
	submit: bool = True


class Allocate(Body):
	"""allocate_payment, apply_credit_note: a posted payment's or credit note's unallocated amount applied to
	open invoices of the same contact, company and receivable/payable account."""

	id: str = Field(min_length=1)  # the payment or credit note
	applied_to: list[PaymentApplicationInput] = Field(min_length=1, max_length=MAX_LINES)


class Unallocate(Body):
	"""unallocate_payment, unapply_credit_note: release what was applied (ERPNext's Unreconcile Payment)."""

	id: str = Field(min_length=1)  # the payment or credit note
	invoice_ids: list[str] = Field(default_factory=list, max_length=MAX_LINES)  # empty: every invoice
