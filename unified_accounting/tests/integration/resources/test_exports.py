"""The GL export fast path over HTTP (same records and permissions as list_transactions), and
background exports run by a real RQ worker."""

import csv
import datetime
import io
import json
import os
from zoneinfo import ZoneInfo

import pytest

import frappe

from unified_accounting.services.exports.ledger_sql import timestamp
from unified_accounting.tests.support.utils import ensure_api_user, ensure_company, user_permission

EXPORT = "unified_accounting.api.exports.export_transactions"
STREAM = "unified_accounting.api.exports.stream_transactions"
LIST = "unified_accounting.api.transactions.list_transactions"


@pytest.fixture(scope="module", autouse=True)
def ledger():
	"""The paging tests read 60 rows in pages: a fresh site's ledger may hold fewer."""
	from unified_accounting.tests.support.write_fixtures import ensure_ledger_rows

	ensure_ledger_rows(80)


@pytest.fixture(scope="module", autouse=True)
def no_exports_waiting():
	"""A user may have two exports waiting: what an interrupted earlier run left queued does not count."""
	from unified_accounting.services.exports.jobs import ACTIVE_STATUSES, DOCTYPE

	waiting = {"status": ("in", ACTIVE_STATUSES), "owner": ("like", "ua-%@example.com")}
	frappe.db.set_value(DOCTYPE, waiting, "status", "Failed", update_modified=False)
	frappe.db.commit()


def listed(api, **params) -> list[dict]:
	response = api.get(LIST, {"limit": 200, **params})
	assert response.status == 200, response.body
	return response.json["result"]


def exported(api, **params) -> dict:
	response = api.get(EXPORT, params)
	assert response.status == 200, response.body
	return response.json


def test_export_records_equal_list_transactions_records(api):
	assert frappe.db.count("GL Entry") > 10
	for params in ({}, {"include_cancelled": 1}, {"underlying_transaction_type": "invoice"}):
		records = listed(api, **params)
		# a fresh site may have no invoices yet: limit is at least 1
		assert exported(api, limit=max(len(records), 1), **params)["result"] == records, params


def test_export_pages_continue_by_cursor_and_bind_their_filters(api):
	whole = exported(api, limit=60)["result"]
	first = exported(api, limit=25)
	second = exported(api, limit=35, cursor=first["next_cursor"])
	assert first["result"] + second["result"] == whole
	other = api.get(EXPORT, {"limit": 25, "cursor": first["next_cursor"], "include_cancelled": 1})
	assert (other.status, other.json["error"]["type"]) == (400, "invalid_cursor")
	too_big = api.get(EXPORT, {"limit": 10_001}).json["error"]
	assert (too_big["status"], too_big["details"][0]["field"]) == (400, "limit")


def test_export_applies_the_callers_user_permissions_like_the_list(api):
	from unified_accounting.tests.support.write_fixtures import first_company

	second = ensure_company("UA Second Company", "UA2")  # the abbreviation every test uses
	user = ensure_api_user("ua-export-restricted@example.com", ["Accounts User"])
	from unified_accounting.tests.support.utils import ApiClient

	restricted = ApiClient(api.site, user.token)
	with user_permission(user.name, "Company", first_company()):
		records = exported(restricted, limit=10_000)["result"]
		assert records and {r["company"] for r in records} == {first_company()}
		assert records[:200] == listed(restricted)
	assert second  # the other company exists, so the restriction had something to hide
	nobody = ensure_api_user("ua-export-norole@example.com", ["Blogger"])
	denied = ApiClient(api.site, nobody.token).get(EXPORT, {"limit": 5})
	assert (denied.status, denied.json["error"]["type"]) == (403, "permission_denied")


def streamed(api, **params) -> tuple[list[dict], str | None]:
	"""The records of one NDJSON stream (each line checked against the spec by the client) and its
	Next-Cursor header."""
	response = api.get(STREAM, params)
	assert response.status == 200, response.body
	assert response.headers["Content-Type"].startswith("application/x-ndjson")
	assert isinstance(response.body, str) and (response.body == "" or response.body.endswith("\n"))
	return [json.loads(line) for line in response.body.splitlines()], response.headers.get("Next-Cursor")


