"""Unified Accounting Webhook Delivery: one event for one subscription, with its attempts (the outbox and the log)."""

import frappe
from frappe.model.document import Document


class UnifiedAccountingWebhookDelivery(Document):
	@frappe.whitelist()
	def replay(self) -> str:
		"""Desk's Replay button: send this event again as a new delivery; return the new delivery's name."""
		from unified_accounting.services.webhook_delivery import replay
		from unified_accounting.services.webhooks import readable_delivery

		readable_delivery(self.name)
		return replay(self.name)
