"""Unified Accounting Usage: one row per endpoint per day, and the Desk number cards over them."""

import frappe
from frappe.model.document import Document

from unified_accounting.services.platform.usage import today_summary


class UnifiedAccountingUsage(Document):
	pass


@frappe.whitelist()
def requests_today(filters=None) -> dict:
	"""Number card: API requests today (flushed counts)."""
	return {"value": today_summary()["requests"], "fieldtype": "Int"}


@frappe.whitelist()
def error_rate_today(filters=None) -> str:
	"""Number card: share of today's API requests answered with status 400 or above, e.g. "2.5%" (shown
	as given: Frappe's Percent format would pad it to the float precision)."""
	return f"{today_summary()['error_rate']:g}%"


@frappe.whitelist()
def p95_today(filters=None) -> dict:
	"""Number card: the slowest endpoint's p95 latency today, in milliseconds."""
	return {"value": today_summary()["p95_ms"], "fieldtype": "Float"}