def test_stream_records_equal_list_transactions_records(api):
	for params in ({}, {"include_cancelled": 1}, {"underlying_transaction_type": "invoice"}):
		records = listed(api, **params)
		assert streamed(api, limit=max(len(records), 1), **params)[0] == records, params


def test_stream_continues_by_its_header_and_shares_cursors_with_pages(api):
	whole = exported(api, limit=60)["result"]
	first, cursor = streamed(api, limit=25)
	assert first == whole[:25] and cursor
	# the header continues the stream; a page's next_cursor starts one, and the other way round
	assert streamed(api, limit=35, cursor=cursor)[0] == whole[25:60]
	assert exported(api, limit=35, cursor=cursor)["result"] == whole[25:60]
	page = exported(api, limit=25)
	assert streamed(api, limit=35, cursor=page["next_cursor"])[0] == whole[25:60]
	# a stream that reaches the end says so by having no Next-Cursor
	total = frappe.db.count("GL Entry", {"is_cancelled": 0})
	records, cursor = streamed(api, limit=total)
	assert (len(records), cursor) == (total, None)
	assert records[:60] == whole


def test_stream_refuses_bad_limits_and_foreign_cursors_before_sending(api):
	for limit in (0, 1_000_001):
		error = api.get(STREAM, {"limit": limit}).json["error"]
		assert (error["status"], error["details"][0]["field"]) == (400, "limit"), limit
	_, cursor = streamed(api, limit=5)
	other = api.get(STREAM, {"limit": 5, "cursor": cursor, "include_cancelled": 1})
	assert (other.status, other.json["error"]["type"]) == (400, "invalid_cursor")
	forged = api.get(STREAM, {"cursor": "(.\x11\u00cd\u0097\u00e5U\U000f4937"})  # found by the fuzzer
	assert (forged.status, forged.json["error"]["type"]) == (400, "invalid_cursor")


def test_stream_applies_the_callers_user_permissions_like_the_list(api):
	from unified_accounting.tests.support.utils import ApiClient
	from unified_accounting.tests.support.write_fixtures import first_company

	ensure_company("UA Second Company", "UA2")
	user = ensure_api_user("ua-export-restricted@example.com", ["Accounts User"])
	restricted = ApiClient(api.site, user.token)
	with user_permission(user.name, "Company", first_company()):
		records, _ = streamed(restricted, limit=100_000)
		assert records and {r["company"] for r in records} == {first_company()}
		assert records == exported(restricted, limit=10_000)["result"][: len(records)]
	nobody = ensure_api_user("ua-export-norole@example.com", ["Blogger"])
	denied = ApiClient(api.site, nobody.token).get(STREAM, {"limit": 5})
	assert (denied.status, denied.json["error"]["type"]) == (403, "permission_denied")


def test_a_stream_that_fails_midway_is_logged_and_cut_short():
	"""After the first byte the status is sent: a failure is logged with a reference and the body ends
	early with an error (the server then drops the connection before HTTP's final chunk)."""
	from unified_accounting.envelope import ndjson_response

	def failing():
		yield b'{"id":"one"}\n'
		frappe.throw("the replica went away")

	body = iter(ndjson_response(failing()).response)
	assert next(body) == b'{"id":"one"}\n'
	with pytest.raises(RuntimeError, match=r"stream cut short: \w{12}") as raised:
		next(body)
	reference = raised.value.args[0].rsplit(" ", 1)[-1]
	assert frappe.db.exists("Error Log", {"method": f"Unified Accounting internal error {reference}"})


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata", "Europe/London", "UTC"])
def test_sql_timestamps_match_python_isoformat_across_dst(zone):
	"""MariaDB's offsets equal Python's for wall-clock times around the zone's transitions."""
	tz = ZoneInfo(zone)
	times = [datetime.datetime(2026, 1, 15, 12, 0, 0), datetime.datetime(2026, 7, 1, 8, 30, 5, 120)]
	for month, day in ((3, 8), (3, 29), (10, 25), (11, 1)):
		for minute in range(0, 4 * 60, 29):
			times.append(
				datetime.datetime(2026, month, day) + datetime.timedelta(minutes=minute, microseconds=7)
			)
	rows = " union all ".join(
		f"select {i} as i, cast('{t:%Y-%m-%d %H:%M:%S.%f}' as datetime(6)) as at" for i, t in enumerate(times)
	)
	got = frappe.db.sql(f"select {timestamp('t.at', tz)} from ({rows}) t order by t.i")
	assert [json.loads(row[0]) for row in got] == [t.replace(tzinfo=tz).isoformat() for t in times]


