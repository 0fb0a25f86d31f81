"""Creating Customers and Suppliers: enough of one to invoice or pay it."""

import frappe

from unified_accounting.inputs import ContactCreate
from unified_accounting.services.invoice_writes import Written
from unified_accounting.services.writes import custom_field_problems, missing_reference, raise_if

DOCTYPE_BY_TYPE = {"customer": "Customer", "supplier": "Supplier"}
GROUP_DOCTYPE = {"Customer": "Customer Group", "Supplier": "Supplier Group"}
# Where ERPNext keeps each kind's default group, and the tree's root as the last resort.
DEFAULT_GROUP = {
	"Customer": ("Selling Settings", "customer_group", "All Customer Groups"),
	"Supplier": ("Buying Settings", "supplier_group", "All Supplier Groups"),
}


def create_contact(body: ContactCreate) -> Written:
	doctype = DOCTYPE_BY_TYPE[body.type]
	raise_if(
		[
			missing_reference(GROUP_DOCTYPE[doctype], body.group, "group"),
			missing_reference("Currency", body.currency, "currency"),
			*custom_field_problems(doctype, body.custom_fields),
		]
	)
	doc = frappe.new_doc(doctype)
	field = frappe.scrub(doctype)
	doc.update(
		{
			f"{field}_name": body.name,
			f"{field}_group": body.group or default_group(doctype),
			"tax_id": body.tax_id,
			"default_currency": body.currency,
			"email_id": body.email,
			"mobile_no": body.phone,
			**body.custom_fields,
		}
	)
	if doctype == "Customer":
		doc.territory = frappe.db.get_single_value("Selling Settings", "territory") or "All Territories"
	doc.insert()
	return Written(doctype, doc.name)


def default_group(doctype: str) -> str:
	settings, field, root = DEFAULT_GROUP[doctype]
	return frappe.db.get_single_value(settings, field) or root
