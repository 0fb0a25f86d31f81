"""The unified shapes, written once. Every key is always present (None when empty); dates are ISO 8601."""

from typing import Annotated, Any, TypedDict

from pydantic import WithJsonSchema


def custom_fields_on(*doctypes: str):
	"""The type of a `custom_fields` object: a dict at runtime; in the OpenAPI spec, this site's Custom
	Fields on these doctypes, typed (`@dimensions`: each Accounting Dimension's doctype)."""
	return Annotated[dict[str, Any], WithJsonSchema({"type": "object", "x-custom-fields-of": list(doctypes)})]


# cost_center | project | an Accounting Dimension's fieldname: a str at runtime, this site's live enum in
# the OpenAPI spec.
TrackingCategoryType = Annotated[
	str, WithJsonSchema({"type": "string", "x-live-enum": "TrackingCategoryType"})
]


class TrackingCategoryRef(TypedDict):
	type: TrackingCategoryType  # cost_center | project | the Accounting Dimension's fieldname (e.g. "department")
	id: str  # the ERPNext record name
	name: str  # its display name


class Deleted(TypedDict):
	id: str  # the deleted document's name
	deleted: bool  # always true


class ContactRef(TypedDict):
	id: str  # Customer / Supplier / Employee name
	name: str | None  # customer_name / supplier_name when known
	type: str  # customer | supplier | employee | ... (ERPNext party type in snake_case)


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
	total_debit: float  # .total_debit
	total_credit: float  # .total_credit
	lines: list[JournalEntryLine]  # .accounts
	custom_fields: custom_fields_on("Journal Entry")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class PaymentApplication(TypedDict):
	related_object_type: str  # invoice | journal_entry | order | ...
	related_object_id: str  # Payment Entry Reference.reference_name
	applied_amount: float  # .allocated_amount


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
	posting_status: str  # draft | posted | cancelled
	applied_to: list[PaymentApplication]  # .references
	tracking_categories: list[TrackingCategoryRef]  # .cost_center, .project, dimensions
	custom_fields: custom_fields_on("Payment Entry")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


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


class ContactAddress(TypedDict):
	id: str  # Address.name
	type: str | None  # .address_type in snake_case (billing, shipping, office, ...)
	line1: str | None  # .address_line1
	line2: str | None  # .address_line2
	city: str | None  # .city
	state: str | None  # .state
	postal_code: str | None  # .pincode
	country: str | None  # .country
	email: str | None  # .email_id
	phone: str | None  # .phone
	is_primary: bool  # .is_primary_address
	is_shipping: bool  # .is_shipping_address


class ContactEmail(TypedDict):
	email: str  # Contact Email.email_id
	person_id: str  # the Contact (person) it belongs to
	person_name: str | None  # Contact.full_name
	is_primary: bool  # the primary email of the primary Contact person


class Contact(TypedDict):
	id: str  # Customer.name / Supplier.name
	company: str | None  # None: customers and suppliers are shared across companies
	created_at: str  # .creation
	updated_at: str  # .modified
	type: str  # customer | supplier
	name: str  # .customer_name / .supplier_name
	group: str | None  # .customer_group / .supplier_group
	tax_id: str | None  # .tax_id
	currency: str | None  # .default_currency
	status: str  # active | inactive (.disabled)
	email: str | None  # .email_id
	phone: str | None  # .mobile_no
	payment_terms_id: str | None  # .payment_terms (a Payment Terms Template)
	addresses: list[ContactAddress]  # Addresses linked to it (Dynamic Link), oldest first
	emails: list[ContactEmail]  # emails of the Contact persons linked to it, the primary person's first
	custom_fields: custom_fields_on("Customer", "Supplier")  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class TrackingCategory(TypedDict):
	id: str  # the record name
	company: str | None  # .company where the doctype has one
	created_at: str  # .creation
	updated_at: str  # .modified
	type: TrackingCategoryType  # cost_center | project | the Accounting Dimension's fieldname
	name: str  # display name
	status: str  # active | inactive
	parent_id: str | None  # parent in the tree, for tree doctypes
	custom_fields: custom_fields_on("Cost Center", "Project", "@dimensions")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class BatchItemError(TypedDict):
	status: int  # the HTTP status the single endpoint would have answered
	type: str  # the unified error type (invalid_request, validation_error, ...)
	message: str  # plain words
	details: list[dict[str, Any]]  # one {field, message} per problem, paths relative to the item


class InvoiceBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: Invoice | None  # the created invoice (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class JournalEntryBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: JournalEntry | None  # the created journal entry (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class PaymentBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: Payment | None  # the created payment (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class TaxRateComponent(TypedDict):
	account_id: str  # .account_head (templates) / .tax_type (item tax template) / Account.name (tax account)
	description: str | None  # .description
	charge_type: str  # .charge_type in snake_case (on_net_total, actual, on_previous_row_total, ...)
	rate: float | None  # percent: .rate / .tax_rate / Account.tax_rate
	amount: float | None  # fixed amount of an `actual` charge (.tax_amount), else None
	included_in_price: bool  # .included_in_print_rate
	deduct: bool  # purchase templates: .add_deduct_tax is Deduct


class TaxRate(TypedDict):
	id: str  # the template's name / the Account's name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	type: str  # sales_tax_template | purchase_tax_template | item_tax_template | tax_account
	name: str  # .title (templates) / Account.account_name
	status: str  # active | inactive (.disabled)
	is_default: bool  # .is_default (sales and purchase templates), else false
	tax_category: str | None  # .tax_category (sales and purchase templates)
	total_rate: float | None  # sum of the percent rates of its components; None when none is a percent
	components: list[TaxRateComponent]  # .taxes, or the tax account itself
	custom_fields: dict[str, Any]  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class ItemPrice(TypedDict):
	price_list: str  # Item Price.price_list (Selling / Buying Settings' default price list)
	currency: str  # .currency
	unit_price: float  # .price_list_rate
	unit: str | None  # .uom


class ItemCompanyAccounts(TypedDict):
	company: str  # a company the caller may read
	income_account_id: str | None  # Item Default.income_account, else Item Group's, else Company's
	income_account_source: str | None  # item | item_group | company: where income_account_id comes from
	expense_account_id: str | None  # Item Default.expense_account, else Item Group's, else Company's
	expense_account_source: str | None  # item | item_group | company
	selling_cost_center_id: str | None  # Item Default.selling_cost_center, else the company's cost center
	buying_cost_center_id: str | None  # Item Default.buying_cost_center, else the company's cost center


class Item(TypedDict):
	id: str  # Item.name (item_code)
	company: str | None  # None: items are shared across companies
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .item_name
	description: str | None  # .description (HTML stripped)
	group: str | None  # .item_group
	unit: str | None  # .stock_uom
	is_stock_item: bool  # .is_stock_item
	is_sold: bool  # .is_sales_item
	is_purchased: bool  # .is_purchase_item
	status: str  # active | inactive (.disabled)
	selling_price: ItemPrice | None  # Item Price on the default selling list (None: none or not readable)
	buying_price: ItemPrice | None  # Item Price on the default buying price list (None: none or not readable)
	accounts: list[ItemCompanyAccounts]  # effective default accounts, one per company the caller may read
	tax_template_ids: list[str]  # .taxes: Item Tax Templates, in their stored order
	custom_fields: dict[str, Any]  # every Custom Field on Item, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class CompanyDefaultAccounts(TypedDict):
	receivable_account_id: str | None  # Company.default_receivable_account
	payable_account_id: str | None  # .default_payable_account
	income_account_id: str | None  # .default_income_account
	expense_account_id: str | None  # .default_expense_account
	bank_account_id: str | None  # .default_bank_account
	cash_account_id: str | None  # .default_cash_account
	round_off_account_id: str | None  # .round_off_account
	write_off_account_id: str | None  # .write_off_account
	exchange_gain_loss_account_id: str | None  # .exchange_gain_loss_account
	cost_center_id: str | None  # .cost_center (default cost center)


class FiscalYear(TypedDict):
	id: str  # Fiscal Year.name
	name: str  # .year
	start_date: str  # .year_start_date
	end_date: str  # .year_end_date
	status: str  # active | inactive (.disabled)


class AccountingPeriod(TypedDict):
	id: str  # Accounting Period.name
	name: str  # .period_name
	start_date: str  # .start_date
	end_date: str  # .end_date
	closed_document_types: list[str]  # .closed_documents with closed=1 (ERPNext doctype names)


