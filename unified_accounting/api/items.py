"""Item endpoints: items with their effective default accounts per company and standard prices."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.items import ItemFilters, to_unified_item
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import Item
from unified_accounting.services import items as service


@frappe.whitelist(methods=["GET"])
@unified_api("items")
def list_items(filters: ItemFilters, paging: Paging, include_remote_data: bool = False) -> Page[Item]:
	"""Return one page of Items; `company` narrows each item's `accounts` to that company."""
	found, page = service.list_items(filters, paging, include_remote_data)
	page.items = [to_unified_item(row, found.facts, found.ctx) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("items")
def get_item(id: str, company: str | None = None, include_remote_data: bool = False) -> Item:
	"""Return one Item with its effective default accounts (per readable company) and standard prices."""
	found = service.get_item(id, company, include_remote_data)
	return to_unified_item(found.rows[0], found.facts, found.ctx)
