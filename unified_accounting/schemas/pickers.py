"""Shapes of what writes pick from: payment methods, payment terms, currencies and rates, employees."""

from typing import TypedDict

from unified_accounting.schemas.core import custom_fields_on


class PaymentMethodAccount(TypedDict):
	company: str  # Mode of Payment Account.company
	account_id: str | None  # .default_account: the bank or cash account a payment by this method uses


class PaymentMethod(TypedDict):
	id: str  # Mode of Payment.name
	company: str | None  # None: a Mode of Payment is shared by every company; its accounts say which
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .mode_of_payment
	type: str  # cash | bank | general | phone (.type)
	status: str  # active | inactive (.enabled)
	accounts: list[PaymentMethodAccount]  # .accounts: the default account per company
	custom_fields: custom_fields_on("Mode of Payment")  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class PaymentTermLine(TypedDict):
	payment_term_id: str | None  # Payment Terms Template Detail.payment_term (a Payment Term)
	description: str | None  # .description
	invoice_portion: float  # percent of the invoice total due (.invoice_portion)
	due_date_based_on: str  # days_after_invoice_date, days_/months_after_end_of_invoice_month
	credit_days: int  # .credit_days
	credit_months: int  # .credit_months
	payment_method_id: str | None  # .mode_of_payment (a Mode of Payment)
	discount_type: str | None  # percentage | amount (.discount_type), None without a discount
	discount: float | None  # .discount, None without a discount
	discount_validity_based_on: str | None  # as due_date_based_on, for the discount
	discount_validity: int | None  # .discount_validity, None without a discount


class PaymentTerms(TypedDict):
	id: str  # Payment Terms Template.name: pass it as payment_terms_id
	company: str | None  # None: templates are shared by every company
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .template_name
	allocate_payment_based_on_payment_terms: bool  # .allocate_payment_based_on_payment_terms
	terms: list[PaymentTermLine]  # .terms, in order; their invoice_portion adds up to 100
	custom_fields: custom_fields_on("Payment Terms Template")  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class Currency(TypedDict):
	id: str  # Currency.name, the ISO 4217 code (EUR)
	company: str | None  # None: currencies are shared by every company
	created_at: str  # .creation
	updated_at: str  # .modified
	symbol: str | None  # .symbol
	symbol_on_right: bool  # .symbol_on_right
	fraction: str | None  # name of the fraction unit (.fraction: Cent)
	fraction_units: int | None  # fraction units in one unit (.fraction_units: 100)
	smallest_fraction: float | None  # smallest cash value (.smallest_currency_fraction_value)
	number_format: str | None  # .number_format (#,###.##), None for the system default
	status: str  # active | inactive (.enabled)
	custom_fields: custom_fields_on("Currency")  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class ExchangeRate(TypedDict):
	from_currency: str  # the currency one unit of which is priced
	to_currency: str  # the currency the rate is in
	date: str  # the date asked for (today when not given)
	rate: float  # units of to_currency for one from_currency, as ERPNext's get_exchange_rate answers
	source: str  # same_currency | currency_exchange (a stored record) | provider (Currency Exchange Settings)
	source_id: str | None  # the Currency Exchange record, when source is currency_exchange
	source_date: str | None  # that record's date (on or before `date`)


class Employee(TypedDict):
	id: str  # Employee.name (HR-EMP-00001): a journal line's contact id with type employee
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	name: str  # .employee_name
	first_name: str  # .first_name
	last_name: str | None  # .last_name
	employee_number: str | None  # .employee_number
	status: str  # active | inactive | suspended | left (.status)
	department_id: str | None  # .department (a Department)
	job_title: str | None  # .designation
	branch: str | None  # .branch
	manager_id: str | None  # .reports_to (an Employee)
	email: str | None  # .prefered_email, the address ERPNext writes to
	work_email: str | None  # .company_email
	user_id: str | None  # .user_id (the ERPNext User)
	payroll_currency: str | None  # .salary_currency
	start_date: str | None  # .date_of_joining
	termination_date: str | None  # .relieving_date
	custom_fields: custom_fields_on("Employee")  # every Custom Field on the doctype, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)
