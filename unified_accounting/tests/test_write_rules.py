"""Write rules beyond the happy path: retention purge, User Permissions on writes, the Version timeline."""

import frappe
from frappe.utils import add_days, now_datetime

from unified_accounting.services.idempotency import DOCTYPE as KEYS
from unified_accounting.services.idempotency import purge_expired
from unified_accounting.tests.utils import ensure_company, user_permission
from unified_accounting.tests.write_fixtures import CUSTOMER, accounts, ensure_parties, first_company

INV = "unified_accounting.api.invoices"


def test_purge_forgets_keys_older_than_the_retention(settings):
	settings.idempotency_key_retention_days = 3
	settings.save()
	for name, age in (("ua-old-key", 10), ("ua-new-key", 1)):
		frappe.db.delete(KEYS, {"name": name})
		frappe.get_doc(
			{
				"doctype": KEYS,
				"user": "Administrator",
				"idempotency_key": name,
				"endpoint": "x",
				"request_hash": "h",
			}
		).insert(ignore_permissions=True, set_name=name)
		frappe.db.set_value(KEYS, name, "creation", add_days(now_datetime(), -age), update_modified=False)
	purge_expired()
	assert not frappe.db.exists(KEYS, "ua-old-key") and frappe.db.exists(KEYS, "ua-new-key")
	assert (
		"unified_accounting.services.idempotency.purge_expired"
		in frappe.get_hooks("scheduler_events")["daily"]
	)


def test_user_permissions_limit_which_company_can_be_written(api, api_user):
	ensure_parties()
	company = first_company()
	books = accounts(company)
	second = ensure_company("UA Second Company", "UA2")
	before = frappe.db.count("Sales Invoice", {"company": company})
	body = {
		"type": "accounts_receivable",
		"company": company,
		"contact_id": CUSTOMER,
		"line_items": [{"name": "X", "unit_price": 5, "account_id": books["income"]}],
		"submit": True,
	}
	with user_permission(api_user.name, "Company", second):
		response = api.post(f"{INV}.create_invoice", body)
	assert (response.status, response.json["error"]["type"]) == (403, "permission_denied"), response.body
	assert frappe.db.count("Sales Invoice", {"company": company}) == before


def test_every_write_shows_in_the_document_timeline(api):
	ensure_parties()
	books = accounts(first_company())
	created = api.post(
		f"{INV}.create_invoice",
		{
			"type": "accounts_receivable",
			"contact_id": CUSTOMER,
			"line_items": [{"name": "X", "unit_price": 5, "account_id": books["income"]}],
		},
	).json["result"]
	api.post(f"{INV}.update_invoice", {"id": created["id"], "memo": "changed through the API"})
	versions = frappe.get_all(
		"Version",
		filters={"ref_doctype": "Sales Invoice", "docname": created["id"]},
		fields=["owner", "data"],
	)
	assert versions and "changed through the API" in versions[0].data
	assert versions[0].owner == frappe.db.get_value("Sales Invoice", created["id"], "owner")
