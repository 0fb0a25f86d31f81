"""Addresses and email contacts of customers and suppliers (Address / Contact with Dynamic Link): read
for a page in a fixed number of queries, written under the caller's permissions."""

import frappe

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.mappers.common import snake
from unified_accounting.mappers.contact_details import ADDRESS_FIELDS, PERSON_FIELDS, to_erpnext_address
from unified_accounting.services.core.listing import children_by_parent


def linked(doctype: str, link_doctype: str, names: list[str], fields: tuple[str, ...]) -> dict[str, list]:
	"""Records of `doctype` (Address / Contact) linked to each of `names`, grouped by link name."""
	if not names or not frappe.has_permission(doctype, "read"):
		return {}
	rows = frappe.get_list(
		doctype,
		fields=[*(f"`tab{doctype}`.`{f}`" for f in fields), "`tabDynamic Link`.`link_name` as link_name"],
		filters=[
			["Dynamic Link", "link_doctype", "=", link_doctype],
			["Dynamic Link", "link_name", "in", names],
		],
		order_by=f"`tab{doctype}`.`creation` asc",
		limit_page_length=0,
	)
	grouped: dict[str, list] = {}
	for row in rows:
		grouped.setdefault(row.link_name, []).append(row)
	return grouped


def details(doctype: str, names: list[str]) -> dict:
	"""{"addresses": {name: [rows]}, "people": {name: [rows]}, "emails": {person: [rows]}} for a page."""
	people = linked("Contact", doctype, names, PERSON_FIELDS)
	person_names = list({p.name for rows in people.values() for p in rows})
	return {
		"addresses": linked("Address", doctype, names, ADDRESS_FIELDS),
		"people": people,
		"emails": children_by_parent("Contact Email", "Contact", person_names, ["email_id", "is_primary"])
		if person_names
		else {},
	}


def address_types() -> dict[str, str]:
	options = frappe.get_meta("Address").get_field("address_type").options or ""
	return {snake(option): option for option in options.split("\n") if option}


def replace_addresses(doctype: str, name: str, title: str, addresses: list[dict]) -> None:
	"""The party's addresses become exactly `addresses`: those with an id are updated, the others
	created and linked; linked ones not given are unlinked (deleted when linked to nothing else and the
	caller may delete addresses)."""
	types = address_types()
	problems = [
		{"field": f"addresses[{i}].type", "message": f"must be one of: {', '.join(sorted(types))}"}
		for i, given in enumerate(addresses)
		if given.get("type") and given["type"] not in types
	]
	problems += [
		{"field": f"addresses[{i}].{key}", "message": "required for a new address"}
		for i, given in enumerate(addresses)
		if not given.get("id")
		for key in ("line1", "city", "country")
		if not given.get(key)
	]
	problems += [
		{"field": f"addresses[{i}].country", "message": f"Country '{given['country']}' does not exist"}
		for i, given in enumerate(addresses)
		if given.get("country") and not frappe.db.exists("Country", given["country"])
	]
	current = {row.name for row in linked("Address", doctype, [name], ("name",)).get(name, [])}
	problems += [
		{"field": f"addresses[{i}].id", "message": f"not an address of {name}"}
		for i, given in enumerate(addresses)
		if given.get("id") and given["id"] not in current
	]
	if problems:
		raise InvalidRequestError(
			f"Invalid request body: {', '.join(p['field'] for p in problems)}.", problems
		)
	kept = set()
	for given in addresses:
		fields = to_erpnext_address(given, types)
		if given.get("id"):
			address = frappe.get_doc("Address", given["id"])
			address.update(fields)
			address.save()
			kept.add(address.name)
			continue
		address = frappe.new_doc("Address")
		address.update({"address_title": title, "address_type": types.get("billing", "Billing"), **fields})
		address.append("links", {"link_doctype": doctype, "link_name": name})
		address.insert()
	for stale in current - kept:
		unlink("Address", stale, doctype, name)


def unlink(record_doctype: str, record: str, doctype: str, name: str) -> None:
	doc = frappe.get_doc(record_doctype, record)
	doc.links = [link for link in doc.links if not (link.link_doctype == doctype and link.link_name == name)]
	if not doc.links and frappe.has_permission(record_doctype, "delete", doc=doc):
		doc.delete()
	else:  # still used elsewhere, or the caller may not delete it: only the link goes
		doc.save()


def set_emails(doctype: str, party, emails: list[dict] | None, phone: str | None) -> None:
	"""Keep the party's primary Contact person's emails (and phone) as given, creating the person when
	there is none; ERPNext's fetched email_id / mobile_no on the party follow."""
	field = f"{frappe.scrub(doctype)}_primary_contact"
	person = party.get(field) and frappe.get_doc("Contact", party.get(field))
	if not person:
		person = frappe.new_doc("Contact")
		person.first_name = party.get(f"{frappe.scrub(doctype)}_name") or party.name
		person.is_primary_contact = 1
		person.append("links", {"link_doctype": doctype, "link_name": party.name})
	if emails is not None:
		primary = next(
			(e["email"] for e in emails if e.get("is_primary")), emails[0]["email"] if emails else None
		)
		person.set(
			"email_ids", [{"email_id": e["email"], "is_primary": int(e["email"] == primary)} for e in emails]
		)
		person.email_id = primary
	if phone is not None:
		person.set("phone_nos", [{"phone": phone, "is_primary_mobile_no": 1}] if phone else [])
		person.mobile_no = phone
	person.save() if not person.is_new() else person.insert()
	party.set(field, person.name)
	party.email_id, party.mobile_no = person.email_id, person.mobile_no


def add_details(found):
	"""Put each contact's linked addresses, persons and their emails among its children (reading.Found)."""
	for doctype in dict.fromkeys(doctype for doctype, _row in found.rows):
		names = [row.name for dt, row in found.rows if dt == doctype]
		linked_rows = details(doctype, names)
		for name in names:
			people = linked_rows["people"].get(name, [])
			found.children[(doctype, name)].update(
				{
					"addresses": linked_rows["addresses"].get(name, []),
					"people": people,
					"person_emails": {p.name: linked_rows["emails"].get(p.name, []) for p in people},
				}
			)
	return found


def primary_person_emails(doctype: str, party) -> list[str]:
	"""The emails of the party's primary Contact person, primary first."""
	person = party.get(f"{frappe.scrub(doctype)}_primary_contact")
	if not person:
		return []
	rows = frappe.get_doc("Contact", person).email_ids
	return [row.email_id for row in sorted(rows, key=lambda row: not row.is_primary)]