class CompanyInfo(TypedDict):
	id: str  # Company.name
	company: str  # Company.name again, like every record's company
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .company_name
	abbreviation: str  # .abbr
	country: str | None  # .country
	currency: str  # .default_currency (base currency of its books)
	tax_id: str | None  # .tax_id
	default_accounts: CompanyDefaultAccounts  # the company's default accounts
	fiscal_years: list[FiscalYear] | None  # Fiscal Years that apply to it (None: caller may not read them)
	accounting_periods: list[AccountingPeriod] | None  # its Accounting Periods (None: not readable)
	books_closed_until: str | None  # latest submitted Period Closing Voucher's period_end_date
	frozen_until: str | None  # Accounts Settings.acc_frozen_upto (entries on or before it are refused)
	caller_may_post_frozen: bool  # caller has the frozen_accounts_modifier role (never Administrator)
	custom_fields: dict[str, Any]  # every Custom Field on Company, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class AttachedTo(TypedDict):
	type: str  # invoice | journal_entry | payment
	erpnext_doctype: str  # File.attached_to_doctype
	id: str  # File.attached_to_name


class Attachment(TypedDict):
	id: str  # File.name
	company: str | None  # None: the parent record carries the company
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .file_name
	content_type: str | None  # guessed from the file name
	size: int  # .file_size in bytes
	is_private: bool  # .is_private
	content_hash: str | None  # .content_hash (MD5 of the content)
	attached_to: AttachedTo  # .attached_to_doctype / .attached_to_name
	uploaded_by: str  # .owner
	download_method: str  # the endpoint that returns the content (GET with id=<id>)
	custom_fields: dict[str, Any]  # every Custom Field on File, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class Export(TypedDict):
	id: str  # Unified Accounting Export.name
	resource: str  # what is exported: transactions
	format: str  # jsonl | csv
	status: str  # queued | running | done | failed
	rows_written: int  # rows in the file so far
	total_rows: int | None  # rows the export will write (None while queued)
	progress: float  # rows_written / total_rows, 0 to 1
	download_url: str | None  # the private File, once done (same credentials as the API)
	error: str | None  # why it failed
	filters: dict[str, Any]  # the filters it was started with


class CapabilityOperation(TypedDict):
	name: str  # the endpoint's function name (list_invoices)
	method: str  # its dotted path after /api/method/
	http_methods: list[str]  # GET or POST


class CapabilityResource(TypedDict):
	name: str  # unified resource name (invoices)
	enabled: bool  # switched on in Unified Accounting Settings
	erpnext_doctypes: list[str]  # the ERPNext doctypes it reads and writes
	operations: list[CapabilityOperation]  # its endpoints, read from the code


class CapabilityCompany(TypedDict):
	id: str  # Company.name
	name: str  # Company.name
	abbreviation: str | None  # Company.abbr
	currency: str | None  # Company.default_currency
	country: str | None  # Company.country


class CustomFieldDescriptor(TypedDict):
	key: str  # Custom Field.fieldname: the key in `custom_fields`
	label: str | None  # Custom Field.label
	type: str  # Custom Field.fieldtype (Data, Check, Select, Link, ...)
	options: str | None  # Custom Field.options (Select choices, Link target)
	required: bool  # Custom Field.reqd


class PageSize(TypedDict):
	default: int  # records per page when no limit is given
	max: int  # the largest limit accepted


class Capabilities(TypedDict):
	app: str  # always unified_accounting
	version: str  # the app's version
	frappe_version: str  # Frappe's version
	erpnext_version: str  # ERPNext's version
	user: str  # the caller
	default_company: str | None  # settings' default company
	page_size: PageSize  # settings' page sizes
	custom_fields_exposed: bool  # whether records carry custom_fields
	resources: list[CapabilityResource]  # every resource, enabled or not
	companies: list[CapabilityCompany]  # companies the caller may read
	custom_fields: dict[str, list[CustomFieldDescriptor]]  # doctype -> Custom Fields the caller may read


class ReportPeriod(TypedDict):
	key: str  # the period's column key in ERPNext's report (e.g. "dec_2026")
	label: str  # its display label ("Dec 2026", "Jan-Mar 2026", "2026")
	from_date: str  # first day of the period
	to_date: str  # last day of the period


