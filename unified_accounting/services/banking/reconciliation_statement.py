"""The bank reconciliation statement: ERPNext's own report (Bank Reconciliation Statement) for a bank
account's ledger account as of a date, its summary rows named and its uncleared vouchers listed."""

import frappe
from frappe.utils import getdate

from unified_accounting.resources import BANK_ACCOUNTS
from unified_accounting.services.banking.bank_transactions import readable_vouchers
from unified_accounting.services.core.documents import load
from unified_accounting.services.reports.run import generated_at

REPORT = "Bank Reconciliation Statement"
EXECUTE = "erpnext.accounts.report.bank_reconciliation_statement.bank_reconciliation_statement.execute"
# execute() appends these rows after the vouchers, in this order ({} are its blank spacer rows)
SUMMARY = ("balance_per_books", None, "outstanding", "incorrectly_cleared", None, "balance_per_bank")


def statement(bank_account: str, as_of=None) -> tuple[dict, list[dict], dict]:
	"""(facts, uncleared voucher rows, summary rows by name); 403 as Desk answers a user without the
	report's roles, 404/403 for a bank account the caller may not read."""
	from frappe.desk.query_report import get_report_doc

	account = load(BANK_ACCOUNTS, bank_account)
	get_report_doc(REPORT)  # the report's roles, checked as Desk checks them (403)
	day = getdate(as_of) if as_of else getdate()
	filters = frappe._dict(company=account.company, account=account.account, report_date=day)
	_columns, data = frappe.get_attr(EXECUTE)(filters)
	vouchers, summary = data[: -len(SUMMARY)], dict(zip(SUMMARY, data[-len(SUMMARY) :], strict=True))
	facts = {
		"bank_account_id": account.name,
		"account_id": account.account,
		"company": account.company,
		"currency": frappe.get_cached_value("Account", account.account, "account_currency"),
		"as_of_date": day,
		"generated_at": generated_at(),
	}
	return facts, readable_rows(vouchers), summary


def readable_rows(rows: list[dict]) -> list[dict]:
	"""The voucher rows of documents the caller may read (as Desk filters a report's links)."""
	visible = readable_vouchers((row.get("payment_document"), row.get("payment_entry")) for row in rows)
	return [row for row in rows if (row.get("payment_document"), row.get("payment_entry")) in visible]
