"""Bank Accounts endpoints: the company's accounts at banks, with their ledger balance and last
reconciled date, read and written."""

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import BankAccountCreate, BankAccountUpdate
from unified_accounting.mappers.banking import BankAccountFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import BANK_ACCOUNTS
from unified_accounting.schemas import BankAccount
from unified_accounting.services.banking import bank_accounts as service
from unified_accounting.services.core.reading import get_record, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("bank_accounts")
def list_bank_accounts(
	filters: BankAccountFilters, paging: Paging, include_remote_data: bool = False
) -> Page[BankAccount]:
	"""Return one page of Bank Accounts, each with its ledger account's balance and currency."""
	found, page = list_records(BANK_ACCOUNTS, filters, paging, include_remote_data)
	page.items = render(BANK_ACCOUNTS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("bank_accounts")
def get_bank_account(id: str, include_remote_data: bool = False) -> BankAccount:
	"""Return one Bank Account."""
	return record(id, include_remote_data)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_accounts", write=True, status=201)
def create_bank_account(body: BankAccountCreate) -> BankAccount:
	"""Create a company Bank Account at an existing Bank, on a Bank-type ledger account; return it."""
	return lifecycle.result(record, service.create_bank_account(body))


@frappe.whitelist(methods=["POST"])
@unified_api("bank_accounts", write=True)
def update_bank_account(body: BankAccountUpdate) -> BankAccount:
	"""Change a Bank Account's numbers, type, ledger account, default flag or status; return it."""
	return lifecycle.result(record, service.update_bank_account(body))


def record(name: str, include_remote_data: bool = False) -> BankAccount:
	found = get_record(BANK_ACCOUNTS, name, include_remote_data)
	return render(BANK_ACCOUNTS, found)[0]
