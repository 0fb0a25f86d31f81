"""Unified Accounting Webhook: a subscription to change events, its signing secret shown once."""

import frappe
from frappe import _
from frappe.model.document import Document

from unified_accounting.services.webhooks.outbox import clear_cache, enqueue_delivery
from unified_accounting.services.webhooks.subscriptions import validate_subscription
from unified_accounting.signatures import new_secret


class UnifiedAccountingWebhook(Document):
	def before_insert(self):
		# Shown once (the API's create answer, a Desk message); stored encrypted like any Password field.
		self.flags.plain_secret = self.secret = new_secret()

	def validate(self):
		self.user = self.user or frappe.session.user
		validate_subscription(self, check_user=self.is_new() or self.has_value_changed("user"))
		if self.status == "Active":
			self.paused_reason = None

	def after_insert(self):
		frappe.msgprint(
			_("Signing secret (shown only now; copy it to your receiver): {0}").format(
				f"<code>{self.flags.plain_secret}</code>"
			),
			title=_("Webhook created"),
		)

	def on_update(self):
		clear_cache()
		if self.has_value_changed("status") and self.status == "Active" and not self.is_new():
			self.consecutive_failures = 0
			self.db_set("consecutive_failures", 0, update_modified=False)
			enqueue_delivery(self.name)

	def on_trash(self):
		clear_cache()
