"""Unified Accounting Idempotency Key: one remembered write per (user, key); written only by the API."""

from frappe.model.document import Document


class UnifiedAccountingIdempotencyKey(Document):
	pass
