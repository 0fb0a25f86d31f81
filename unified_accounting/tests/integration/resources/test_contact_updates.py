"""Contacts written over HTTP: update (fields, payment terms, addresses, emails), deactivate, refusals."""

import pytest

import frappe

from unified_accounting.schemas import Contact, ContactAddress, ContactEmail
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

API = "unified_accounting.api.contacts"
WRITER_ROLES = ["Sales Master Manager", "Purchase Master Manager", "Accounts User"]
TERMS = "UA Net 30"


@pytest.fixture(scope="module")
def client():
	return ApiClient(frappe.local.site, ensure_api_user("ua-contacts-writer@example.com", WRITER_ROLES).token)


@pytest.fixture(scope="module")
def terms():
	if not frappe.db.exists("Payment Terms Template", TERMS):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": TERMS,
				"terms": [
					{
						"invoice_portion": 100,
						"credit_days": 30,
						"due_date_based_on": "Day(s) after invoice date",
					}
				],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return TERMS


@pytest.fixture
def customer(client):
	name = f"UA Update Customer {frappe.generate_hash(length=6)}"
	created = client.post(f"{API}.create_contact", {"type": "customer", "name": name})
	assert created.status == 201, created.body
	return created.json["result"]["id"]


def address(**extra) -> dict:
	return {"line1": "1 Main St", "city": "Springfield", "country": "United States", **extra}


def test_update_fields_payment_terms_and_status(client, customer, terms):
	updated = client.post(
		f"{API}.update_contact",
		{"id": customer, "tax_id": "DE123", "payment_terms_id": terms, "status": "inactive"},
	)
	assert updated.status == 200, updated.body
	contact = updated.json["result"]
	assert list(contact) and set(contact) == set(Contact.__annotations__)
	assert (contact["tax_id"], contact["payment_terms_id"], contact["status"]) == ("DE123", terms, "inactive")
	assert frappe.db.get_value("Customer", customer, "payment_terms") == terms
	again = client.post(f"{API}.update_contact", {"id": customer, "status": "active"}).json["result"]
	assert again["status"] == "active" and again["tax_id"] == "DE123"


def test_addresses_are_created_updated_and_replaced(client, customer):
	first = client.post(
		f"{API}.update_contact",
		{
			"id": customer,
			"addresses": [
				address(is_primary=True),
				address(type="shipping", line1="2 Dock Rd", is_shipping=True),
			],
		},
	).json["result"]
	assert len(first["addresses"]) == 2
	billing, shipping = first["addresses"]
	assert set(billing) == set(ContactAddress.__annotations__)
	assert (billing["type"], billing["is_primary"], shipping["type"], shipping["line1"]) == (
		"billing",
		True,
		"shipping",
		"2 Dock Rd",
	)
	kept = client.post(
		f"{API}.update_contact", {"id": customer, "addresses": [{"id": billing["id"], "city": "Shelbyville"}]}
	).json["result"]
	assert [(a["id"], a["city"]) for a in kept["addresses"]] == [(billing["id"], "Shelbyville")]
	links = frappe.get_all("Dynamic Link", filters={"parent": shipping["id"], "link_name": customer})
	assert links == []  # unlinked (and deleted only for callers who may delete addresses)


def test_emails_and_primary_email(client, customer):
	contact = client.post(
		f"{API}.update_contact",
		{
			"id": customer,
			"emails": [{"email": "ap@example.com"}, {"email": "cfo@example.com", "is_primary": True}],
		},
	).json["result"]
	assert set(contact["emails"][0]) == set(ContactEmail.__annotations__)
	assert {(e["email"], e["is_primary"]) for e in contact["emails"]} == {
		("ap@example.com", False),
		("cfo@example.com", True),
	}
	assert contact["email"] == "cfo@example.com"
	switched = client.post(
		f"{API}.update_contact", {"id": customer, "email": "billing@example.com", "phone": "+1 555 0100"}
	).json["result"]
	assert switched["email"] == "billing@example.com" and switched["phone"] == "+1 555 0100"
	assert {e["email"] for e in switched["emails"]} == {
		"billing@example.com",
		"ap@example.com",
		"cfo@example.com",
	}
	assert listed_contact(client, customer)["emails"] == switched["emails"]


