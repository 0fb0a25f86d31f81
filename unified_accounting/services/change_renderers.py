"""One record of each watched doctype in its unified shape: exactly what the resource's own get endpoint
returns (its undecorated function, so the shape has one definition and follows that resource's changes)."""

import importlib

# doctype -> (api module, get function, extra arguments)
GETTERS = {
	"Account": ("accounts", "get_account", {}),
	"Sales Invoice": ("invoices", "get_invoice", {}),
	"Purchase Invoice": ("invoices", "get_invoice", {}),
	"Journal Entry": ("journal_entries", "get_journal_entry", {}),
	"Payment Entry": ("payments", "get_payment", {}),
	"Customer": ("contacts", "get_contact", {"type": "customer"}),
	"Supplier": ("contacts", "get_contact", {"type": "supplier"}),
	"GL Entry": ("transactions", "get_transaction", {}),
}


def render(doctype: str, name: str) -> dict:
	"""The record as `get_<resource>(id=name)` returns it to the session user (permissions apply)."""
	module, function, extra = GETTERS[doctype]
	endpoint = getattr(importlib.import_module(f"unified_accounting.api.{module}"), function)
	return endpoint.unified_source(id=name, **extra)
