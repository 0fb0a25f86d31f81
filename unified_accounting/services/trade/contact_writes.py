"""Creating, updating and deactivating Customers and Suppliers, with their addresses and emails."""

import frappe

from unified_accounting.inputs import ContactAction, ContactCreate, ContactUpdate
from unified_accounting.mappers.contacts import DOCTYPE_BY_TYPE, GROUP_DOCTYPE, to_erpnext_contact
from unified_accounting.resources import CONTACTS
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.reading import find_doctype
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if
from unified_accounting.services.trade import contact_details

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
			missing_reference("Payment Terms Template", body.payment_terms_id, "payment_terms_id"),
			*custom_field_problems(doctype, body.custom_fields),
		]
	)
	doc = frappe.new_doc(doctype)
	given = body.model_dump(exclude={"addresses"})
	doc.update(to_erpnext_contact({**given, "group": body.group or default_group(doctype)}, doctype))
	if doctype == "Customer":
		doc.territory = frappe.db.get_single_value("Selling Settings", "territory") or "All Territories"
	doc.insert()
	if body.addresses:
		addresses = [address.model_dump(exclude_unset=True) for address in body.addresses]
		contact_details.replace_addresses(doctype, doc.name, body.name, addresses)
	return Written(doctype, doc.name)


def default_group(doctype: str) -> str:
	settings, field, root = DEFAULT_GROUP[doctype]
	return frappe.db.get_single_value(settings, field) or root


def update_contact(body: ContactUpdate) -> Written:
	"""Change the fields given; `addresses` / `emails` replace the linked ones (Address / Contact)."""
	doctype = find_doctype(CONTACTS, body.id, body.type)
	doc = frappe.get_doc(doctype, body.id)
	doc.check_permission("write")
	given = body.model_dump(exclude_unset=True, exclude={"id", "type", "dry_run", "addresses", "emails"})
	raise_if(
		[
			missing_reference(GROUP_DOCTYPE[doctype], body.group, "group"),
			missing_reference("Currency", body.currency, "currency"),
			missing_reference("Payment Terms Template", body.payment_terms_id, "payment_terms_id"),
			*custom_field_problems(doctype, body.custom_fields),
		]
	)
	doc.update(to_erpnext_contact({k: v for k, v in given.items() if k not in ("email", "phone")}, doctype))
	if body.status:
		doc.disabled = int(body.status == "inactive")
	if body.addresses is not None:
		addresses = [address.model_dump(exclude_unset=True) for address in body.addresses]
		contact_details.replace_addresses(
			doctype, doc.name, doc.get(f"{frappe.scrub(doctype)}_name"), addresses
		)
	emails = new_emails(doctype, doc, body, given)
	if emails is not None or "phone" in given:
		contact_details.set_emails(doctype, doc, emails, given.get("phone"))
	doc.save()
	return Written(doctype, doc.name)


def new_emails(doctype: str, doc, body: ContactUpdate, given: dict) -> list[dict] | None:
	"""The primary person's emails after the update: `emails` as given, or `email` made primary."""
	if body.emails is not None:
		return [email.model_dump() for email in body.emails]
	if not given.get("email"):
		return None
	others = [e for e in contact_details.primary_person_emails(doctype, doc) if e != given["email"]]
	return [
		{"email": given["email"], "is_primary": True},
		*({"email": e, "is_primary": False} for e in others),
	]


def deactivate_contact(body: ContactAction) -> Written:
	"""Disable the customer or supplier (ERPNext refuses new transactions with it); history stays."""
	doctype = find_doctype(CONTACTS, body.id, body.type)
	doc = frappe.get_doc(doctype, body.id)
	doc.check_permission("write")
	doc.disabled = 1
	doc.save()
	return Written(doctype, doc.name)