class ReportLine(TypedDict):
	id: str  # the account id for account lines; a fixed key for other lines (total_assets, net_profit, ...)
	type: str  # account | section | line | total
	section: str | None  # asset | liability | equity | revenue | expense | operating | investing | financing
	account_id: str | None  # Account.name when the line is an account, else None
	name: str  # Account.account_name, or the line's label
	number: str | None  # Account.account_number
	parent_id: str | None  # id of the parent line in the tree (None at the top)
	depth: int  # 0 at the top of the tree; ERPNext's indent
	is_group: bool  # the account is a group: its amounts include its children's
	amounts: list[float]  # one amount per entry of `periods`, in the same order, in `currency`
	total: float | None  # flows: sum of the periods; balances and accumulated reports: the last period
	opening_balance: float | None  # balance before the first period (balance sheet accounts), else None


class FinancialStatement(TypedDict):
	report: str  # balance_sheet | profit_and_loss | cash_flow
	company: str  # the Company reported on
	currency: str  # currency of every amount (the presentation currency, or the company's)
	company_currency: str  # the company's base currency
	from_date: str  # first day covered
	to_date: str  # last day covered
	periodicity: str  # monthly | quarterly | half_yearly | yearly
	accumulated: bool  # amounts are running totals from the start (always true for the balance sheet)
	periods: list[ReportPeriod]  # the period columns, oldest first
	lines: list[ReportLine]  # the report's lines in tree order (pre-order: a parent before its children)
	totals: dict[str, float | None]  # headline figures by key (see docs/reports.md), None when absent
	filters: dict[str, Any]  # the filters applied (tracking categories, finance book, fiscal years)
	warnings: list[str]  # ERPNext's messages about the data (e.g. previous fiscal year not closed)
	generated_at: str  # when the report was computed, with offset


class TrialBalanceLine(TypedDict):
	id: str  # Account.name (or "total" for the totals line)
	account_id: str | None  # Account.name, None for the totals line
	name: str  # Account.account_name
	number: str | None  # Account.account_number
	classification: str | None  # Account.root_type: asset | liability | equity | revenue | expense
	parent_id: str | None  # Account.parent_account
	depth: int  # 0 for root accounts
	is_group: bool  # a group account: its amounts include its children's
	opening_debit: float  # debit balance at from_date
	opening_credit: float  # credit balance at from_date
	debit: float  # debits posted from from_date to to_date
	credit: float  # credits posted from from_date to to_date
	closing_debit: float  # debit balance at to_date
	closing_credit: float  # credit balance at to_date


class TrialBalance(TypedDict):
	report: str  # trial_balance
	company: str  # the Company reported on
	currency: str  # currency of every amount (the presentation currency, or the company's)
	company_currency: str  # the company's base currency
	fiscal_year: str  # the Fiscal Year the period lies in (opening balances of P&L accounts start there)
	from_date: str  # first day of the period
	to_date: str  # last day of the period
	net_values: bool  # balances netted to one side (debit or credit) per account
	lines: list[TrialBalanceLine]  # every account with a value, in tree order
	totals: TrialBalanceLine  # the sums over root accounts (id "total")
	filters: dict[str, Any]  # the filters applied (tracking categories, finance book)
	generated_at: str  # when the report was computed, with offset


class AgeingBucket(TypedDict):
	key: str  # "0_30", "31_60", ..., "over_90"
	label: str  # "0-30", "31-60", ..., "90+"
	from_days: int  # smallest age in days that falls in the bucket
	to_days: int | None  # largest age in days in the bucket (None for the last, open-ended one)


class AgedItem(TypedDict):
	id: str  # the voucher: Sales/Purchase Invoice, Payment Entry or Journal Entry name
	type: str  # invoice | credit_note | debit_note | payment | journal_entry
	voucher_type: str  # the ERPNext doctype of `id`
	issue_date: str | None  # posting date
	due_date: str | None  # due date (invoices)
	age_days: int | None  # days from the due (or issue) date to as_of_date
	account_id: str | None  # the receivable / payable account
	currency: str  # currency of the amounts
	invoiced_amount: float  # invoiced
	paid_amount: float  # paid against it by as_of_date
	credit_note_amount: float  # settled by credit (debit) notes by as_of_date
	outstanding: float  # still due at as_of_date (negative: an unallocated payment or credit)
	not_due: float  # part of outstanding not yet due at as_of_date
	buckets: list[float]  # part of outstanding per ageing bucket, in `buckets` order