def test_custom_field_values_are_typed_as_in_the_list(api):
	from unified_accounting.tests.support.utils import custom_field

	with (
		custom_field("GL Entry", "ua_export_flag", "Check"),
		custom_field("GL Entry", "ua_export_rate", "Float"),
	):
		name = frappe.get_all("GL Entry", pluck="name", order_by="modified asc", limit=1)[0]
		frappe.db.set_value(
			"GL Entry", name, {"ua_export_flag": 1, "ua_export_rate": 2.5}, update_modified=False
		)
		frappe.db.commit()
		records = listed(api)
		assert exported(api, limit=len(records))["result"] == records
		# other Custom Fields the site has (e.g. an accounting dimension) come along; ours are typed
		ours = {k: v for k, v in records[0]["custom_fields"].items() if k.startswith("ua_export_")}
		assert ours == {"ua_export_flag": True, "ua_export_rate": 2.5}
	assert json.dumps(records)  # plain JSON all the way


HIDDEN = "classified-ua-export"  # the value no caller without the level-1 role may see


def test_fields_above_the_callers_permlevel_are_left_out_as_in_the_list(api):
	"""A Custom Field and a standard field (remarks) of GL Entry at permission level 1, which only Auditors
	may read: for an Accounts Manager the export, the stream and a background export give the records
	list_transactions gives (remarks null, the custom field absent) and never the value; an Auditor gets
	the value through all of them, so the value was there to leak."""
	from unified_accounting.tests.support.utils import (
		ApiClient,
		custom_field,
		field_permlevel,
		permlevel_read,
	)

	auditor = ApiClient(api.site, ensure_api_user("ua-export-auditor@example.com", ["Auditor"]).token)
	with (
		custom_field("GL Entry", "ua_export_secret", "Data", permlevel=1),
		field_permlevel("GL Entry", "remarks", 1),
		permlevel_read("GL Entry", "Auditor", 1),
	):
		name = frappe.get_all(
			"GL Entry", filters={"is_cancelled": 0}, pluck="name", order_by="modified asc, name asc", limit=1
		)[0]
		remarks = frappe.db.get_value("GL Entry", name, "remarks")
		values = {"ua_export_secret": HIDDEN, "remarks": f"{HIDDEN} remark"}
		frappe.db.set_value("GL Entry", name, values, update_modified=False)
		frappe.db.commit()
		try:
			whole, background = hidden_from_the_manager(api, auditor, name)
		finally:
			frappe.db.set_value("GL Entry", name, "remarks", remarks, update_modified=False)
			frappe.db.commit()
	done = finished(api, background["id"])
	assert done["status"] == "done", done
	text = download(api, done["download_url"])
	assert HIDDEN not in text and [json.loads(line) for line in text.splitlines()] == whole


def hidden_from_the_manager(api, auditor, name: str) -> tuple[list[dict], dict]:
	"""The checks while the fields are at level 1; (every exported record, a background export of them)."""
	records = listed(api)
	assert records[0]["id"] == name
	assert records[0]["description"] is None and "ua_export_secret" not in records[0]["custom_fields"]
	assert exported(api, limit=len(records))["result"] == records
	assert streamed(api, limit=len(records))[0] == records
	whole = all_exported(api)
	assert HIDDEN not in json.dumps(whole)
	background = api.post(CREATE, {"resource": "transactions"}).json["result"]
	seen = listed(auditor)
	assert seen[0]["description"] == f"{HIDDEN} remark"
	assert seen[0]["custom_fields"]["ua_export_secret"] == HIDDEN
	assert exported(auditor, limit=len(seen))["result"] == seen
	assert streamed(auditor, limit=len(seen))[0] == seen
	run_rq_worker()  # while the fields are still at level 1: the job applies its owner's permissions
	return whole, background


