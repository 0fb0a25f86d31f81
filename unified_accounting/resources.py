"""The registry of unified resources: which ERPNext doctypes each one reads and writes."""

from typing import NamedTuple


class Resource(NamedTuple):
	name: str  # unified resource name, also the api module name and the settings switch suffix
	doctypes: tuple[str, ...]  # parent doctypes, in the order they are read
	child_doctypes: tuple[str, ...]  # child tables whose custom fields the resource exposes
	switchable: bool  # has an enable_<name> switch in Unified Accounting Settings


RESOURCES: tuple[Resource, ...] = (
	Resource("accounts", ("Account",), (), True),
	Resource(
		"invoices",
		("Sales Invoice", "Purchase Invoice"),
		(
			"Sales Invoice Item",
			"Purchase Invoice Item",
			"Sales Taxes and Charges",
			"Purchase Taxes and Charges",
		),
		True,
	),
	Resource("journal_entries", ("Journal Entry",), ("Journal Entry Account",), True),
	Resource("payments", ("Payment Entry",), ("Payment Entry Reference",), True),
	Resource("transactions", ("GL Entry",), (), True),
	Resource("contacts", ("Customer", "Supplier"), (), False),
	Resource("tracking_categories", ("Cost Center", "Project", "Accounting Dimension"), (), False),
	Resource(
		"tax_rates",
		(
			"Sales Taxes and Charges Template",
			"Purchase Taxes and Charges Template",
			"Item Tax Template",
			"Account",
		),
		(),
		False,
	),
	Resource("items", ("Item",), (), False),
	Resource("company_info", ("Company",), (), False),
	Resource("attachments", ("File",), (), False),
	Resource("reports", ("GL Entry", "Payment Ledger Entry"), (), False),
)

RESOURCES_BY_NAME = {resource.name: resource for resource in RESOURCES}

# Child tables and the parent doctype whose permissions govern them (field permission levels included).
PARENT_DOCTYPE = {
	"Sales Invoice Item": "Sales Invoice",
	"Sales Taxes and Charges": "Sales Invoice",
	"Purchase Invoice Item": "Purchase Invoice",
	"Purchase Taxes and Charges": "Purchase Invoice",
	"Journal Entry Account": "Journal Entry",
	"Payment Entry Reference": "Payment Entry",
}
