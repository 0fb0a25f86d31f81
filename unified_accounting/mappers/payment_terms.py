"""Pure mapping of Payment Terms Templates and their terms to the unified PaymentTerms."""

from typing import Annotated

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	columns,
	number,
	read_fields,
	same,
	snake,
	text,
	trailing_fields,
)
from unified_accounting.schemas import PaymentTermLine, PaymentTerms

DOCTYPE, TERM_DOCTYPE = "Payment Terms Template", "Payment Terms Template Detail"
# ERPNext's "based on" options, as unified enums (unknown options of a customised site: snake_case).
BASED_ON = {
	"Day(s) after invoice date": "days_after_invoice_date",
	"Day(s) after the end of the invoice month": "days_after_end_of_invoice_month",
	"Month(s) after the end of the invoice month": "months_after_end_of_invoice_month",
}
DISCOUNT_TYPES = {"Percentage": "percentage", "Amount": "amount"}


def whole(value) -> int:
	return int(value or 0)


FIELDS = (
	("name", "template_name", same),
	("allocate_payment_based_on_payment_terms", "allocate_payment_based_on_payment_terms", bool),
)
HEADER_FIELDS = ("creation", "modified", *columns(FIELDS))
TERM_FIELDS = (
	("payment_term_id", "payment_term", text),
	("description", "description", text),
	("invoice_portion", "invoice_portion", number),
	("credit_days", "credit_days", whole),
	("credit_months", "credit_months", whole),
	("payment_method_id", "mode_of_payment", text),
)
DISCOUNT_FIELDS = ("discount_type", "discount", "discount_validity_based_on", "discount_validity")
TERM_COLUMNS = ("due_date_based_on", *columns(TERM_FIELDS), *DISCOUNT_FIELDS)


class PaymentTermsFilters(CommonFilters):
	# Templates belong to no company: the company filter is accepted and does not narrow.
	company: Annotated[str | None, Filter(None)] = None


def based_on(value: str | None) -> str | None:
	return BASED_ON.get(value) or snake(value) if value else None


def to_unified_term(row: dict) -> PaymentTermLine:
	discounted = bool(row.get("discount"))
	return {
		**read_fields(row, TERM_FIELDS[:3]),
		"due_date_based_on": based_on(row.get("due_date_based_on")) or "days_after_invoice_date",
		**read_fields(row, TERM_FIELDS[3:]),
		"discount_type": DISCOUNT_TYPES.get(row.get("discount_type")) if discounted else None,
		"discount": number(row.get("discount")) if discounted else None,
		"discount_validity_based_on": based_on(row.get("discount_validity_based_on")) if discounted else None,
		"discount_validity": whole(row.get("discount_validity")) if discounted else None,
	}


def to_unified_payment_terms(doctype: str, row: dict, children: dict, ctx: MapContext) -> PaymentTerms:
	return {
		**base_fields(row, doctype, ctx),
		"company": None,
		**read_fields(row, FIELDS),
		"terms": [to_unified_term(line) for line in children.get("terms", [])],
		**trailing_fields(row, doctype, ctx),
	}
