"""Test helpers (not tests): the fixtures and small readers the webhook test modules share (conftest.py
imports the fixtures, so every module may ask for them)."""

import pytest

import frappe

from unified_accounting.services.webhooks.outbox import DELIVERY, WEBHOOK
from unified_accounting.tests.support import write_fixtures
from unified_accounting.tests.support.utils import private_webhook_targets
from unified_accounting.tests.support.webhook_receiver import Receiver, Worker
from unified_accounting.tests.support.write_fixtures import CUSTOMER, accounts, ensure_parties, first_company

INV = "unified_accounting.api.invoices"
HOOKS = "unified_accounting.api.webhooks"


@pytest.fixture(scope="module")
def allow_local_receivers():
	"""The receivers listen on 127.0.0.1, which webhooks refuse unless the site opts in: a module that
	uses this runs with the opt-in (a test that proves the refusal takes it away for itself)."""
	with private_webhook_targets():
		yield


@pytest.fixture(scope="module")
def worker():
	worker = Worker().start()
	yield worker
	worker.stop()


@pytest.fixture
def receiver():
	receiver = Receiver().start()
	yield receiver
	receiver.stop()


@pytest.fixture(scope="module")
def books():
	ensure_parties()
	company = first_company()
	return {"company": company, **accounts(company)}


@pytest.fixture
def subscribe(api):
	"""Create subscriptions over HTTP (as `client`, default the API user); delete them (and their logs)
	afterwards."""
	created = []

	def make(url: str, events: list[str], client=None, **extra) -> dict:
		response = (client or api).post(
			f"{HOOKS}.create_webhook", {"target_url": url, "events": events, **extra}
		)
		assert response.status == 201, response.body
		created.append(response.json["result"]["id"])
		return response.json["result"]

	yield make
	for name in created:
		frappe.db.delete(DELIVERY, {"webhook": name})
		frappe.delete_doc(WEBHOOK, name, ignore_permissions=True, force=True)
	frappe.db.commit()


def deliveries(webhook: str, **filters) -> list:
	return frappe.get_all(
		DELIVERY, filters={"webhook": webhook, **filters}, fields=["*"], order_by="name asc"
	)


def settled(webhook: str) -> list:
	rows = deliveries(webhook)
	return rows if rows and all(row.status != "Pending" for row in rows) else []


def new_customer(label: str) -> str:
	return write_fixtures.new_customer(f"UA Hook {label}")


def invoice_body(books, **extra) -> dict:
	return {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"line_items": [{"name": "Work", "unit_price": 100, "account_id": books["income"]}],
		**extra,
	}
