"""Unified Accounting API Log: the audit trail of every write made through the API."""

from frappe.model.document import Document


class UnifiedAccountingAPILog(Document):
	pass
