"""Unified Accounting Webhook Delivery: one event for one subscription, with its attempts (the outbox and the log)."""

from frappe.model.document import Document


class UnifiedAccountingWebhookDelivery(Document):
	pass
