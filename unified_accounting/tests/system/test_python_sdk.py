"""The Python SDK (clients/python) against the test site served by gunicorn, and its generated models."""

import time
import typing

import pytest
import typing_extensions
import unified_accounting_client as sdk
from unified_accounting_client import models

import frappe

from unified_accounting import signatures
from unified_accounting.tests.support import REPO, write_fixtures
from unified_accounting.tests.support.servers import gunicorn
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import restore_settings, sequenced

CLIENTS = REPO / "clients" / "python"


@pytest.fixture(scope="module")
def host():
	with gunicorn(1) as url:
		yield url


@pytest.fixture
def client(host, api_user) -> sdk.Client:
	key, secret = api_user.token.split(":")
	return sdk.Client(host, key, secret, host=SITE, max_retry_wait=5)


@pytest.fixture(scope="module")
def books():
	return write_fixtures.books()


def journal(books: dict, memo: str, amount: float = 7) -> dict:
	lines = [
		{"account_id": books["expense"], "debit": amount},
		{"account_id": books["cash"], "credit": amount},
	]
	return {"memo": memo, "lines": lines, "submit": True}


def test_the_committed_models_are_what_the_generator_makes_of_the_code():
	import importlib.util

	from unified_accounting.openapi.document import code_spec

	spec = importlib.util.spec_from_file_location("generate_models", CLIENTS / "generate_models.py")
	generator = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(generator)
	assert (
		generator.generate(code_spec()) == (CLIENTS / "unified_accounting_client" / "models.py").read_text()
	), "regenerate: clients/python/generate_models.py --from-code SITE"
	typed = [m for m in vars(models).values() if typing_extensions.is_typeddict(m)]
	assert len(typed) > 100
	for shape in typed:
		typing.get_type_hints(shape, vars(models))  # every reference resolves
	hints = typing.get_type_hints(models.InvoiceCreate, vars(models), include_extras=True)
	assert "NotRequired" in repr(hints["memo"]) and "NotRequired" not in repr(hints["type"])


def test_lists_are_iterated_across_pages_and_writes_are_idempotent(client, books):
	from frappe.utils import add_to_date, now_datetime

	since = add_to_date(now_datetime(), seconds=-1).isoformat()
	memo = f"UA SDK {frappe.generate_hash(length=8)}"
	key = frappe.generate_hash()
	first = client.post("journal_entries.create_journal_entry", journal(books, memo), idempotency_key=key)
	again = client.post("journal_entries.create_journal_entry", journal(books, memo), idempotency_key=key)
	assert first == again
	made = [
		first["result"]["id"],
		*(client.journal_entries.create(journal(books, memo))["id"] for _ in range(2)),
	]
	frappe.db.rollback()
	assert frappe.db.count("Journal Entry", {"user_remark": memo}) == 3
	pages = list(client.pages("journal_entries.list_journal_entries", limit=2, updated_after=since))
	assert len(pages) >= 2 and all(len(p["result"]) <= 2 for p in pages)
	ids = [e["id"] for e in client.journal_entries.list(limit=2, updated_after=since)]
	assert len(ids) == len(set(ids)) and set(made) <= set(ids)
	assert ids == [e["id"] for p in pages for e in p["result"]]
	assert client.journal_entries.get(made[1])["memo"] == memo


def test_errors_raise_their_type(client, books):
	with pytest.raises(sdk.NotFound) as missing:
		client.invoices.get("UA-NO-SUCH-INVOICE")
	assert missing.value.status == 404
	with pytest.raises(sdk.InvalidRequest) as bad:
		client.journal_entries.create({"lines": [], "colour": "red"})
	assert {"lines", "colour"} <= set(bad.value.fields)
	unbalanced = {
		"lines": [{"account_id": books["expense"], "debit": 5}, {"account_id": books["cash"], "credit": 4}]
	}
	with pytest.raises(sdk.Unprocessable):
		client.journal_entries.create(unbalanced)
	with pytest.raises(sdk.InvalidCursor):
		client.get("invoices.list_invoices", cursor="not-a-cursor")


def test_a_429_is_retried_after_its_retry_after(client, host, api_user):
	with restore_settings():
		frappe.db.set_single_value(
			"Unified Accounting Settings", {"rate_limit_per_minute": 60, "rate_limit_burst": 1}
		)
		frappe.db.commit()
		frappe.clear_document_cache("Unified Accounting Settings", "Unified Accounting Settings")
		impatient = sdk.Client(host, *api_user.token.split(":"), host=SITE, max_retries=0)
		impatient.get("meta.capabilities")
		with pytest.raises(sdk.RateLimited) as limited:
			impatient.get("meta.capabilities")
		assert int(limited.value.response.headers["Retry-After"]) >= 1
		started = time.monotonic()
		client.get("meta.capabilities")  # limited again, then let through after Retry-After
		assert time.monotonic() - started >= 0.9


def test_the_feed_yields_new_events_and_keeps_its_position(client, books, sequencer):
	sequenced()
	feed = client.changes(since="now", resources="journal_entries")
	assert list(feed) == [] and feed.position != "now"
	memo = f"UA SDK feed {frappe.generate_hash(length=8)}"
	entry = client.journal_entries.create(journal(books, memo))
	sequenced()
	events = [e for e in feed if e["record_id"] == entry["id"]]
	assert [e["change"] for e in events] == ["created", "submitted"]
	assert list(feed) == []  # caught up: the position moved past them


def test_the_ledger_stream_reads_lines_across_chunk_boundaries(client, books):
	write_fixtures.ensure_ledger_rows(60)
	whole = list(client.stream_transactions(limit=50))
	small = client.stream_transactions(chunk_size=7, limit=50)
	assert [row["id"] for row in small] == [row["id"] for row in whole] and len(whole) == 50
	assert small.next_cursor
	more = list(client.stream_transactions(cursor=small.next_cursor, limit=10))
	assert more and not {row["id"] for row in more} & {row["id"] for row in whole}


def test_the_webhook_verifier_accepts_both_schemes_and_refuses_forgeries():
	secret, body, now = signatures.new_secret(), b'{"id": "evt_1", "change": "created"}', int(time.time())
	standard = signatures.standard_headers(secret, "evt_1", now, body)
	unified = {signatures.HEADER: signatures.signature_header(secret, now, body)}
	assert sdk.verify_webhook(secret, standard, body)["id"] == "evt_1"
	assert sdk.verify_webhook(secret, unified, body)["change"] == "created"
	for headers, sent in (
		(standard, body + b" "),
		(unified, body.replace(b"created", b"deleted")),
		(signatures.standard_headers(secret, "evt_1", now - 3600, body), body),
		({}, body),
	):
		with pytest.raises(sdk.WebhookVerificationError):
			sdk.verify_webhook(secret, headers, sent)
	with pytest.raises(sdk.WebhookVerificationError):
		sdk.verify_webhook(signatures.new_secret(), standard, body)
