"""Dashboard chart source: Unified Accounting API requests per endpoint per day (last 14 days)."""

import frappe

from unified_accounting.services.platform.usage import requests_per_endpoint_per_day


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
) -> dict:
	"""Chart data `{labels, datasets}`; read live (not cached) so a flush shows at once."""
	frappe.has_permission("Unified Accounting Usage", "read", throw=True)
	return requests_per_endpoint_per_day()
