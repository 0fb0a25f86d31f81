"""Hostile input, catalogued: each bad request gets a clear 4xx in the unified shape and writes nothing."""

import json

import pytest

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import MAX_LINES
from unified_accounting.request_guards import MAX_BODY_BYTES, MAX_JSON_DEPTH
from unified_accounting.tests.support.endpoints import reads
from unified_accounting.tests.support.utils import ApiClient
from unified_accounting.tests.support.write_fixtures import CUSTOMER, accounts, ensure_parties, first_company

API = "unified_accounting.api"
CREATE_INVOICE = f"{API}.invoices.create_invoice"
# SQL and template fragments in one value: a quote to break out of a string, a comment, Jinja and a
# Python format field. Any of them evaluated would show up as 49, a changed count, or a 5xx.
PAYLOAD = "x' OR '1'='1' -- ; DROP TABLE `tabGL Entry`; {{ 7*7 }} {% print(7*7) %} {0.__class__} %s"
# Tables a refused request must leave untouched.
WATCHED = (
	"Sales Invoice",
	"Purchase Invoice",
	"Sales Invoice Item",
	"Journal Entry",
	"Payment Entry",
	"GL Entry",
	"Customer",
	"Supplier",
	"Account",
	"Unified Accounting Idempotency Key",
)


# Endpoints that exist only while the tests run: one failing inside our decorator, one outside it.
@frappe.whitelist(methods=["GET"])
@unified_api()
def crash_inside() -> dict:
	"""Fail inside an endpoint."""
	raise KeyError("h7-internal-detail")


def crash_outside() -> dict:
	"""Fail where only Frappe's own handler sees it (whitelisted by the test itself, for its duration only:
	every method the app ships wears the decorator)."""
	raise KeyError("h7-internal-detail")


@pytest.fixture
def undecorated_endpoint():
	frappe.whitelisted.append(crash_outside)
	frappe.allowed_http_methods_for_whitelisted_func[crash_outside] = ["GET"]
	yield
	frappe.whitelisted.remove(crash_outside)
	del frappe.allowed_http_methods_for_whitelisted_func[crash_outside]


@pytest.fixture(scope="module")
def books():
	ensure_parties()
	company = first_company()
	return {"company": company, **accounts(company)}


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in WATCHED}


def invoice(books, **extra) -> dict:
	line = {"name": "Widget", "quantity": 1, "unit_price": 10, "account_id": books["income"]}
	return {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": books["company"],
		"line_items": [line],
		**extra,
	}


def send(api: ApiClient, method: str, data, content_type: str = "application/json", headers=None):
	"""POST a raw body (bytes or text), as a hostile client would."""
	all_headers = {"Accept": "application/json", **(headers or {})}
	if api.token:
		all_headers["Authorization"] = f"token {api.token}"
	kwargs = {"headers": all_headers, "data": data, "content_type": content_type}
	return api.run_in_thread("POST", f"/api/method/{method}", kwargs)


def assert_refused(response, status: int | None = None, error_type: str | None = None) -> dict:
	"""A 4xx in the unified shape, with a message and no traceback."""
	assert 400 <= response.status < 500, (response.status, response.body)
	error = response.json["error"]
	assert set(error) == {"status", "type", "message", "details"} and error["message"]
	assert error["status"] == response.status
	assert "Traceback" not in json.dumps(response.body)
	if status:
		assert (response.status, error["type"]) == (status, error_type), response.body
	return error


def refused_writing_nothing(api, method, data, content_type="application/json", **expected) -> dict:
	before = counts()
	error = assert_refused(send(api, method, data, content_type), **expected)
	assert counts() == before
	return error


def test_body_not_json_is_400_not_401(api):
	error = refused_writing_nothing(
		api, CREATE_INVOICE, "{not json", status=400, error_type="invalid_request"
	)
	assert "not valid JSON" in error["message"]


@pytest.mark.parametrize("data", ["42", '"text"', "null", "[1, 2]", "true"])
def test_json_that_is_not_an_object_is_400(api, data):
	error = refused_writing_nothing(api, CREATE_INVOICE, data, status=400, error_type="invalid_request")
	assert "JSON object" in error["message"]


def test_body_not_json_without_credentials_is_still_400(guest):
	assert_refused(send(guest, CREATE_INVOICE, "{not json"), 400, "invalid_request")


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_wrong_content_type_is_415(api, books, content_type):
	data = json.dumps(invoice(books))
	refused_writing_nothing(
		api, CREATE_INVOICE, data, content_type, status=415, error_type="unsupported_media_type"
	)


