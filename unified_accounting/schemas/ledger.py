"""The ledger's shapes: accounts, invoices, journal entries, payments, transactions (GL entries)."""

from typing import TypedDict

from unified_accounting.schemas.core import ContactRef, TrackingCategoryRef, custom_fields_on


class Account(TypedDict):
	id: str  # Account.name
	company: str  # Account.company
	created_at: str  # Account.creation, with offset
	updated_at: str  # Account.modified, with offset
	name: str  # Account.account_name
	number: str | None  # Account.account_number
	description: str | None  # None: ERPNext accounts carry no description
	classification: str | None  # Account.root_type: asset | liability | equity | revenue | expense
	type: str | None  # Account.account_type in snake_case (bank, accounts_receivable, tax, ...)
	status: str  # Account.disabled: active | inactive
	is_group: bool  # Account.is_group
	parent_account_id: str | None  # Account.parent_account
	currency: str | None  # Account.account_currency
	current_balance: float | None  # GL balance in account currency (only with include_balance=1)
	custom_fields: custom_fields_on("Account")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class InvoiceLineItem(TypedDict):
	id: str  # Sales/Purchase Invoice Item.name
	item_id: str | None  # .item_code
	name: str | None  # .item_name
	description: str | None  # .description
	quantity: float  # .qty
	unit_price: float  # .rate
	discount_amount: float | None  # .discount_amount (per unit), None when 0
	total_amount: float  # .amount
	account_id: str | None  # .income_account (sales) / .expense_account (purchase)
	tax_rate: float | None  # .item_tax_rate, when the item tax template sets exactly one rate
	order_id: str | None  # .sales_order / .purchase_order: the order the line bills
	order_line_id: str | None  # .so_detail / .po_detail: the order line it bills
	tracking_categories: list[TrackingCategoryRef]  # .cost_center, .project, accounting dimensions
	custom_fields: custom_fields_on(
		"Sales Invoice Item", "Purchase Invoice Item"
	)  # their Custom Fields, typed


class InvoiceTax(TypedDict):
	account_id: str  # Sales/Purchase Taxes and Charges.account_head
	description: str | None  # .description
	rate: float | None  # .rate
	amount: float  # .tax_amount


class InvoicePayment(TypedDict):
	payment_id: str  # the Payment Entry or Journal Entry that settled part of it
	type: str  # payment (Payment Entry) | journal_entry (Journal Entry)
	amount: float  # allocated amount, in invoice currency
	date: str | None  # posting date of that payment


class Invoice(TypedDict):
	id: str  # Sales Invoice.name / Purchase Invoice.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	type: str  # accounts_receivable (Sales Invoice) | accounts_payable (Purchase Invoice)
	document_type: str  # invoice | credit_note (is_return) | debit_note (is_debit_note / purchase return)
	number: str  # .name
	supplier_invoice_number: str | None  # Purchase Invoice.bill_no
	contact: ContactRef | None  # .customer / .supplier
	issue_date: str  # .posting_date
	due_date: str | None  # .due_date
	payment_terms_id: str | None  # .payment_terms_template (a Payment Terms Template)
	paid_on_date: str | None  # latest applied payment date, when status is paid
	memo: str | None  # .remarks
	currency: str  # .currency
	exchange_rate: float  # .conversion_rate
	sub_total: float  # .total
	total_discount: float  # .discount_amount
	total_tax_amount: float  # .total_taxes_and_charges
	total_amount: float  # .grand_total
	balance: float  # .outstanding_amount
	status: str  # .status mapped: draft | open | partially_paid | paid | overdue | void
	posting_status: str  # draft | posted | cancelled (docstatus)
	return_against_id: str | None  # .return_against
	line_items: list[InvoiceLineItem]  # .items
	taxes: list[InvoiceTax]  # .taxes
	payments: list[InvoicePayment]  # submitted Payment Entry References and Journal Entry Accounts naming it
	tracking_categories: list[TrackingCategoryRef]  # header cost center, project, dimensions
	custom_fields: custom_fields_on("Sales Invoice", "Purchase Invoice")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class Expense(TypedDict):
	id: str  # Purchase Invoice.name, with is_paid: paid at once from account_id
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	number: str  # .name
	document_type: str  # expense | refund (.is_return: money back onto the account, amounts negative)
	transaction_date: str  # .posting_date
	account_id: str | None  # .cash_bank_account: the card, bank or cash account it was paid from
	payment_method: str | None  # .mode_of_payment (a payment method id)
	contact: ContactRef | None  # .supplier
	reference: str | None  # .bill_no: the receipt or merchant reference
	memo: str | None  # .remarks
	currency: str  # .currency
	exchange_rate: float  # .conversion_rate
	sub_total: float  # .total
	total_tax_amount: float  # .total_taxes_and_charges
	total_amount: float  # .grand_total
	paid_amount: float  # .paid_amount: what left account_id
	posting_status: str  # draft | posted | cancelled (docstatus)
	line_items: list[InvoiceLineItem]  # .items
	taxes: list[InvoiceTax]  # .taxes
	tracking_categories: list[TrackingCategoryRef]  # header cost center, project, dimensions
	custom_fields: custom_fields_on("Purchase Invoice")  # its Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class JournalEntryLine(TypedDict):
	id: str  # Journal Entry Account.name
	account_id: str  # .account
	debit: float  # .debit (company currency)
	credit: float  # .credit
	net_amount: float  # debit - credit
	currency: str | None  # .account_currency
	exchange_rate: float  # .exchange_rate: account -> company currency (1 on company-currency lines)
	debit_in_account_currency: float  # .debit_in_account_currency
	credit_in_account_currency: float  # .credit_in_account_currency
	contact: ContactRef | None  # .party_type / .party
	reference: dict | None  # {type, id} from .reference_type / .reference_name
	description: str | None  # .user_remark
	tracking_categories: list[TrackingCategoryRef]  # .cost_center, .project, dimensions
	custom_fields: custom_fields_on("Journal Entry Account")  # their Custom Fields, typed


