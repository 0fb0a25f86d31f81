"""Reference data shapes: contacts, tracking categories, tax rates, items, company info, attachments."""

from typing import Any, TypedDict

from unified_accounting.schemas.core import TrackingCategoryType, custom_fields_on


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
	prices: list[ItemPrice]  # the price valid today on each price list (empty: none or not readable)
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
	type: str  # invoice | journal_entry | payment | sales_order | purchase_order
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
