"""Item endpoints: items with their effective default accounts per company and standard prices."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import ItemCreate, ItemUpdate
from unified_accounting.mappers.items import ItemFilters, to_unified_item
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import Item
from unified_accounting.services.trade import item_writes
from unified_accounting.services.trade import items as service


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


@frappe.whitelist(methods=["POST"])
@unified_api("items", write=True, status=201)
def create_item(body: ItemCreate) -> Item:
	"""Create an Item with its default accounts per company and its prices per price list, in one
	transaction (ERPNext's Item Manager role for the item, Sales/Purchase Master Manager for prices)."""
	name = item_writes.create_item(body)
	return record(name)


@frappe.whitelist(methods=["POST"])
@unified_api("items", write=True)
def update_item(body: ItemUpdate) -> Item:
	"""Change an Item: fields given, one company's default accounts, one price list's price; return it."""
	return record(item_writes.update_item(body))


def record(name: str) -> Item:
	found = service.get_item(name, None)
	return to_unified_item(found.rows[0], found.facts, found.ctx)