class JournalEntry(TypedDict):
	id: str  # Journal Entry.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	number: str  # .name
	voucher_type: str  # .voucher_type in snake_case (journal_entry, bank_entry, cash_entry, ...)
	transaction_date: str  # .posting_date
	memo: str | None  # .user_remark
	currency: str | None  # company currency, or the foreign currency when multi_currency
	exchange_rate: float | None  # 1, or the first foreign line's exchange_rate
	posting_status: str  # draft | posted | cancelled
	cleared_on: str | None  # .clearance_date: when the bank cleared it (bank reconciliation); None until then
	total_debit: float  # .total_debit
	total_credit: float  # .total_credit
	lines: list[JournalEntryLine]  # .accounts
	custom_fields: custom_fields_on("Journal Entry")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class PaymentApplication(TypedDict):
	related_object_type: str  # invoice | journal_entry | order | ...
	related_object_id: str  # Payment Entry Reference.reference_name
	applied_amount: float  # .allocated_amount


class PaymentDeduction(TypedDict):
	account_id: str  # Payment Entry Deduction.account
	amount: float  # .amount: debited to the account, company currency (negative: credited)
	cost_center_id: str | None  # .cost_center
	description: str | None  # .description


class Payment(TypedDict):
	id: str  # Payment Entry.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	type: str  # accounts_receivable (Receive) | accounts_payable (Pay) | internal_transfer
	transaction_date: str  # .posting_date
	contact: ContactRef | None  # .party_type / .party
	account_id: str | None  # bank/cash side: .paid_to (receive) / .paid_from (pay)
	party_account_id: str | None  # receivable/payable side: .paid_from (receive) / .paid_to (pay)
	payment_method: str | None  # .mode_of_payment
	reference: str | None  # .reference_no
	currency: str | None  # .paid_to_account_currency (receive) / .paid_from_account_currency (pay)
	exchange_rate: float | None  # .target_exchange_rate (receive) / .source_exchange_rate (pay)
	total_amount: float  # .received_amount (receive) / .paid_amount (pay): bank/cash side amount
	unallocated_amount: float  # .unallocated_amount
	refund: bool  # money back: paid to a customer / received from a supplier (.payment_type, .party_type)
	posting_status: str  # draft | posted | cancelled
	cleared_on: str | None  # .clearance_date: when the bank cleared it (bank reconciliation); None until then
	applied_to: list[PaymentApplication]  # .references
	deductions: list[PaymentDeduction]  # .deductions: fees, write-offs, short payments
	tracking_categories: list[TrackingCategoryRef]  # .cost_center, .project, dimensions
	custom_fields: custom_fields_on("Payment Entry")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class AllocationLine(TypedDict):
	related_object_type: str  # invoice (a Sales/Purchase Invoice), else the doctype in snake_case
	related_object_id: str  # the invoice applied to (or released)
	applied_amount: float  # positive: applied by this call; negative: released by an unallocate
	balance: float  # the invoice's .outstanding_amount after this call
	status: str  # the invoice's unified status after this call (open, partially_paid, paid, overdue)
	exchange_gain_loss: float  # the difference ERPNext posted for it, company currency (0 when none)


class Allocation(TypedDict):
	id: str  # the payment (Payment Entry.name) or credit note (Sales/Purchase Invoice.name) applied
	object_type: str  # payment | credit_note
	unallocated_amount: float  # what is left of it to apply, in its party-account currency
	applied_to: list[AllocationLine]  # the invoices this call changed
	journal_entry_ids: list[str]  # journals ERPNext posted or cancelled for it (credit note, gain/loss)


class UnderlyingTransaction(TypedDict):
	type: str  # invoice | payment | journal_entry | ... (unified name)
	erpnext_doctype: str  # GL Entry.voucher_type
	id: str  # GL Entry.voucher_no


class Transaction(TypedDict):
	id: str  # GL Entry.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	transaction_date: str  # .posting_date
	account_id: str  # .account
	debit: float  # .debit (company currency)
	credit: float  # .credit
	net_amount: float  # debit - credit
	currency: str | None  # .account_currency
	debit_in_account_currency: float  # .debit_in_account_currency
	credit_in_account_currency: float  # .credit_in_account_currency
	transaction_currency: str | None  # .transaction_currency
	debit_in_transaction_currency: float | None  # .debit_in_transaction_currency
	credit_in_transaction_currency: float | None  # .credit_in_transaction_currency
	contact: ContactRef | None  # .party_type / .party
	underlying_transaction: UnderlyingTransaction  # .voucher_type / .voucher_no
	description: str | None  # .remarks
	is_cancelled: bool  # .is_cancelled
	tracking_categories: list[TrackingCategoryRef]  # .cost_center, .project, dimensions
	custom_fields: custom_fields_on("GL Entry")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)
