"""A real client generated from the served spec (openapi-python-client) calls the site over real HTTP."""

import importlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

import frappe
import frappe.app

from unified_accounting.tests.support.site import SITE

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def server():
	"""frappe.app.application served over real HTTP on 127.0.0.1 (a port of its own, one thread per
	request, as gunicorn's threads would); stopped after the module."""
	httpd = make_server("127.0.0.1", 0, frappe.app.application, threaded=True)
	thread = threading.Thread(target=httpd.serve_forever, daemon=True)
	thread.start()
	yield f"http://127.0.0.1:{httpd.server_port}"
	httpd.shutdown()
	thread.join(timeout=10)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, api_user):
	"""Generate the client package from the spec this site serves, and import it."""
	from unified_accounting.tests.support.utils import ApiClient

	spec = ApiClient(SITE, api_user.token).get("unified_accounting.api.meta.openapi")
	assert spec.status == 200
	root = tmp_path_factory.mktemp("client")
	(root / "spec.json").write_text(frappe.as_json(spec.json))
	(root / "config.yaml").write_text("post_hooks: []\n")  # no formatter run: fully offline, fast
	run = subprocess.run(
		[
			str(GENERATOR),
			"generate",
			"--path",
			str(root / "spec.json"),
			"--meta",
			"none",
			"--output-path",
			str(root / "ua_client"),
			"--config",
			str(root / "config.yaml"),
		],
		capture_output=True,
		text=True,
		timeout=120,
	)
	assert run.returncode == 0, run.stdout + run.stderr
	sys.path.insert(0, str(root))
	try:
		yield importlib.import_module("ua_client")
	finally:
		sys.path.remove(str(root))
		for name in [m for m in sys.modules if m == "ua_client" or m.startswith("ua_client.")]:
			del sys.modules[name]


@pytest.fixture(scope="module")
def client_user():
	from unified_accounting.tests.support.utils import ensure_api_user

	roles = ["Accounts Manager", "Accounts User", "Sales Master Manager", "Sales User"]
	return ensure_api_user("ua-openapi-client@example.com", roles)


@pytest.fixture
def client(generated, server, client_user):
	# Python's resolver does not know *.localhost: connect to 127.0.0.1, name the site in Host.
	return generated.AuthenticatedClient(
		base_url=server, token=client_user.token, prefix="token", headers={"Host": SITE}, timeout=60
	)


def test_generated_client_lists_and_gets_accounts(generated, client):
	from ua_client.api.accounts import get_account, list_accounts
	from ua_client.api.invoices import list_invoices

	page = list_accounts.sync(client=client, limit=3, include_count=True)
	assert type(page).__name__ == "AccountPage", page
	assert 1 <= len(page.result) <= 3 and page.result_count >= len(page.result)
	first = page.result[0]
	one = get_account.sync(client=client, id=first.id)
	assert type(one).__name__ == "AccountResult"
	assert (one.result.id, one.result.name, one.result.classification) == (
		first.id,
		first.name,
		first.classification,
	)
	invoices = list_invoices.sync(client=client, limit=2)  # nested models: lines, taxes, payments, refs
	assert type(invoices).__name__ == "InvoicePage"
	assert all(type(line).__name__ == "InvoiceLineItem" for i in invoices.result for line in i.line_items)
	missing = get_account.sync_detailed(client=client, id="no such account - X")
	assert missing.status_code == 404 and missing.parsed.error.type_ == "not_found"


def test_generated_client_creates_a_contact(generated, client):
	from ua_client.api.contacts import create_contact
	from ua_client.models import ContactCreate, ContactCreateType

	name = f"UA OpenAPI client {frappe.generate_hash(length=8)}"
	response = create_contact.sync_detailed(
		client=client, body=ContactCreate(type_=ContactCreateType.CUSTOMER, name=name)
	)
	try:
		assert response.status_code == 201, response.content
		assert response.parsed.result.name == name and response.parsed.result.type_ == "customer"
		assert frappe.db.get_value("Customer", response.parsed.result.id, "customer_name") == name
	finally:
		for customer in frappe.get_all("Customer", filters={"customer_name": name}, pluck="name"):
			frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
		frappe.db.commit()
