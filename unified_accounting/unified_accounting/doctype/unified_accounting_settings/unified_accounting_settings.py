"""Unified Accounting Settings: the admin's switches for the API, validated on save."""

import frappe
from frappe import _
from frappe.model.document import Document

# Beyond this a page's line items no longer fit comfortably in one response.
PAGE_SIZE_CEILING = 1000


class UnifiedAccountingSettings(Document):
	def validate(self):
		self.validate_page_sizes()
		self.validate_default_company()
		self.validate_retention()
		self.validate_api_scopes()

	def validate_page_sizes(self):
		if (self.default_page_size or 0) < 1:
			frappe.throw(_("Default Page Size must be at least 1."), title=_("Invalid Page Size"))
		if (self.max_page_size or 0) < self.default_page_size:
			frappe.throw(
				_("Maximum Page Size ({0}) must be greater than or equal to Default Page Size ({1}).").format(
					self.max_page_size, self.default_page_size
				),
				title=_("Invalid Page Size"),
			)
		if self.max_page_size > PAGE_SIZE_CEILING:
			frappe.throw(
				_("Maximum Page Size cannot exceed {0}.").format(PAGE_SIZE_CEILING),
				title=_("Invalid Page Size"),
			)

	def validate_default_company(self):
		if self.default_company and not frappe.db.exists("Company", self.default_company):
			frappe.throw(
				_("Default Company {0} does not exist.").format(frappe.bold(self.default_company)),
				frappe.LinkValidationError,
				title=_("Unknown Company"),
			)

	def validate_retention(self):
		if (self.idempotency_key_retention_days or 0) < 1:
			frappe.throw(_("Idempotency Key Retention must be at least 1 day."), title=_("Invalid Retention"))
		if (self.export_retention_days or 0) < 1:
			frappe.throw(_("Export File Retention must be at least 1 day."), title=_("Invalid Retention"))
		if self.meta.has_field("change_retention_days") and not self.change_retention_days:
			self.change_retention_days = 30  # empty (a site installed before the field existed): the default

	def validate_api_scopes(self):
		from unified_accounting.openapi.endpoints import discover_endpoints
		from unified_accounting.services.platform.scopes import resources_of

		known = {endpoint.resource for endpoint in discover_endpoints()} - {None}
		seen = set()
		for row in self.get("api_scopes") or []:
			if row.user in seen:
				frappe.throw(
					_("Row {0}: {1} has two API Scope rows; keep one.").format(
						row.idx, frappe.bold(row.user)
					),
					title=_("Invalid API Scope"),
				)
			seen.add(row.user)
			unknown = [name for name in resources_of(row) if name not in known]
			if unknown:
				frappe.throw(
					_("Row {0}: unknown resource(s) {1}. Known: {2}.").format(
						row.idx, ", ".join(unknown), ", ".join(sorted(known))
					),
					title=_("Invalid API Scope"),
				)
			row.resources = ", ".join(resources_of(row))
