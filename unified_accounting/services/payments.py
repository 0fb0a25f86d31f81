"""Reading Payment Entries with what they were applied to."""

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.mappers.payments import ERPNEXT_PAYMENT_TYPE, HEADER_FIELDS, REFERENCE_FIELDS
from unified_accounting.services.listing import common_filters
from unified_accounting.services.vouchers import VoucherSpec, get_voucher, list_vouchers

SPEC = VoucherSpec("payments", "Payment Entry", HEADER_FIELDS, "Payment Entry Reference", REFERENCE_FIELDS)
DATES = ("updated_after", "updated_before", "created_after", "created_before")


def list_payments(filters: dict, paging: dict, include_remote_data: bool):
	return list_vouchers(SPEC, payment_filters(filters), filters, paging, include_remote_data)


def get_payment(name: str, include_remote_data: bool = False):
	return get_voucher(SPEC, name, include_remote_data)


def payment_filters(filters: dict) -> list:
	result = common_filters(filters.get("company"), **{k: filters.get(k) for k in DATES})
	if (kind := filters.get("type")) is not None:
		if kind not in ERPNEXT_PAYMENT_TYPE:
			detail = {"field": "type", "message": f"must be one of: {', '.join(ERPNEXT_PAYMENT_TYPE)}"}
			raise InvalidRequestError("Invalid filter values: type.", [detail])
		result.append(["payment_type", "=", ERPNEXT_PAYMENT_TYPE[kind]])
	if filters.get("contact_id"):
		result.append(["party", "=", filters["contact_id"]])
	if filters.get("invoice_id"):
		result.append(["Payment Entry Reference", "reference_name", "=", filters["invoice_id"]])
	if filters.get("transaction_date_from") is not None:
		result.append(["posting_date", ">=", filters["transaction_date_from"]])
	if filters.get("transaction_date_to") is not None:
		result.append(["posting_date", "<=", filters["transaction_date_to"]])
	return result
