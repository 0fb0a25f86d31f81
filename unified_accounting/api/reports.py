"""Report endpoints: ERPNext's own financial statements, trial balance and aged receivables/payables,
computed by its report modules under the caller's permissions and returned in unified shapes."""

import datetime

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.aged_reports import AgedOptions, to_aged_report
from unified_accounting.mappers.reconciliation_statement import to_unified_reconciliation_statement
from unified_accounting.mappers.reports import StatementPeriod, to_financial_statement, to_trial_balance
from unified_accounting.schemas import (
	AgedReport,
	BankReconciliationStatement,
	FinancialStatement,
	TrialBalance,
)
from unified_accounting.services.banking import reconciliation_statement as bank_reconciliation
from unified_accounting.services.reports import run as service


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def balance_sheet(
	company: str | None = None,  # the Company; default: the caller's default company
	*,
	period: StatementPeriod,
	tracking_categories: str | None = None,  # type:id pairs, comma-separated (cost_center:Main - AC)
	currency: str | None = None,  # presentation currency (ERPNext converts); default the company's
	finance_book: str | None = None,  # a Finance Book (the company's default book is included)
	include_zero_lines: bool = False,  # also return accounts without any amount
) -> FinancialStatement:
	"""Return the balance sheet (ERPNext's Balance Sheet report): assets, liabilities and equity at the
	end of each period, with the period's provisional profit/loss."""
	options = {
		"tracking_categories": tracking_categories,
		"currency": currency,
		"finance_book": finance_book,
		"include_zero_lines": include_zero_lines,
		"accumulated": True,
	}
	return to_financial_statement(
		*service.financial_statement("balance_sheet", company, period.dates(), period.periodicity, options)
	)


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def profit_and_loss(
	company: str | None = None,  # the Company; default: the caller's default company
	*,
	period: StatementPeriod,
	tracking_categories: str | None = None,  # type:id pairs, comma-separated (cost_center:Main - AC)
	currency: str | None = None,  # presentation currency (ERPNext converts); default the company's
	finance_book: str | None = None,  # a Finance Book (the company's default book is included)
	accumulated: bool = False,  # running totals from the start instead of per-period amounts
	include_zero_lines: bool = False,  # also return accounts without any amount
) -> FinancialStatement:
	"""Return the income statement (ERPNext's Profit and Loss Statement report): revenue, expenses and
	net profit per period."""
	options = {
		"tracking_categories": tracking_categories,
		"currency": currency,
		"finance_book": finance_book,
		"include_zero_lines": include_zero_lines,
		"accumulated": accumulated,
	}
	return to_financial_statement(
		*service.financial_statement("profit_and_loss", company, period.dates(), period.periodicity, options)
	)


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def cash_flow(
	company: str | None = None,  # the Company; default: the caller's default company
	*,
	period: StatementPeriod,
	tracking_categories: str | None = None,  # type:id pairs, comma-separated (cost_center:Main - AC)
	finance_book: str | None = None,  # a Finance Book (the company's default book is included)
	accumulated: bool = False,  # running totals from the start instead of per-period amounts
	include_opening_closing: bool = False,  # add opening_cash and closing_cash lines
) -> FinancialStatement:
	"""Return the cash flow statement (ERPNext's Cash Flow report, indirect method): operating, investing
	and financing sections per period, in the company's currency."""
	options = {
		"tracking_categories": tracking_categories,
		"finance_book": finance_book,
		"accumulated": accumulated,
		"include_opening_closing": include_opening_closing,
	}
	return to_financial_statement(
		*service.financial_statement("cash_flow", company, period.dates(), period.periodicity, options)
	)


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def trial_balance(
	company: str | None = None,  # the Company; default: the caller's default company
	from_date: datetime.date | None = None,  # first day of the period (with to_date)
	to_date: datetime.date | None = None,  # last day of the period (with from_date)
	fiscal_year: str | None = None,  # the period as a Fiscal Year (instead of from/to dates)
	tracking_categories: str | None = None,  # type:id pairs, comma-separated (cost_center:Main - AC)
	currency: str | None = None,  # presentation currency (ERPNext converts); default the company's
	finance_book: str | None = None,  # a Finance Book (the company's default book is included)
	net_values: bool = True,  # net each balance to one side (debit or credit)
	include_zero_lines: bool = False,  # also return accounts without any amount
) -> TrialBalance:
	"""Return the trial balance (ERPNext's Trial Balance report): per account, opening balance, debits and
	credits of the period and closing balance, within one fiscal year."""
	period = {"from_date": from_date, "to_date": to_date, "fiscal_year": fiscal_year}
	options = {
		"tracking_categories": tracking_categories,
		"currency": currency,
		"finance_book": finance_book,
		"net_values": net_values,
		"include_zero_lines": include_zero_lines,
	}
	return to_trial_balance(*service.trial_balance(company, period, options))


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def aged_receivables(
	company: str | None = None,  # the Company; default: the caller's default company
	as_of_date: datetime.date
	| None = None,  # report date: what was open then, aged at that date (default today)
	*,
	options: AgedOptions,
	include_items: bool = False,  # list each contact's open vouchers in items
) -> AgedReport:
	"""Return aged receivables (ERPNext's Accounts Receivable report): what each customer owes at
	as_of_date, split into ageing buckets, optionally with each open invoice, credit note and payment."""
	return aged("aged_receivables", company, as_of_date, options, include_items)


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def aged_payables(
	company: str | None = None,  # the Company; default: the caller's default company
	as_of_date: datetime.date
	| None = None,  # report date: what was open then, aged at that date (default today)
	*,
	options: AgedOptions,
	include_items: bool = False,  # list each contact's open vouchers in items
) -> AgedReport:
	"""Return aged payables (ERPNext's Accounts Payable report): what is owed to each supplier at
	as_of_date, split into ageing buckets, optionally with each open invoice, debit note and payment."""
	return aged("aged_payables", company, as_of_date, options, include_items)


@frappe.whitelist(methods=["GET"])
@unified_api("reports")
def bank_reconciliation_statement(
	bank_account_id: str,  # the Bank Account
	as_of_date: datetime.date | None = None,  # the statement date (default today)
) -> BankReconciliationStatement:
	"""Return ERPNext's Bank Reconciliation Statement for a bank account: the balance per books, the
	deposits and payments the bank has not cleared, and the balance the bank statement should show."""
	facts, vouchers, summary = bank_reconciliation.statement(bank_account_id, as_of_date)
	return to_unified_reconciliation_statement(facts, vouchers, summary)


def aged(key: str, company, as_of_date, options: AgedOptions, include_items: bool) -> AgedReport:
	"""Run one of the two aged reports and shape it."""
	rows, bounds, meta = service.aged_report(key, company, as_of_date, options.model_dump())
	return to_aged_report(rows, bounds, include_items, meta)