def test_body_over_the_limit_is_413(api, books):
	data = json.dumps(invoice(books, memo="x" * (10 * 1024 * 1024)))
	assert len(data) > MAX_BODY_BYTES
	refused_writing_nothing(api, CREATE_INVOICE, data, status=413, error_type="payload_too_large")


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 5, 100_000])
def test_deep_nesting_is_400(api, books, levels):
	"""Past the depth limit (and far past Python's recursion limit, where json.loads itself fails)."""
	nested = "[" * levels + "]" * levels
	data = json.dumps(invoice(books))[:-1] + f', "custom_fields": {{"x": {nested}}}}}'
	error = refused_writing_nothing(api, CREATE_INVOICE, data, status=400, error_type="invalid_request")
	assert "deeper" in error["message"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_400(api, books, constant):
	data = json.dumps(invoice(books)).replace('"unit_price": 10', f'"unit_price": {constant}')
	assert constant in data
	error = refused_writing_nothing(api, CREATE_INVOICE, data, status=400, error_type="invalid_request")
	assert constant in error["message"]


@pytest.mark.parametrize(
	("field", "value"),
	[("quantity", -1), ("quantity", 0), ("quantity", 1e300), ("unit_price", 1e300), ("quantity", "many")],
)
def test_negative_and_absurd_quantities_are_4xx(api, books, field, value):
	body = invoice(books)
	body["line_items"][0][field] = value
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(body))


def test_too_many_lines_is_400_naming_the_limit(api, books):
	body = invoice(books)
	body["line_items"] = body["line_items"] * 10_000
	error = refused_writing_nothing(
		api, CREATE_INVOICE, json.dumps(body), status=400, error_type="invalid_request"
	)
	assert error["details"][0]["field"] == "line_items"
	assert str(MAX_LINES) in error["details"][0]["message"]


@pytest.mark.parametrize("text", ["Zürich 東京 🧾 مرحبا", "tab\there\nnew line", "zero\u200bwidth\u202eRTL"])
def test_unicode_text_is_kept_as_sent(api, books, text):
	response = api.post(CREATE_INVOICE, invoice(books, memo=text, dry_run=True))
	assert response.status == 201, response.body
	assert response.json["result"]["memo"] == text


@pytest.mark.parametrize("value", ["nul\x00byte", "bell\x07", "\x1b[31mred"])
def test_control_characters_in_ids_are_4xx(api, books, value):
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(invoice(books, contact_id=value)))
	assert_refused(api.get(f"{API}.invoices.get_invoice", {"id": value}))


def test_ids_of_the_wrong_doctype_are_4xx(api, books):
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(invoice(books, contact_id=books["income"])))
	body = invoice(books)
	body["line_items"][0]["account_id"] = CUSTOMER
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(body))
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(invoice(books, company=CUSTOMER)))
	journal = frappe.get_all("Journal Entry", pluck="name", limit=1) or ["ACC-JV-2026-00001"]
	for method in ("invoices.get_invoice", "payments.get_payment", "accounts.get_account"):
		assert_refused(api.get(f"{API}.{method}", {"id": journal[0]}), 404, "not_found")


@pytest.mark.parametrize("issue_date", ["2026-02-30", "99999-01-01", "yesterday", "1e308", "-0001-01-01"])
def test_impossible_dates_are_400(api, books, issue_date):
	body = json.dumps(invoice(books, issue_date=issue_date))
	refused_writing_nothing(api, CREATE_INVOICE, body, status=400, error_type="invalid_request")


@pytest.mark.parametrize("issue_date", ["0001-01-01", "9999-12-31"])
def test_dates_outside_every_fiscal_year_are_refused_on_posting(api, books, issue_date):
	"""ERPNext keeps a draft with any valid date, but posts only inside a fiscal year."""
	body = json.dumps(invoice(books, issue_date=issue_date, submit=True))
	error = refused_writing_nothing(api, CREATE_INVOICE, body, status=422, error_type="validation_error")
	assert "Fiscal Year" in error["message"] or "fiscal year" in error["message"]


@pytest.mark.parametrize("value", ["0000-00-00", "99999-01-01", "2026-13-01"])
def test_date_filters_out_of_range_are_400(api, value):
	response = api.get(f"{API}.invoices.list_invoices", {"issue_date_from": value})
	assert_refused(response, 400, "invalid_request")


