"""Tax rate endpoints: sales/purchase tax templates, item tax templates and tax accounts, to write with."""

from typing import Literal

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.tax_rates import TaxRateFilters, to_unified_tax_rate
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import TaxRate
from unified_accounting.services.ledger import tax_rates as service

TaxRateType = Literal["sales_tax_template", "purchase_tax_template", "item_tax_template", "tax_account"]


@frappe.whitelist(methods=["GET"])
@unified_api("tax_rates")
def list_tax_rates(
	filters: TaxRateFilters, paging: Paging, include_remote_data: bool = False
) -> Page[TaxRate]:
	"""Return one page of TaxRates: every kind the caller may read, ordered together."""
	found, page = service.list_tax_rates(filters, paging, include_remote_data)
	page.items = unified(found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("tax_rates")
def get_tax_rate(id: str, type: TaxRateType | None = None, include_remote_data: bool = False) -> TaxRate:
	"""Return one TaxRate (`type` is needed only when two kinds share the id)."""
	return unified(service.get_tax_rate(id, type, include_remote_data))[0]


def unified(found: service.TaxRateRows) -> list[dict]:
	return [
		to_unified_tax_rate(source, row, found.lines.get((source.doctype, row.name), []), found.ctx)
		for source, row in found.rows
	]
