"""Test helpers (not tests): an HTTP client through Frappe's real request pipeline, users with API keys."""

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.test import Client

import frappe
import frappe.app

from unified_accounting.services.core.settings import SETTINGS_DOCTYPE
from unified_accounting.tests.support.contract import check_response


@dataclass
class HttpResult:
	status: int
	headers: dict
	body: dict | str

	@property
	def json(self) -> dict:
		assert isinstance(self.body, dict), f"not JSON: {self.body!r}"
		return self.body


class ApiClient:
	"""Sends requests to frappe.app.application, the WSGI app gunicorn serves: routing, token auth,
	whitelisting, our decorator, commit/rollback and after_request hooks all run as in production.
	Each request runs in its own thread, so it gets its own frappe.local and database connection, and
	sees only what the test has committed."""

	def __init__(self, site: str, token: str | None):
		self.site = site
		self.token = token
		self.client = Client(frappe.app.application)

	def call(
		self,
		http_method: str,
		method: str,
		params: dict | None = None,
		headers: dict | None = None,
		validate: bool = True,
	):
		path = f"/api/method/{method}"
		kwargs = {"headers": {"Accept": "application/json", **(headers or {})}}
		if self.token:
			kwargs["headers"]["Authorization"] = f"token {self.token}"
		if http_method == "GET" and params:
			path += "?" + urlencode(params, doseq=True)
		elif params is not None:
			kwargs["data"] = json.dumps(params)
			kwargs["content_type"] = "application/json"
		return self.run_in_thread(http_method, path, kwargs, validate)

	def get(self, method: str, params: dict | None = None, **kw) -> HttpResult:
		return self.call("GET", method, params, **kw)

	def post(self, method: str, params: dict | None = None, **kw) -> HttpResult:
		return self.call("POST", method, params if params is not None else {}, **kw)

	def run_in_thread(self, http_method: str, path: str, kwargs: dict, validate: bool = True) -> HttpResult:
		"""Send one request. Every response to one of our methods is checked against this site's OpenAPI
		document (tests/support/contract.py); `validate=False` only for a deliberately off-spec call."""
		outcome = {}

		def send():
			response = self.client.open(path, method=http_method, base_url=f"http://{self.site}", **kwargs)
			try:
				data = response.get_data(as_text=True)
				try:
					body = json.loads(data)
				except ValueError:
					body = data
				outcome["result"] = HttpResult(response.status_code, dict(response.headers), body)
			finally:
				response.close()  # runs Frappe's after-response callbacks, then frappe.destroy()

		thread = threading.Thread(target=send)
		thread.start()
		thread.join()
		# Start a fresh snapshot so the test sees what the request committed (REPEATABLE READ).
		frappe.db.rollback()
		result = outcome["result"]
		if validate:
			check_response(http_method, path, result.status, result.body)
		return result


@dataclass
class ApiUser:
	name: str
	token: str


def ensure_api_user(email: str, roles: list[str]) -> ApiUser:
	"""A committed user with exactly these roles and a fresh API key/secret (re-runnable)."""
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user.set("roles", [])
	user.add_roles(*roles)
	secret = frappe.generate_hash(length=15)
	user.api_key = user.api_key or frappe.generate_hash(length=15)
	user.api_secret = secret
	user.save(ignore_permissions=True)
	frappe.db.commit()
	return ApiUser(email, f"{user.api_key}:{secret}")


@contextmanager
def restore_settings():
	"""Yield the settings document and put every value back (committed) afterwards."""
	doc = frappe.get_single(SETTINGS_DOCTYPE)
	saved = doc.as_dict()
	try:
		yield doc
	finally:
		frappe.db.rollback()
		doc = frappe.get_single(SETTINGS_DOCTYPE)
		doc.update({k: v for k, v in saved.items() if doc.meta.has_field(k)})
		doc.save(ignore_permissions=True)
		frappe.db.commit()


def save_settings(**values) -> None:
	"""Change settings for the server side of HTTP tests (they only see committed data)."""
	doc = frappe.get_single(SETTINGS_DOCTYPE)
	doc.update(values)
	doc.save(ignore_permissions=True)
	frappe.db.commit()


def ensure_company(name: str, abbr: str, currency: str = "USD", country: str = "United States") -> str:
	"""A committed company with ERPNext's standard chart of accounts (created once, then reused)."""
	if not frappe.db.exists("Company", name):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": name,
				"abbr": abbr,
				"default_currency": currency,
				"country": country,
				"chart_of_accounts": "Standard",
				"create_chart_of_accounts_based_on": "Standard Template",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return name


def add_user_permission(user: str, allow: str, value: str):
	"""Restrict `user` to one `allow` record (e.g. one Company), for every doctype; not committed."""
	return frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": allow,
			"for_value": value,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)


