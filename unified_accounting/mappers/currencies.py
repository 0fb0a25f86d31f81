"""Pure mapping of Currencies to the unified Currency, and of a rate lookup to the unified ExchangeRate."""

from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	ENABLED_BY_STATUS,
	MapContext,
	base_fields,
	columns,
	enabled_status,
	iso_date,
	read_fields,
	text,
	trailing_fields,
)
from unified_accounting.schemas import Currency, ExchangeRate

DOCTYPE = "Currency"
# ERPNext's get_exchange_rate `args`: which Currency Exchange records count
PURPOSES = {"buying": "for_buying", "selling": "for_selling"}


def optional_float(value) -> float | None:
	return float(value) if value not in (None, "") else None


def optional_int(value) -> int | None:
	return int(value) if value not in (None, "") else None


FIELDS = (
	("symbol", "symbol", text),
	("symbol_on_right", "symbol_on_right", bool),
	("fraction", "fraction", text),
	("fraction_units", "fraction_units", optional_int),
	("smallest_fraction", "smallest_currency_fraction_value", optional_float),
	("number_format", "number_format", text),
)
HEADER_FIELDS = ("creation", "modified", "enabled", *columns(FIELDS))


class CurrencyFilters(CommonFilters):
	# Currencies belong to no company: the company filter is accepted and does not narrow.
	company: Annotated[str | None, Filter(None)] = None
	status: Annotated[
		Literal[tuple(ENABLED_BY_STATUS)] | None, Filter("enabled", values=ENABLED_BY_STATUS)
	] = None


def to_unified_currency(doctype: str, row: dict, children: dict, ctx: MapContext) -> Currency:
	return {
		**base_fields(row, doctype, ctx),
		"company": None,
		**read_fields(row, FIELDS),
		"status": enabled_status(row.get("enabled")),
		**trailing_fields(row, doctype, ctx),
	}


def to_unified_exchange_rate(
	from_currency: str, to_currency: str, date, rate: float, record: dict | None
) -> ExchangeRate:
	"""`record`: the Currency Exchange row the rate came from, if one did."""
	same = from_currency == to_currency
	return {
		"from_currency": from_currency,
		"to_currency": to_currency,
		"date": iso_date(date),
		"rate": float(rate),
		"source": "same_currency" if same else "currency_exchange" if record else "provider",
		"source_id": record["name"] if record else None,
		"source_date": iso_date(record["date"]) if record else None,
	}