CREATE = "unified_accounting.api.exports.create_export"
GET = "unified_accounting.api.exports.get_export"


def run_rq_worker() -> None:
	"""A real RQ worker (`bench worker`) in burst mode: it runs what is queued, then exits."""
	import subprocess
	import sys

	from unified_accounting.tests.support.site import SITES_PATH

	done = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long", "--burst"],
		cwd=SITES_PATH,
		capture_output=True,
		text=True,
		timeout=180,
	)
	assert done.returncode == 0, done.stderr[-2000:]


def finished(api, export_id: str) -> dict:
	"""The export once a worker has run it (ours, or on a shared bench another worker of the long queue)."""
	import time

	for _ in range(240):
		export = api.get(GET, {"id": export_id}).json["result"]
		if export["status"] in ("done", "failed"):
			return export
		time.sleep(0.25)
	raise AssertionError(f"export {export_id} did not finish: {export}")


def download(api, url: str) -> str:
	headers = {"Authorization": f"token {api.token}"}
	response = api.run_in_thread("GET", url, {"headers": headers}, validate=False)
	assert response.status == 200, str(response.body)[:300]
	return response.body if isinstance(response.body, str) else json.dumps(response.body)


def all_exported(api, **params) -> list[dict]:
	records, cursor = [], None
	while True:
		page = exported(api, limit=10_000, **params, **({"cursor": cursor} if cursor else {}))
		records += page["result"]
		if not (cursor := page["next_cursor"]):
			return records


def test_background_exports_run_on_a_real_worker_with_progress_and_a_private_file(api):
	from frappe.utils.background_jobs import get_redis_connection_without_auth

	events = get_redis_connection_without_auth().pubsub()
	events.subscribe("events")
	jsonl = api.post(CREATE, {"resource": "transactions", "filters": {"include_cancelled": True}})
	assert jsonl.status == 202, jsonl.body
	assert jsonl.json["result"]["status"] == "queued"
	csv_export = api.post(CREATE, {"resource": "transactions", "format": "csv"}).json["result"]
	run_rq_worker()
	done = finished(api, jsonl.json["result"]["id"])
	assert (done["status"], done["progress"], done["error"]) == ("done", 1.0, None), done
	lines = download(api, done["download_url"]).splitlines()
	assert [json.loads(line) for line in lines] == all_exported(api, include_cancelled=1)
	assert done["rows_written"] == done["total_rows"] == len(lines)
	csv_done = finished(api, csv_export["id"])
	# parsed as CSV: quoted values (remarks) may hold line breaks
	csv_rows = list(csv.reader(io.StringIO(download(api, csv_done["download_url"]))))
	assert csv_rows[0][:3] == ["id", "company", "created_at"] and len(csv_rows) == csv_done["total_rows"] + 1
	mine = export_progress(events, done["id"])
	assert {m["status"] for m in mine} >= {"running", "done"}
	events.close()


def export_progress(events, export_id: str, seconds: float = 30) -> list[dict]:
	"""The progress events of one export published so far: read until its `done` (or the deadline). Other
	processes on the bench's Redis (a dev site's worker and scheduler) publish on the same channel, so
	"until the channel is quiet" may never come."""
	import time

	found, deadline = [], time.monotonic() + seconds
	while time.monotonic() < deadline and not any(m["status"] == "done" for m in found):
		message = events.get_message(timeout=1)
		if not message or message["type"] != "message":
			continue
		event = json.loads(message["data"])
		if isinstance(event, dict) and event.get("event") == "unified_accounting_export_progress":
			if event["message"]["id"] == export_id:
				found.append(event["message"])
	return found


