"""Item endpoints: items with their effective default accounts per company and standard prices."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.mappers.items import to_unified_item
from unified_accounting.schemas import Item
from unified_accounting.services import items as service


@frappe.whitelist(methods=["GET"])
@unified_api("items")
def list_items(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	group: str | None = None,
	status: Literal["active", "inactive"] | None = None,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page[Item]:
	"""Return one page of Items; `company` narrows each item's `accounts` to that company."""
	filters, paging = list_arguments(locals())
	found, page = service.list_items(filters, paging, include_remote_data)
	page.items = [to_unified_item(row, found.facts, found.ctx) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("items")
def get_item(id: str, company: str | None = None, include_remote_data: bool = False) -> Item:
	"""Return one Item with its effective default accounts (per readable company) and standard prices."""
	found = service.get_item(id, company, include_remote_data)
	return to_unified_item(found.rows[0], found.facts, found.ctx)