class AgedContact(TypedDict):
	contact: ContactRef  # the Customer / Supplier
	currency: str  # currency of the amounts
	not_due: float  # outstanding not yet due
	buckets: list[float]  # outstanding per ageing bucket, in `buckets` order
	total: float  # all outstanding: not_due + the buckets
	items: list[AgedItem] | None  # its open vouchers (only with include_items=1)


class AgedTotals(TypedDict):
	not_due: float | None  # over every contact (None when contacts' currencies differ)
	buckets: list[float | None]  # per bucket over every contact (None when currencies differ)
	total: float | None  # all outstanding (None when contacts' currencies differ)


class AgedReport(TypedDict):
	report: str  # aged_receivables | aged_payables
	company: str  # the Company reported on
	currency: str | None  # currency of every amount (None when in_contact_currency mixes currencies)
	as_of_date: str  # the report date: what was open then, aged at that date
	ageing_based_on: str  # due_date | issue_date
	buckets: list[AgeingBucket]  # the ageing buckets, youngest first
	contacts: list[AgedContact]  # one per contact with anything outstanding, by contact id
	totals: AgedTotals  # sums over every contact
	filters: dict[str, Any]  # the filters applied (contacts, tracking categories, finance book)
	generated_at: str  # when the report was computed, with offset


class ChangeEvent(TypedDict):
	id: str  # the event id: increasing, unique; webhooks send it as X-Unified-Event-Id (de-duplicate on it)
	resource: str  # accounts | invoices | journal_entries | payments | contacts | transactions
	record_id: str  # the record's id in that resource
	record_type: str  # the ERPNext doctype (Sales Invoice, Customer, ...): tells apart ids two doctypes share
	change: str  # created | updated | submitted | cancelled | deleted
	company: str | None  # the record's company (None for contacts)
	occurred_at: str  # when the change committed, with offset
	record: (
		dict[str, Any] | None
	)  # the record in its resource's unified shape as it is now; None once deleted


class Webhook(TypedDict):
	id: str  # the subscription's id
	target_url: str  # where deliveries are POSTed
	status: str  # active | paused (paused after a delivery used every retry)
	events: list[str]  # resource.change patterns: invoices.created, payments.*, *.deleted, *
	company: str | None  # only events of this company (None: every company)
	user: str  # the user whose permissions shape payloads
	description: str | None  # free text
	consecutive_failures: int  # failed attempts since the last success
	last_success_at: str | None  # the last successful delivery, with offset
	paused_reason: str | None  # why it was paused
	created_at: str  # with offset
	secret: str | None  # the signing secret: only in create_webhook's answer, never again


class WebhookDelivery(TypedDict):
	id: str  # the delivery's id (X-Unified-Delivery-Id)
	webhook_id: str  # its subscription
	event_id: str  # the change event delivered (X-Unified-Event-Id)
	resource: str  # the event's resource
	change: str  # the event's change
	record_id: str  # the event's record
	status: str  # pending | delivered | failed | skipped
	attempts: int  # attempts so far
	next_attempt_at: str | None  # when the next retry is due (pending only), with offset
	last_attempt_at: str | None  # with offset
	last_status_code: int | None  # the receiver's HTTP status (None: no answer)
	last_latency_ms: int | None  # how long the last attempt took
	last_error: str | None  # connection error or HTTP status of the last failure
	response_excerpt: str | None  # the first 500 characters of the receiver's answer
	replay_of: str | None  # the delivery this one replays


class IntegrationUser(TypedDict):
	user: str  # the new User's id (its email)
	roles: list[str]  # the roles it was given
	restricted_to: dict[str, str]  # the User Permissions created, e.g. {"Company": "...", "Customer": "..."}
	api_key: str  # the API key (Authorization: token <api_key>:<api_secret>)
	api_secret: str  # shown only in this response: it is stored encrypted and never returned again
	curl: str  # a ready-to-run request with these credentials
