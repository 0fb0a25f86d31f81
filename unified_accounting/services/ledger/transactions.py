"""Reading the general ledger (GL Entry) line by line: the lean path a full export pages through."""

from unified_accounting.mappers.transactions import TransactionFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import TRANSACTIONS
from unified_accounting.services.core.reading import Found, get_record, list_records


def list_transactions(
	filters: TransactionFilters, paging: Paging, include_remote_data: bool = False
) -> tuple[Found, Page]:
	return list_records(TRANSACTIONS, filters, paging, include_remote_data)


def get_transaction(name: str, include_remote_data: bool = False) -> Found:
	return get_record(TRANSACTIONS, name, include_remote_data)
