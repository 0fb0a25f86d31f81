"""Expenses endpoints: purchases already paid from a card, bank or cash account (paid Purchase Invoices)."""

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import DocumentAction, ExpenseCreate, ExpenseUpdate
from unified_accounting.mappers.expenses import ExpenseFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import EXPENSES
from unified_accounting.schemas import Deleted, Expense
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.money import expense_writes


@frappe.whitelist(methods=["GET"])
@unified_api("expenses")
def list_expenses(
	filters: ExpenseFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Expense]:
	"""Return one page of Expenses, each with its lines and taxes."""
	found, page = list_records(EXPENSES, filters, paging, include_remote_data)
	page.items = render(EXPENSES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("expenses")
def get_expense(id: str, include_remote_data: bool = False) -> Expense:
	"""Return one Expense."""
	return record(id, include_remote_data)


@frappe.whitelist(methods=["POST"])
@unified_api("expenses", write=True, status=201)
def create_expense(body: ExpenseCreate) -> Expense:
	"""Create an Expense, paid from `account_id`, and post it in the same transaction (`submit: false`
	keeps a draft); nothing is left payable."""
	return result(expense_writes.create_expense(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("expenses", write=True)
def update_expense(body: ExpenseUpdate) -> Expense:
	"""Change a draft Expense (lines and taxes replaced as given), or on a posted one what ERPNext allows
	after submit; return it."""
	return result(expense_writes.update_expense(body), body.dry_run)


@frappe.whitelist(methods=["POST"])
@unified_api("expenses", write=True)
def submit_expense(body: DocumentAction) -> Expense:
	"""Submit a draft Expense, posting it; return it (a dry run adds `gl_preview`)."""
	return lifecycle.submit(EXPENSES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("expenses", write=True)
def void_expense(body: DocumentAction) -> Expense:
	"""Void a posted Expense: ERPNext cancels it and reverses its ledger entries; return it."""
	return lifecycle.cancel(EXPENSES, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("expenses", write=True)
def delete_expense(body: DocumentAction) -> Deleted:
	"""Delete a draft or voided Expense; return `{"id", "deleted": true}`."""
	return lifecycle.delete(EXPENSES, body)


def record(name: str, include_remote_data: bool = False) -> Expense:
	return render(EXPENSES, get_record(EXPENSES, name, include_remote_data))[0]


def result(written: Written, dry_run: bool = False) -> Expense:
	return lifecycle.result(record, written, dry_run)
