"""Transactions endpoints: the general ledger, one GL Entry per record."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import TRANSACTIONS
from unified_accounting.schemas import Transaction
from unified_accounting.services.core.reading import render
from unified_accounting.services.ledger import transactions as service


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def list_transactions(
	filters: TransactionFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Transaction]:
	"""Return one page of general ledger lines (cancelled ones only with include_cancelled=1)."""
	found, page = service.list_transactions(filters, paging, include_remote_data)
	page.items = render(TRANSACTIONS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def get_transaction(id: str, include_remote_data: bool = False) -> Transaction:
	"""Return one general ledger line."""
	return render(TRANSACTIONS, service.get_transaction(id, include_remote_data))[0]