@contextmanager
def user_permission(user: str, allow: str, value: str):
	"""Restrict `user` to one `allow` record (e.g. one Company) for the duration, committed."""
	doc = add_user_permission(user, allow, value)
	frappe.db.commit()
	try:
		yield doc
	finally:
		frappe.delete_doc("User Permission", doc.name, ignore_permissions=True, force=True)
		frappe.db.commit()


@contextmanager
def custom_field(doctype: str, fieldname: str, fieldtype: str, **extra):
	"""A Custom Field that exists (committed) for the duration only."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_field

	create_custom_field(
		doctype,
		{
			"fieldname": fieldname,
			"label": fieldname.replace("_", " ").title(),
			"fieldtype": fieldtype,
			**extra,
		},
	)
	frappe.db.commit()
	try:
		yield
	finally:
		frappe.delete_doc("Custom Field", f"{doctype}-{fieldname}", ignore_permissions=True, force=True)
		frappe.db.commit()
		frappe.clear_cache(doctype=doctype)


@contextmanager
def role_rights(doctype: str, role: str, permlevel: int = 0, **rights: int):
	"""`role` reads `doctype` at `permlevel`, with `rights` (create=1, write=1, ...) for the duration
	(committed). Frappe copies the standard rules to Custom DocPerm first; the doctype's rules are put back
	as they were afterwards."""
	from frappe.permissions import add_permission, reset_perms, update_permission_property

	had = set(frappe.get_all("Custom DocPerm", filters={"parent": doctype}, pluck="name"))
	add_permission(doctype, role, permlevel)
	for right, value in rights.items():
		update_permission_property(doctype, role, permlevel, right, value)
	frappe.db.commit()
	frappe.clear_cache(doctype=doctype)
	try:
		yield
	finally:
		if had:
			added = set(frappe.get_all("Custom DocPerm", filters={"parent": doctype}, pluck="name")) - had
			frappe.db.delete("Custom DocPerm", {"name": ("in", list(added))})
		else:
			reset_perms(doctype)
		frappe.db.commit()
		frappe.clear_cache(doctype=doctype)


def permlevel_read(doctype: str, role: str, permlevel: int):
	"""`role` may read `doctype`'s fields at `permlevel` for the duration (committed)."""
	return role_rights(doctype, role, permlevel)


@contextmanager
def field_permlevel(doctype: str, fieldname: str, permlevel: int):
	"""A standard field moved to another permission level (a Property Setter, committed) for the duration."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	setter = make_property_setter(doctype, fieldname, "permlevel", permlevel, "Int")
	frappe.db.commit()
	frappe.clear_cache(doctype=doctype)
	try:
		yield
	finally:
		frappe.delete_doc("Property Setter", setter.name, ignore_permissions=True, force=True)
		frappe.db.commit()
		frappe.clear_cache(doctype=doctype)


@dataclass
class QueryCount:
	count: int = 0


@contextmanager
def count_queries():
	"""Count the SQL statements this thread's connection runs (pass-through: nothing is changed)."""
	counter, db = QueryCount(), frappe.db
	original = db.sql

	def counting_sql(*args, **kwargs):
		counter.count += 1
		return original(*args, **kwargs)

	db.sql = counting_sql
	try:
		yield counter
	finally:
		db.sql = original


def sequenced(timeout: float = 60) -> None:
	"""Wait until every committed change row has its feed position (given by the sequencer job on a real
	RQ worker: the `sequencer` fixture's, or the dev site's on a shared bench)."""
	from unified_accounting.services.changes.sequence import pending
	from unified_accounting.tests.support.webhook_receiver import wait_for

	assert wait_for(lambda: not pending(), timeout), "change rows still without a feed position"


@contextmanager
def site_config(key: str, value):
	"""Set (None: remove) a site config key as `bench --site S set-config` does (requests and worker jobs
	read the file afresh), and in this process's config; put the previous value back afterwards."""
	previous = frappe.conf.get(key)
	write_site_config(key, value)
	try:
		yield
	finally:
		write_site_config(key, previous)


def write_site_config(key: str, value) -> None:
	from frappe.installer import update_site_config

	update_site_config(key, "None" if value is None else value)
	if value is None:
		frappe.local.conf.pop(key, None)  # update_site_config leaves the string "None" here


def private_webhook_targets(allowed: bool = True):
	"""Webhooks to 127.0.0.1 (the test receivers) need the site's explicit opt-in; without it they are refused."""
	from unified_accounting.services.webhooks.targets import ALLOW_PRIVATE_KEY

	return site_config(ALLOW_PRIVATE_KEY, 1 if allowed else None)
