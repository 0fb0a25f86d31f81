"""Report shapes: financial statements, trial balance, aged receivables and payables."""

from typing import Any, TypedDict

from unified_accounting.schemas.core import ContactRef


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
