"""The unified object type of each ERPNext doctype a reference, a ledger row, a match or an attachment can
name: one table, read by the mappers (which the registry in resources.py imports, so they cannot import it).

A doctype's type is its name in snake_case ("Journal Entry" -> "journal_entry") unless RENAMED says
otherwise; tests/unit/test_layers.py checks that each attachable resource's records are of its type."""

from unified_accounting.mappers.common import snake

RENAMED = {
	"Sales Invoice": "invoice",
	"Purchase Invoice": "invoice",
	"Payment Entry": "payment",
	"Quotation": "quote",
}


def object_type(doctype: str | None) -> str | None:
	"""'Sales Invoice' -> 'invoice', 'Bank Transaction' -> 'bank_transaction'; None stays None."""
	return RENAMED.get(doctype or "") or snake(doctype)


def doctypes_by_type(doctypes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
	"""Each object type among `doctypes` -> its doctypes, in their order."""
	grouped: dict[str, tuple[str, ...]] = {}
	for doctype in doctypes:
		kind = object_type(doctype)
		grouped[kind] = (*grouped.get(kind, ()), doctype)
	return grouped
