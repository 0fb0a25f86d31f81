"""API Scopes: integration users limited to reads or to chosen resources, beyond their ERPNext roles."""

import pytest

import frappe

from unified_accounting.services.core.settings import SETTINGS_DOCTYPE
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

API = "unified_accounting.api"
CREATE_USER = f"{API}.admin.create_integration_user"
SCOPE = "Unified Accounting API Scope"


@pytest.fixture(scope="module")
def admin():
	user = ensure_api_user("ua-scope-admin@example.com", ["System Manager"])
	return ApiClient(frappe.local.site, user.token)


@pytest.fixture
def scoped(admin):
	"""Create integration users through the API; each is deleted (and its scope row with it) afterwards."""
	made = []

	def create(**scope) -> tuple[dict, ApiClient]:
		email = f"ua-scoped-{frappe.generate_hash(length=6)}@example.com"
		body = {"email": email, "roles": ["Accounts Manager", "Accounts User"], **scope}
		response = admin.post(CREATE_USER, body)
		assert response.status == 200, response.body
		made.append(email)
		created = response.json["result"]
		return created, ApiClient(frappe.local.site, f"{created['api_key']}:{created['api_secret']}")

	yield create
	frappe.db.rollback()
	for email in made:
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
	frappe.db.commit()


def journal(memo: str) -> dict:
	books = write_fixtures.books()
	lines = [{"account_id": books["expense"], "debit": 3}, {"account_id": books["cash"], "credit": 3}]
	return {"memo": memo, "lines": lines}


def test_a_read_only_user_reads_and_every_write_is_403_with_nothing_written(scoped):
	created, client = scoped(read_only=True)
	assert (created["read_only"], created["resources"]) == (True, None)
	assert client.get(f"{API}.accounts.list_accounts", {"limit": 2}).status == 200
	memo = f"UA scope {frappe.generate_hash(length=6)}"
	for body in (journal(memo), {**journal(memo), "dry_run": True}):
		refused = client.post(f"{API}.journal_entries.create_journal_entry", body)
		assert (refused.status, refused.json["error"]["type"]) == (403, "permission_denied")
		assert refused.json["error"]["details"][0]["field"] == "scope"
	frappe.db.rollback()
	assert not frappe.db.exists("Journal Entry", {"user_remark": memo})


def test_a_user_scoped_to_resources_reaches_only_those(scoped):
	created, client = scoped(resources=["accounts", "journal_entries"])
	assert created["resources"] == ["accounts", "journal_entries"] and created["read_only"] is False
	assert client.get(f"{API}.accounts.list_accounts", {"limit": 1}).status == 200
	entry = client.post(f"{API}.journal_entries.create_journal_entry", journal("UA scoped write"))
	assert entry.status == 201, entry.body
	for method in ("invoices.list_invoices", "payments.list_payments", "changes.list_changes"):
		response = client.get(f"{API}.{method}")
		assert (response.status, response.json["error"]["type"]) == (403, "permission_denied"), method
	assert client.get(f"{API}.meta.capabilities").status == 200


def test_an_unknown_resource_is_400_and_creates_no_user(admin):
	email = f"ua-scoped-bad-{frappe.generate_hash(length=6)}@example.com"
	body = {"email": email, "roles": ["Accounts User"], "resources": ["invoices", "widgets"]}
	response = admin.post(CREATE_USER, body)
	assert response.status == 400
	assert response.json["error"]["details"] == [
		{"field": "resources", "message": "unknown resource 'widgets'"}
	]
	assert not frappe.db.exists("User", email)


def test_the_settings_refuse_two_rows_for_one_user_and_a_deleted_user_leaves_no_row(scoped):
	created, _client = scoped(read_only=True)
	settings = frappe.get_doc(SETTINGS_DOCTYPE)
	settings.append("api_scopes", {"user": created["user"], "access": "Read and write"})
	with pytest.raises(frappe.ValidationError, match="two API Scope rows"):
		settings.save()
	frappe.db.rollback()
	assert frappe.db.exists(SCOPE, {"user": created["user"]})
	frappe.delete_doc("User", created["user"], ignore_permissions=True, force=True)
	frappe.db.commit()
	assert not frappe.db.exists(SCOPE, {"user": created["user"]})
	frappe.get_doc(SETTINGS_DOCTYPE).save()  # no dangling link to trip over
	frappe.db.commit()
