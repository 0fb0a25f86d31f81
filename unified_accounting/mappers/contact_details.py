"""Pure mapping of the Addresses and Contact emails linked to a customer or supplier (Dynamic Link)."""

from unified_accounting.mappers.common import snake

ADDRESS_FIELDS = (
	"name",
	"address_type",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"pincode",
	"country",
	"email_id",
	"phone",
	"is_primary_address",
	"is_shipping_address",
)
# (unified, Address field): the writable correspondence, used both ways.
ADDRESS_MAP = (
	("line1", "address_line1"),
	("line2", "address_line2"),
	("city", "city"),
	("state", "state"),
	("postal_code", "pincode"),
	("country", "country"),
	("email", "email_id"),
	("phone", "phone"),
)
PERSON_FIELDS = ("name", "full_name", "first_name", "is_primary_contact")


def to_unified_address(row: dict) -> dict:
	return {
		"id": row["name"],
		"type": snake(row.get("address_type")),
		**{unified: row.get(erpnext) or None for unified, erpnext in ADDRESS_MAP},
		"is_primary": bool(row.get("is_primary_address")),
		"is_shipping": bool(row.get("is_shipping_address")),
	}


def to_erpnext_address(given: dict, address_types: dict[str, str]) -> dict:
	"""Address fields for the unified keys given (`type` through the site's address types)."""
	fields = {erpnext: given[unified] for unified, erpnext in ADDRESS_MAP if unified in given}
	if given.get("type"):
		fields["address_type"] = address_types[given["type"]]
	for unified, erpnext in (("is_primary", "is_primary_address"), ("is_shipping", "is_shipping_address")):
		if unified in given:
			fields[erpnext] = int(bool(given[unified]))
	return fields


def to_unified_emails(people: list[dict], emails_by_person: dict[str, list[dict]]) -> list[dict]:
	"""Every email of every linked Contact person, the primary contact's first."""
	ordered = sorted(people, key=lambda person: not person.get("is_primary_contact"))
	return [
		{
			"email": email["email_id"],
			"person_id": person["name"],
			"person_name": person.get("full_name") or person.get("first_name") or None,
			"is_primary": bool(person.get("is_primary_contact") and email.get("is_primary")),
		}
		for person in ordered
		for email in emails_by_person.get(person["name"], [])
	]
