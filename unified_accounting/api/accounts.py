"""Accounts endpoints: the chart of accounts in the unified Account shape."""

import datetime

import frappe
from frappe.utils import today

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import AccountCreate, AccountUpdate
from unified_accounting.mappers.accounts import AccountFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import ACCOUNTS
from unified_accounting.schemas import Account
from unified_accounting.services.core.reading import render
from unified_accounting.services.ledger import account_writes
from unified_accounting.services.ledger import accounts as service


@frappe.whitelist(methods=["GET"])
@unified_api("accounts")
def list_accounts(
	filters: AccountFilters,
	paging: Paging,
	include_balance: bool = False,
	balance_date: datetime.date | None = None,
	include_remote_data: bool = False,
) -> Page[Account]:
	"""Return one page of Accounts (list envelope with next_cursor/prev_cursor)."""
	balance_on = (balance_date or today()) if include_balance else None
	found, page = service.list_accounts(filters, paging, include_remote_data, balance_on)
	page.items = render(ACCOUNTS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("accounts")
def get_account(
	id: str,
	include_balance: bool = False,
	balance_date: datetime.date | None = None,
	include_remote_data: bool = False,
) -> Account:
	"""Return one Account."""
	balance_on = (balance_date or today()) if include_balance else None
	return render(ACCOUNTS, service.get_account(id, include_remote_data, balance_on))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("accounts", write=True, status=201)
def create_account(body: AccountCreate) -> Account:
	"""Create an Account; return it in the unified Account shape."""
	return render(ACCOUNTS, service.get_account(account_writes.create_account(body)))[0]


@frappe.whitelist(methods=["POST"])
@unified_api("accounts", write=True)
def update_account(body: AccountUpdate) -> Account:
	"""Update an Account's name, number, status, parent or custom fields; return the updated Account
	(its id changes when ERPNext renames it for a new name or number)."""
	return render(ACCOUNTS, service.get_account(account_writes.update_account(body)))[0]