def listed_contact(client, customer: str) -> dict:
	"""The customer as list_contacts shows it, however many customers other tests made before."""
	params = {"type": "customer", "limit": 500}
	while True:
		page = client.get(f"{API}.list_contacts", params).json
		if found := next((c for c in page["result"] if c["id"] == customer), None):
			return found
		assert page.get("next_cursor"), f"{customer} is not listed"
		params = {**params, "cursor": page["next_cursor"]}


def test_deactivate_sets_inactive(client, customer):
	deactivated = client.post(f"{API}.deactivate_contact", {"id": customer})
	assert deactivated.status == 200 and deactivated.json["result"]["status"] == "inactive"
	assert frappe.db.get_value("Customer", customer, "disabled") == 1


@pytest.mark.parametrize(
	"change, status, field",
	[
		({"payment_terms_id": "No Such Terms"}, 400, "payment_terms_id"),
		({"addresses": [{"line1": "1 Main St"}]}, 400, "addresses[0].city"),
		({"addresses": [address(country="Atlantis")]}, 400, "addresses[0].country"),
		({"addresses": [address(type="moon_base")]}, 400, "addresses[0].type"),
		({"emails": [{"email": "not-an-email"}]}, 400, "emails[0].email"),
		({"status": "archived"}, 400, "status"),
	],
)
def test_bad_updates_change_nothing(client, customer, change, status, field):
	before = frappe.get_doc("Customer", customer).modified
	refused = client.post(f"{API}.update_contact", {"id": customer, "tax_id": "SHOULD-NOT-STICK", **change})
	assert refused.status == status, refused.body
	assert field in [d["field"] for d in refused.json["error"]["details"]]
	assert frappe.get_doc("Customer", customer).modified == before
	assert (
		frappe.db.count(
			"Address", {"address_line1": "1 Main St", "city": "Springfield", "country": "Atlantis"}
		)
		== 0
	)


def test_unknown_and_unwritable(client, customer):
	assert client.post(f"{API}.update_contact", {"id": "No Such Customer"}).status == 404
	reader = ApiClient(
		frappe.local.site, ensure_api_user("ua-contacts-reader@example.com", ["Accounts Manager"]).token
	)
	assert reader.get(f"{API}.get_contact", {"id": customer}).status == 200
	for method, body in (
		("update_contact", {"id": customer, "tax_id": "X"}),
		("deactivate_contact", {"id": customer}),
	):
		refused = reader.post(f"{API}.{method}", body)
		assert refused.status == 403 and refused.json["error"]["type"] == "permission_denied"
	tax_id, disabled = frappe.db.get_value("Customer", customer, ["tax_id", "disabled"])
	assert tax_id != "X" and disabled == 0


def test_create_with_payment_terms_addresses_and_email(client, terms):
	body = {
		"type": "supplier",
		"name": f"UA Create Supplier {frappe.generate_hash(length=6)}",
		"email": "sales@supplier.example",
		"payment_terms_id": terms,
		"addresses": [address(is_primary=True)],
	}
	created = client.post(f"{API}.create_contact", body)
	assert created.status == 201, created.body
	supplier = created.json["result"]
	assert supplier["payment_terms_id"] == terms
	assert [(a["line1"], a["is_primary"]) for a in supplier["addresses"]] == [("1 Main St", True)]
	assert [e["email"] for e in supplier["emails"]] == ["sales@supplier.example"]
	refused = client.post(
		f"{API}.create_contact", {**body, "name": "UA Never", "addresses": [{"line1": "x"}]}
	)
	assert refused.status == 400 and not frappe.db.exists("Supplier", {"supplier_name": "UA Never"})


def test_user_restricted_to_one_customer_cannot_update_another(client, customer):
	from unified_accounting.tests.support.utils import user_permission

	other = client.post(
		f"{API}.create_contact", {"type": "customer", "name": f"UA Other {frappe.generate_hash(length=6)}"}
	)
	user = ensure_api_user("ua-contacts-restricted@example.com", WRITER_ROLES)
	with user_permission(user.name, "Customer", customer):
		restricted = ApiClient(frappe.local.site, user.token)
		allowed = restricted.post(f"{API}.update_contact", {"id": customer, "tax_id": "MINE"})
		assert allowed.status == 200, allowed.body
		refused = restricted.post(
			f"{API}.update_contact", {"id": other.json["result"]["id"], "tax_id": "THEIRS"}
		)
		assert refused.status == 403
	assert frappe.db.get_value("Customer", other.json["result"]["id"], "tax_id") != "THEIRS"
