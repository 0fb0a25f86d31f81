"""Unified Accounting Change: one row of the change feed; `deleted` rows are the tombstones."""

from frappe.model.document import Document


class UnifiedAccountingChange(Document):
	pass
