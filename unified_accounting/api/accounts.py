"""Accounts endpoints: the chart of accounts in the unified Account shape."""

import datetime
from typing import Literal

import frappe
from frappe.utils import today

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.inputs import AccountCreate, AccountUpdate
from unified_accounting.mappers.accounts import to_unified_account
from unified_accounting.services import account_writes
from unified_accounting.services import accounts as service


@frappe.whitelist(methods=["GET"])
@unified_api("accounts")
def list_accounts(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	classification: str | None = None,
	type: str | None = None,
	status: str | None = None,
	is_group: bool | None = None,
	parent_account_id: str | None = None,
	number: str | None = None,
	include_balance: bool = False,
	balance_date: datetime.date | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of Accounts (list envelope with next_cursor/prev_cursor)."""
	filters, paging = list_arguments(locals())
	balance_on = (balance_date or today()) if include_balance else None
	found, page = service.list_accounts(filters, paging, include_remote_data, balance_on)
	page.items = [to_unified_account(row, found.ctx, balance(found, row)) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("accounts")
def get_account(
	id: str,
	include_balance: bool = False,
	balance_date: datetime.date | None = None,
	include_remote_data: bool = False,
) -> dict:
	"""Return one Account."""
	balance_on = (balance_date or today()) if include_balance else None
	found = service.get_account(id, include_remote_data, balance_on)
	return to_unified_account(found.rows[0], found.ctx, balance(found, found.rows[0]))


@frappe.whitelist(methods=["POST"])
@unified_api("accounts", write=True, status=201)
def create_account(body: AccountCreate) -> dict:
	"""Create an Account; return it in the unified Account shape."""
	found = service.get_account(account_writes.create_account(body), False, None)
	return to_unified_account(found.rows[0], found.ctx)


@frappe.whitelist(methods=["POST"])
@unified_api("accounts", write=True)
def update_account(body: AccountUpdate) -> dict:
	"""Update an Account's name, number, status, parent or custom fields; return the updated Account
	(its id changes when ERPNext renames it for a new name or number)."""
	found = service.get_account(account_writes.update_account(body), False, None)
	return to_unified_account(found.rows[0], found.ctx)


def balance(found, row) -> float | None:
	return found.balances.get(row.name) if found.balances is not None else None