def read_endpoints() -> list[tuple[str, list[str]]]:
	"""(dotted path, string parameters) of every GET endpoint of ours."""
	return [(e.path, e.string_parameters()) for e in reads()]


def test_sql_and_jinja_in_every_string_parameter_of_every_read(api):
	endpoints = read_endpoints()
	assert len(endpoints) >= 10 and sum(len(names) for _path, names in endpoints) >= 10
	before = counts()
	for path, names in endpoints:
		for name in names:
			response = api.get(path, {name: PAYLOAD})
			assert response.status < 500, (path, name, response.body)
			if response.status >= 400:
				assert_refused(response)
			else:
				# Echoed, the payload must come back whole: a rendered template or format would change it.
				text = json.dumps(response.body)
				assert text.count("x' OR '1'='1'") == text.count(json.dumps(PAYLOAD)[1:-1]), (path, name)
	assert counts() == before


def test_sql_and_jinja_in_write_strings_are_kept_literally(api, books):
	"""Text fields take the payload as text; id fields refuse it as an unknown reference."""
	response = api.post(CREATE_INVOICE, invoice(books, memo=PAYLOAD, dry_run=True))
	assert response.status == 201, response.body
	assert response.json["result"]["memo"] == PAYLOAD
	for field in ("contact_id", "company", "currency", "tax_template_id", "return_against_id"):
		refused_writing_nothing(api, CREATE_INVOICE, json.dumps(invoice(books, **{field: PAYLOAD})))
	line = invoice(books)
	line["line_items"][0].update(account_id=PAYLOAD, item_id=PAYLOAD)
	refused_writing_nothing(api, CREATE_INVOICE, json.dumps(line))


def test_cookie_session_post_without_csrf_token_is_refused(api_user, books):
	"""A browser session (cookie) may not write without its CSRF token; with it, it may."""
	from unified_accounting.tests.support.site import SITE

	password = frappe.generate_hash(length=16)
	from frappe.utils.password import update_password

	update_password(api_user.name, password)
	frappe.db.commit()
	browser = ApiClient(SITE, None)
	login = browser.post("login", {"usr": api_user.name, "pwd": password})
	assert login.status == 200, login.body
	desk = browser.run_in_thread("GET", "/app", {"headers": {"Accept": "text/html"}})
	token = desk.body.split('csrf_token = "')[1].split('"')[0]
	before = counts()
	error = assert_refused(browser.post(CREATE_INVOICE, invoice(books, dry_run=True)))
	assert error["type"] == "unauthenticated"
	assert counts() == before
	allowed = browser.post(
		CREATE_INVOICE, invoice(books, dry_run=True), headers={"X-Frappe-CSRF-Token": token}
	)
	assert allowed.status == 201, allowed.body


@pytest.mark.parametrize("endpoint", ["crash_inside", "crash_outside"])
def test_internal_errors_reach_the_error_log_at_once(api, undecorated_endpoint, endpoint):
	"""A 500 names a reference id, and the Error Log has it when the response arrives (no scheduler)."""
	response = api.get(f"unified_accounting.tests.integration.platform.test_hostile_inputs.{endpoint}")
	assert (response.status, response.json["error"]["type"]) == (500, "internal_error")
	assert "h7-internal-detail" not in json.dumps(response.body)
	reference = response.json["error"]["message"].split("Reference: ")[1]
	assert frappe.db.exists("Error Log", {"method": ("like", f"%{reference}%")})


@pytest.mark.parametrize("key", ["k" * 141, "k" * 255, 12345, "<" * 100, "a\x01b"])
def test_bad_idempotency_keys_are_400(api, books, key):
	"""Over the column's 140 characters (was a 417 from the audit log), or not a string."""
	before = counts()
	if isinstance(key, str):
		response = api.post(CREATE_INVOICE, invoice(books), headers={"Idempotency-Key": key})
	else:
		response = api.post(CREATE_INVOICE, invoice(books, idempotency_key=key))
	error = assert_refused(response, 400, "invalid_request")
	assert error["details"][0]["field"] == "idempotency_key"
	assert counts() == before


def test_list_count_with_a_child_table_filter(api):
	"""include_count with a filter on a child table (payments by invoice) was an ambiguous-column 500."""
	invoice_id = frappe.get_all("Sales Invoice", pluck="name", limit=1) or ["ACC-SINV-NONE"]
	params = {"invoice_id": invoice_id[0], "include_count": 1}
	response = api.get(f"{API}.payments.list_payments", params)
	assert response.status == 200, response.body
	assert response.json["result_count"] == len(response.json["result"])
