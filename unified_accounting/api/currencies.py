"""Currencies, and the exchange rate ERPNext would use between two of them on a date."""

import datetime
from typing import Literal

import frappe
from frappe.utils import getdate

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.currencies import PURPOSES, CurrencyFilters, to_unified_exchange_rate
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import CURRENCIES
from unified_accounting.schemas import Currency, ExchangeRate
from unified_accounting.services.core.reading import get_record, list_records, render
from unified_accounting.services.ledger import currencies as service


@frappe.whitelist(methods=["GET"])
@unified_api("currencies")
def list_currencies(
	filters: CurrencyFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Currency]:
	"""Return one page of Currencies (`status=active`: those enabled on the site)."""
	found, page = list_records(CURRENCIES, filters, paging, include_remote_data)
	page.items = render(CURRENCIES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("currencies")
def get_currency(id: str, include_remote_data: bool = False) -> Currency:
	"""Return one Currency by its ISO code."""
	return render(CURRENCIES, get_record(CURRENCIES, id, include_remote_data))[0]


@frappe.whitelist(methods=["GET"])
@unified_api("currencies")
def get_exchange_rate(
	from_currency: str,
	to_currency: str,
	date: datetime.date | None = None,
	purpose: Literal[tuple(PURPOSES)] | None = None,
) -> ExchangeRate:
	"""Return the rate ERPNext's own lookup gives (stored Currency Exchange records, then its provider);
	404 when it has none, never a silent 1 or 0."""
	on = date or getdate()
	rate, record = service.exchange_rate(from_currency, to_currency, on, purpose)
	return to_unified_exchange_rate(from_currency, to_currency, on, rate, record)
