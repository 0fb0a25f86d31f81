"""Unified Accounting Export: one background export job, its progress and the private File it wrote."""

from frappe.model.document import Document


class UnifiedAccountingExport(Document):
	pass
