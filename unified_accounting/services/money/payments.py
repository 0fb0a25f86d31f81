"""Reading Payment Entries with what they were applied to."""

from unified_accounting.mappers.payments import PaymentFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PAYMENTS
from unified_accounting.services.core.reading import Found, get_record, list_records


def list_payments(
	filters: PaymentFilters, paging: Paging, include_remote_data: bool = False
) -> tuple[Found, Page]:
	return list_records(PAYMENTS, filters, paging, include_remote_data)


def get_payment(name: str, include_remote_data: bool = False) -> Found:
	return get_record(PAYMENTS, name, include_remote_data)
