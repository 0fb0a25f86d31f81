"""One API scope row of Unified Accounting Settings: an integration user limited to reads or to resources."""

from frappe.model.document import Document


class UnifiedAccountingAPIScope(Document):
	pass