def test_exports_are_private_to_their_owner(api):
	from unified_accounting.tests.support.utils import ApiClient

	export = api.post(CREATE, {"resource": "transactions", "filters": {"company": "No Such Co"}}).json[
		"result"
	]
	other = ensure_api_user("ua-export-other@example.com", ["Accounts User"])
	hidden = ApiClient(api.site, other.token).get(GET, {"id": export["id"]})
	assert (hidden.status, hidden.json["error"]["type"]) == (404, "not_found")
	bad = api.post(CREATE, {"resource": "invoices", "filters": {"colour": 1}}).json["error"]
	assert {d["field"] for d in bad["details"]} == {"resource", "filters.colour"}
	run_rq_worker()
	empty = finished(api, export["id"])
	assert (empty["status"], empty["rows_written"], empty["total_rows"]) == ("done", 0, 0)
	assert download(api, empty["download_url"]) == ""
	assert (
		ApiClient(api.site, other.token)
		.run_in_thread(
			"GET",
			empty["download_url"],
			{"headers": {"Authorization": f"token {other.token}"}},
			validate=False,
		)
		.status
		== 403
	)


def test_a_user_may_have_two_exports_queued_or_running(api):
	"""The third export while two wait is refused (429 rate_limited, in the one error shape); once a worker
	ran them, or when one is a day old (lost by its worker), the user may start another."""
	from unified_accounting.services.exports.jobs import DOCTYPE
	from unified_accounting.tests.support.utils import ApiClient

	user = ensure_api_user("ua-export-limit@example.com", ["Accounts User"])
	client = ApiClient(api.site, user.token)
	body = {"resource": "transactions", "filters": {"company": "No Such Co"}}
	first, second = (client.post(CREATE, body) for _ in range(2))
	assert (first.status, second.status) == (202, 202), (first.body, second.body)
	refused = client.post(CREATE, body)
	assert refused.status == 429, refused.body
	error = refused.json["error"]
	assert (error["type"], error["status"]) == ("rate_limited", 429)
	assert "2 exports queued or running" in error["message"]
	assert frappe.db.count(DOCTYPE, {"owner": user.name, "status": "Queued"}) == 2
	# another user is not held back by this one's exports
	assert api.post(CREATE, body).status == 202
	lost = first.json["result"]["id"]
	frappe.db.sql(f"update `tab{DOCTYPE}` set creation = creation - interval 25 hour where name = %s", lost)
	frappe.db.commit()
	assert client.post(CREATE, body).status == 202
	run_rq_worker()
	assert finished(client, second.json["result"]["id"])["status"] == "done"
	assert client.post(CREATE, body).status == 202
	run_rq_worker()


def test_export_files_expire_after_the_retention(api):
	"""The daily purge deletes the File (record and content on disk) of an export older than the retention
	and marks it expired, which get_export then says; a younger export keeps its File."""
	from unified_accounting.services.exports.jobs import DOCTYPE, purge_expired, retention_days

	body = {"resource": "transactions", "filters": {"company": "No Such Co"}}
	old, young = (api.post(CREATE, body).json["result"]["id"] for _ in range(2))
	run_rq_worker()
	done = finished(api, old)
	assert done["status"] == "done" and finished(api, young)["status"] == "done"
	path = frappe.get_site_path(done["download_url"].lstrip("/"))
	assert os.path.exists(path)
	frappe.db.sql(
		f"update `tab{DOCTYPE}` set creation = creation - interval %s day where name = %s",
		(retention_days() + 1, old),
	)
	frappe.db.commit()
	purge_expired()
	expired = api.get(GET, {"id": old}).json["result"]
	assert (expired["status"], expired["download_url"]) == ("expired", None)
	assert datetime.datetime.fromisoformat(expired["expires_at"]) < datetime.datetime.now(datetime.UTC)
	assert not frappe.db.exists("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": old})
	assert not os.path.exists(path)
	gone = api.run_in_thread(
		"GET", done["download_url"], {"headers": {"Authorization": f"token {api.token}"}}, validate=False
	)
	assert gone.status in (403, 404)
	kept = api.get(GET, {"id": young}).json["result"]
	assert kept["status"] == "done" and download(api, kept["download_url"]) == ""
