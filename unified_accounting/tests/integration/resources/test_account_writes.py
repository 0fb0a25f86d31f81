"""Account writes over HTTP, and the write framework they share: validation, idempotency, dry runs, audit."""

import pytest

import frappe

from unified_accounting.schemas import Account
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user
from unified_accounting.tests.support.write_fixtures import first_company

CREATE = "unified_accounting.api.accounts.create_account"
UPDATE = "unified_accounting.api.accounts.update_account"
LOG = "Unified Accounting API Log"


@pytest.fixture(scope="module")
def company():
	return first_company()


@pytest.fixture(scope="module")
def parent(company):
	return frappe.db.get_value(
		"Account", {"company": company, "is_group": 1, "root_type": "Asset", "account_type": "Bank"}
	) or frappe.db.get_value(
		"Account", {"company": company, "is_group": 1, "root_type": "Asset", "parent_account": ("is", "set")}
	)


@pytest.fixture
def made():
	"""Account names a test creates; deleted (committed) afterwards."""
	names = []
	yield names
	frappe.db.rollback()
	for name in frappe.get_all("Account", filters={"account_name": ("in", names)}, pluck="name"):
		frappe.delete_doc("Account", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def unique(prefix: str) -> str:
	return f"{prefix} {frappe.generate_hash(length=6)}"


def logs_for(key: str) -> list:
	return frappe.get_all(
		LOG,
		filters={"idempotency_key": key},
		fields=["http_status", "replayed", "result_id", "error_type"],
		order_by="creation asc",
	)


def test_create_returns_201_and_the_read_shape(api, parent, made, company):
	made.append(name := unique("UA Bank"))
	response = api.post(CREATE, {"name": name, "parent_account_id": parent, "type": "bank", "number": None})
	assert response.status == 201, response.body
	account = response.json["result"]
	assert set(account) == set(Account.__annotations__)
	assert (account["name"], account["type"], account["company"], account["parent_account_id"]) == (
		name,
		"bank",
		company,
		parent,
	)
	stored = frappe.db.get_value("Account", account["id"], ["account_type", "owner"], as_dict=True)
	assert stored.account_type == "Bank"


def test_bad_body_is_400_naming_each_path_and_writes_nothing(api, parent):
	before = frappe.db.count("Account")
	error = api.post(CREATE, {"parent_account_id": "Nope - X", "type": "wormhole", "colour": "red"}).json[
		"error"
	]
	assert error["status"] == 400
	assert {d["field"] for d in error["details"]} == {"name", "colour"}
	error = api.post(
		CREATE,
		{"name": "X", "parent_account_id": "Nope - X", "type": "wormhole", "custom_fields": {"nope": 1}},
	).json["error"]
	assert {d["field"] for d in error["details"]} == {"parent_account_id", "type", "custom_fields.nope"}
	assert frappe.db.count("Account") == before


def test_same_key_same_body_replays_without_writing(api, parent, made):
	made.append(name := unique("UA Idem"))
	key = frappe.generate_hash()
	first = api.post(CREATE, {"name": name, "parent_account_id": parent}, headers={"Idempotency-Key": key})
	again = api.post(CREATE, {"name": name, "parent_account_id": parent}, headers={"Idempotency-Key": key})
	assert (first.status, again.status) == (201, 201)
	assert again.json == first.json
	assert again.headers.get("Idempotent-Replayed") == "true" and "Idempotent-Replayed" not in first.headers
	assert frappe.db.count("Account", {"account_name": name}) == 1
	assert [(r.http_status, r.replayed) for r in logs_for(key)] == [(201, 0), (201, 1)]
	assert logs_for(key)[0].result_id == first.json["result"]["id"]


def test_key_in_the_body_works_too_and_a_different_body_is_422(api, parent, made):
	made.append(name := unique("UA Idem Body"))
	key = frappe.generate_hash()
	first = api.post(CREATE, {"name": name, "parent_account_id": parent, "idempotency_key": key})
	again = api.post(CREATE, {"name": name, "parent_account_id": parent, "idempotency_key": key})
	assert again.json == first.json and again.headers.get("Idempotent-Replayed") == "true"
	other = api.post(CREATE, {"name": name + " 2", "parent_account_id": parent, "idempotency_key": key})
	assert (other.status, other.json["error"]["type"]) == (422, "validation_error")
	assert frappe.db.count("Account", {"account_name": ("like", f"{name}%")}) == 1


def test_keys_are_per_user(parent, made):
	from unified_accounting.tests.support.site import SITE

	made.append(name := unique("UA Per User"))
	key = frappe.generate_hash()
	one = ApiClient(SITE, ensure_api_user("ua-writer1@example.com", ["Accounts Manager"]).token)
	two = ApiClient(SITE, ensure_api_user("ua-writer2@example.com", ["Accounts Manager"]).token)
	assert (
		one.post(CREATE, {"name": name, "parent_account_id": parent}, headers={"Idempotency-Key": key}).status
		== 201
	)
	second = two.post(CREATE, {"name": name, "parent_account_id": parent}, headers={"Idempotency-Key": key})
	assert (
		second.status == 409 and "Idempotent-Replayed" not in second.headers
	)  # a real second write: duplicate name


def test_dry_run_validates_and_writes_nothing(api, parent):
	name = unique("UA Dry")
	key = frappe.generate_hash()
	response = api.post(
		CREATE, {"name": name, "parent_account_id": parent, "dry_run": True}, headers={"Idempotency-Key": key}
	)
	assert response.status == 201 and response.json["result"]["name"] == name
	assert not frappe.db.exists("Account", {"account_name": name})
	assert [(r.http_status, r.result_id) for r in logs_for(key)] == [(201, response.json["result"]["id"])]
	assert not frappe.db.exists("Unified Accounting Idempotency Key", {"idempotency_key": key})
	failing = api.post(
		CREATE, {"name": name, "parent_account_id": parent, "currency": "XXX", "dry_run": True}
	)
	assert failing.status == 400


@pytest.fixture
def recent_gl_entry(company):
	"""A GL row posted just now: ERPNext treats the ledger as in use for five minutes."""
	frappe.get_doc(
		{
			"doctype": "GL Entry",
			"account": frappe.db.get_value(
				"Account", {"company": company, "account_type": "Cash", "is_group": 0}
			),
			"company": company,
			"posting_date": frappe.utils.today(),
			"debit": 1,
			"voucher_type": "Journal Entry",
			"voucher_no": "UA-TEST",
		}
	).db_insert()
	frappe.db.commit()
	yield
	frappe.db.delete("GL Entry", {"voucher_no": "UA-TEST"})
	frappe.db.commit()


def test_update_status_and_custom_fields_on_a_draft_free_account(api, parent, made):
	made.append(name := unique("UA Upd"))
	created = api.post(CREATE, {"name": name, "parent_account_id": parent}).json["result"]
	updated = api.post(UPDATE, {"id": created["id"], "status": "inactive"})
	assert updated.status == 200, updated.body
	assert (updated.json["result"]["status"], updated.json["result"]["id"]) == ("inactive", created["id"])
	assert frappe.db.get_value("Account", created["id"], "disabled") == 1


def test_rename_while_the_ledger_is_in_use_is_409(api, parent, made, recent_gl_entry):
	made.append(name := unique("UA Busy"))
	created = api.post(CREATE, {"name": name, "parent_account_id": parent}).json["result"]
	busy = api.post(UPDATE, {"id": created["id"], "name": name + " Renamed", "number": "1999"})
	assert (busy.status, busy.json["error"]["type"]) == (409, "conflict"), busy.body
	assert "actively being used" in busy.json["error"]["message"]
	assert frappe.db.get_value("Account", created["id"], ["account_name", "disabled"]) == (name, 0)


def test_reparenting_an_account_with_gl_entries_is_409(api, parent, made, company):
	made.append(name := unique("UA Reparent"))
	created = api.post(CREATE, {"name": name, "parent_account_id": parent}).json["result"]
	frappe.get_doc(
		{
			"doctype": "GL Entry",
			"account": created["id"],
			"company": company,
			"posting_date": frappe.utils.today(),
			"debit": 1,
			"voucher_type": "Journal Entry",
			"voucher_no": "UA-TEST-2",
		}
	).db_insert()
	frappe.db.commit()
	try:
		other_parent = frappe.db.get_value(
			"Account",
			{
				"company": company,
				"is_group": 1,
				"root_type": "Asset",
				"name": ("!=", parent),
				"parent_account": ("is", "set"),
			},
		)
		conflict = api.post(UPDATE, {"id": created["id"], "parent_account_id": other_parent})
		assert (conflict.status, conflict.json["error"]["type"]) == (409, "conflict")
		assert frappe.db.get_value("Account", created["id"], "parent_account") == parent
	finally:
		frappe.db.delete("GL Entry", {"voucher_no": "UA-TEST-2"})
		frappe.db.commit()


def test_user_who_may_not_create_accounts_gets_403_and_a_log_row(parent):
	from unified_accounting.tests.support.site import SITE

	clerk = ensure_api_user("ua-clerk@example.com", ["Desk User"])
	key = frappe.generate_hash()
	response = ApiClient(SITE, clerk.token).post(
		CREATE, {"name": unique("UA Nope"), "parent_account_id": parent}, headers={"Idempotency-Key": key}
	)
	assert (response.status, response.json["error"]["type"]) == (403, "permission_denied")
	assert [(r.http_status, r.error_type) for r in logs_for(key)] == [(403, "permission_denied")]


def test_users_see_only_their_own_log_rows(api, api_user):
	frappe.set_user(api_user.name)
	assert set(frappe.get_list(LOG, pluck="user", limit=0)) <= {api_user.name}
	frappe.set_user("Administrator")
	assert len(set(frappe.get_list(LOG, pluck="user", limit=0))) > 1
