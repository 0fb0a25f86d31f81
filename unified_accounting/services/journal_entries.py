"""Reading Journal Entries with their lines."""

import frappe

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.mappers.journal_entries import HEADER_FIELDS, LINE_FIELDS, POSTING_STATUS_FILTER
from unified_accounting.services.listing import common_filters
from unified_accounting.services.vouchers import VoucherSpec, get_voucher, list_vouchers

SPEC = VoucherSpec("journal_entries", "Journal Entry", HEADER_FIELDS, "Journal Entry Account", LINE_FIELDS)
DATES = ("updated_after", "updated_before", "created_after", "created_before")


def list_journal_entries(filters: dict, paging: dict, include_remote_data: bool):
	return list_vouchers(SPEC, journal_filters(filters), filters, paging, include_remote_data)


def get_journal_entry(name: str, include_remote_data: bool = False):
	return get_voucher(SPEC, name, include_remote_data)


def journal_filters(filters: dict) -> list:
	result = common_filters(filters.get("company"), **{k: filters.get(k) for k in DATES})
	if filters.get("transaction_date_from") is not None:
		result.append(["posting_date", ">=", filters["transaction_date_from"]])
	if filters.get("transaction_date_to") is not None:
		result.append(["posting_date", "<=", filters["transaction_date_to"]])
	if (status := filters.get("posting_status")) is not None:
		if status not in POSTING_STATUS_FILTER:
			detail = {
				"field": "posting_status",
				"message": f"must be one of: {', '.join(POSTING_STATUS_FILTER)}",
			}
			raise InvalidRequestError("Invalid filter values: posting_status.", [detail])
		result.append(["docstatus", "=", POSTING_STATUS_FILTER[status]])
	return result


def company_currencies(rows: list) -> dict[str, str]:
	companies = {row.company for row in rows}
	return {c: frappe.get_cached_value("Company", c, "default_currency") for c in companies}
