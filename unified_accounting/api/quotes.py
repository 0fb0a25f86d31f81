"""Quotes endpoints: ERPNext's Quotations with their lines, for order-to-cash pipelines (read only)."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.orders import QuoteFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import QUOTES
from unified_accounting.schemas import Quote
from unified_accounting.services.core.reading import get_record, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("quotes")
def list_quotes(filters: QuoteFilters, paging: Paging, include_remote_data: bool = False) -> Page[Quote]:
	"""Return one page of Quotes, each with its lines."""
	found, page = list_records(QUOTES, filters, paging, include_remote_data)
	page.items = render(QUOTES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("quotes")
def get_quote(id: str, include_remote_data: bool = False) -> Quote:
	"""Return one Quote."""
	return render(QUOTES, get_record(QUOTES, id, include_remote_data))[0]
