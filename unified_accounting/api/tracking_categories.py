"""Tracking categories endpoint: cost centers, projects and accounting dimensions in one list."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.mappers.tracking_categories import to_unified_tracking_category
from unified_accounting.services import tracking_categories as service


@frappe.whitelist(methods=["GET"])
@unified_api("tracking_categories")
def list_tracking_categories(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	type: str | None = None,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of tracking categories: Cost Centers, Projects and Accounting Dimension records."""
	filters, paging = list_arguments(locals())
	pairs, ctx, page = service.list_tracking_categories(filters, paging)
	page.items = [to_unified_tracking_category(source, row, ctx) for source, row in pairs]
	return page
