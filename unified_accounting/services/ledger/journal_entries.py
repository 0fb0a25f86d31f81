"""Reading Journal Entries with their lines, and the company currencies their amounts are in."""

import frappe

from unified_accounting.services.core.reading import Found


def with_currencies(found: Found) -> Found:
	"""The spec's extras (resources.py): the company currency each entry's amounts are in."""
	companies = {row.company for _doctype, row in found.rows}
	found.ctx.currencies = {c: frappe.get_cached_value("Company", c, "default_currency") for c in companies}
	return found
