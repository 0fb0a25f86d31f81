"""The response framework over HTTP: envelope, error shape and statuses, argument checks, rollback."""

import pytest

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.tests.support.utils import save_settings

CAPABILITIES = "unified_accounting.api.meta.capabilities"
THIS = "unified_accounting.tests.integration.platform.test_envelope"
MARKER = "unified-accounting rollback probe"


# Endpoints that exist only while the tests run (the HTTP requests are served in this process).
@frappe.whitelist(methods=["POST"])
@unified_api()
def write_then_fail(kind: str) -> dict:
	"""Insert a Mode of Payment (Accounts Managers may), then fail the way `kind` says."""
	frappe.get_doc({"doctype": "Mode of Payment", "mode_of_payment": MARKER, "type": "Cash"}).insert()
	if kind == "validation":
		frappe.throw("Debit and credit are not equal", frappe.ValidationError)
	if kind == "crash":
		raise KeyError("secret-internal-detail")
	return {"ok": True}


@frappe.whitelist(methods=["GET"])
@unified_api()
def typed(limit: int, flag: bool = False, name: str | None = None) -> dict:
	"""Echo typed arguments."""
	return {"limit": limit, "flag": flag, "name": name}


def assert_error(response, status: int, error_type: str):
	assert response.status == status, response.body
	error = response.json["error"]
	assert set(response.json) == {"error"}
	assert set(error) == {"status", "type", "message", "details"}
	assert (error["status"], error["type"]) == (status, error_type)
	assert error["message"]
	assert "Traceback" not in str(response.body)
	return error


def probes() -> int:
	return frappe.db.count("Mode of Payment", {"name": MARKER})


@pytest.fixture
def no_probes():
	frappe.delete_doc_if_exists("Mode of Payment", MARKER)
	frappe.db.commit()
	yield
	frappe.delete_doc_if_exists("Mode of Payment", MARKER)
	frappe.db.commit()


def test_success_is_top_level_result_not_frappe_message(api):
	response = api.get(CAPABILITIES)
	assert response.status == 200
	assert set(response.json) == {"result"}
	assert response.headers["Content-Type"].startswith("application/json")


def test_disabled_app_answers_503_everywhere(api, settings):
	save_settings(enabled=0)
	assert_error(api.get(CAPABILITIES), 503, "disabled")
	assert_error(api.post(f"{THIS}.write_then_fail", {"kind": "none"}), 503, "disabled")


def test_no_credentials_is_401(guest):
	error = assert_error(guest.get(CAPABILITIES), 401, "unauthenticated")
	assert "Authorization" in error["message"]


def test_wrong_credentials_is_401(api_user):
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient

	key = api_user.token.split(":")[0]
	assert_error(ApiClient(SITE, f"{key}:wrong-secret").get(CAPABILITIES), 401, "unauthenticated")


def test_wrong_http_method_is_405_with_allow_header(api):
	response = api.post(CAPABILITIES)
	assert_error(response, 405, "method_not_allowed")
	assert response.headers["Allow"] == "GET"


def test_unknown_method_in_our_namespace_is_404(api):
	assert_error(api.get("unified_accounting.api.meta.no_such_thing"), 404, "not_found")


def test_unknown_and_malformed_parameters_are_named(api):
	error = assert_error(api.get(f"{THIS}.typed", {"limit": "ten", "colour": "red"}), 400, "invalid_request")
	assert {d["field"] for d in error["details"]} == {"limit", "colour"}
	error = assert_error(api.get(f"{THIS}.typed", {}), 400, "invalid_request")
	assert error["details"] == [{"field": "limit", "message": "required"}]


def test_query_strings_are_converted_to_declared_types(api):
	response = api.get(f"{THIS}.typed", {"limit": "10", "flag": "true"})
	assert response.json == {"result": {"limit": 10, "flag": True, "name": None}}


def test_erpnext_refusal_is_422_and_rolls_back(api, no_probes):
	error = assert_error(api.post(f"{THIS}.write_then_fail", {"kind": "validation"}), 422, "validation_error")
	assert error["message"] == "Debit and credit are not equal"
	assert probes() == 0


def test_crash_is_500_without_internals_and_rolls_back(api, no_probes):
	error = assert_error(api.post(f"{THIS}.write_then_fail", {"kind": "crash"}), 500, "internal_error")
	assert "secret-internal-detail" not in error["message"]
	assert "Reference:" in error["message"]
	assert probes() == 0


def test_success_commits(api, no_probes):
	assert api.post(f"{THIS}.write_then_fail", {"kind": "none"}).json == {"result": {"ok": True}}
	assert probes() == 1


def test_missing_erpnext_permission_is_403_with_reason_and_nothing_written(no_probes):
	from unified_accounting.tests.support.site import SITE
	from unified_accounting.tests.support.utils import ApiClient, ensure_api_user

	clerk = ensure_api_user("ua-clerk@example.com", ["Desk User"])
	response = ApiClient(SITE, clerk.token).post(f"{THIS}.write_then_fail", {"kind": "none"})
	error = assert_error(response, 403, "permission_denied")
	assert "Mode of Payment" in error["message"]
	assert probes() == 0
