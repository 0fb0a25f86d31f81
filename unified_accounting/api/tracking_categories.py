"""Tracking categories endpoint: cost centers, projects and accounting dimensions in one list."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.tracking_categories import (
	TrackingCategoryFilters,
	to_unified_tracking_category,
)
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import TrackingCategory
from unified_accounting.services.ledger import tracking_categories as service


@frappe.whitelist(methods=["GET"])
@unified_api("tracking_categories")
def list_tracking_categories(filters: TrackingCategoryFilters, paging: Paging) -> Page[TrackingCategory]:
	"""Return one page of tracking categories: Cost Centers, Projects and Accounting Dimension records."""
	pairs, ctx, page = service.list_tracking_categories(filters, paging)
	page.items = [to_unified_tracking_category(source, row, ctx) for source, row in pairs]
	return page
