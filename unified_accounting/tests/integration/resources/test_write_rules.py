"""Write rules beyond the happy path: retention purge, User Permissions on writes, the Version timeline."""

import frappe
from frappe.utils import add_days, now_datetime

from unified_accounting.services.platform.idempotency import DOCTYPE as KEYS
from unified_accounting.services.platform.idempotency import purge_expired
from unified_accounting.tests.support.utils import ensure_company, user_permission
from unified_accounting.tests.support.write_fixtures import accounts, ensure_parties, first_company, sale

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
		"unified_accounting.services.platform.idempotency.purge_expired"
		in frappe.get_hooks("scheduler_events")["daily"]
	)


def test_user_permissions_limit_which_company_can_be_written(api, api_user):
	ensure_parties()
	company = first_company()
	books = accounts(company)
	second = ensure_company("UA Second Company", "UA2")
	before = frappe.db.count("Sales Invoice", {"company": company})
	body = sale(books["income"], company=company)
	with user_permission(api_user.name, "Company", second):
		response = api.post(f"{INV}.create_invoice", body)
	assert (response.status, response.json["error"]["type"]) == (403, "permission_denied"), response.body
	assert frappe.db.count("Sales Invoice", {"company": company}) == before


def test_every_write_shows_in_the_document_timeline(api):
	ensure_parties()
	books = accounts(first_company())
	created = api.post(
		f"{INV}.create_invoice",
		sale(books["income"], submit=False),
	).json["result"]
	api.post(f"{INV}.update_invoice", {"id": created["id"], "memo": "changed through the API"})
	versions = frappe.get_all(
		"Version",
		filters={"ref_doctype": "Sales Invoice", "docname": created["id"]},
		fields=["owner", "data"],
	)
	assert versions and "changed through the API" in versions[0].data
	assert versions[0].owner == frappe.db.get_value("Sales Invoice", created["id"], "owner")


def test_submitted_invoice_takes_fields_erpnext_allows_after_submit(api):
	from unified_accounting.tests.support.utils import custom_field

	ensure_parties()
	books = accounts(first_company())
	body = sale(books["income"])
	invoice = api.post(f"{INV}.create_invoice", body).json["result"]
	with custom_field("Sales Invoice", "ua_collection_stage", "Data", allow_on_submit=1):
		updated = api.post(
			f"{INV}.update_invoice",
			{"id": invoice["id"], "custom_fields": {"ua_collection_stage": "reminded"}},
		)
		assert updated.status == 200, updated.body
		assert updated.json["result"]["custom_fields"]["ua_collection_stage"] == "reminded"
		refused = api.post(
			f"{INV}.update_invoice",
			{"id": invoice["id"], "memo": "x", "custom_fields": {"ua_collection_stage": "again"}},
		)
	assert refused.status == 409 and [d["field"] for d in refused.json["error"]["details"]] == ["remarks"]
	assert frappe.db.get_value("Sales Invoice", invoice["id"], "docstatus") == 1


def test_taxes_from_a_tax_template(api):
	ensure_parties()
	company = first_company()
	books = accounts(company)
	abbr = frappe.get_cached_value("Company", company, "abbr")
	template = f"UA Template 5 - {abbr}"
	if not frappe.db.exists("Sales Taxes and Charges Template", template):
		frappe.get_doc(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": "UA Template 5",
				"company": company,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": books["tax"],
						"description": "Tax 5%",
						"rate": 5,
					}
				],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	body = sale(books["income"], unit_price=200, tax_template_id=template)
	invoice = api.post(f"{INV}.create_invoice", body).json["result"]
	assert invoice["taxes"] == [
		{"account_id": books["tax"], "description": "Tax 5%", "rate": 5.0, "amount": 10.0}
	]
	assert invoice["total_amount"] == 210.0
	missing = api.post(f"{INV}.create_invoice", {**body, "tax_template_id": "Nope"}).json["error"]
	assert missing["details"] == [
		{
			"field": "tax_template_id",
			"message": f"Sales Taxes and Charges Template 'Nope' does not exist in {company}",
		}
	]
