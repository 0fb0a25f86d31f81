"""Reading Accounts (chart of accounts) under the caller's permissions, with optional GL balances."""

from frappe.utils import getdate

from unified_accounting.mappers.accounts import AccountFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import ACCOUNTS
from unified_accounting.services.core.reading import Found, get_record, list_records
from unified_accounting.services.core.records import ensure_doctype_readable


def list_accounts(
	filters: AccountFilters, paging: Paging, include_remote_data: bool = False, balance_on=None
) -> tuple[Found, Page]:
	"""One page of accounts; with `balance_on`, each one's GL balance on that date."""
	found, page = list_records(ACCOUNTS, filters, paging, include_remote_data)
	return with_balances(found, balance_on), page


def get_account(name: str, include_remote_data: bool = False, balance_on=None) -> Found:
	return with_balances(get_record(ACCOUNTS, name, include_remote_data), balance_on)


def with_balances(found: Found, balance_on) -> Found:
	if balance_on:
		found.ctx.balances = account_balances([row for _doctype, row in found.rows], balance_on)
	return found


def account_balances(rows: list, balance_on) -> dict[str, float]:
	"""Balance of each account (group accounts include their subtree) in account currency, from the GL,
	via ERPNext's own get_balance_on. GL Entry read permission is required to see balances."""
	from erpnext.accounts.utils import get_balance_on

	ensure_doctype_readable("GL Entry")
	date = getdate(balance_on)
	return {
		row.name: float(
			get_balance_on(account=row.name, date=date, company=row.company, in_account_currency=True) or 0
		)
		for row in rows
	}
