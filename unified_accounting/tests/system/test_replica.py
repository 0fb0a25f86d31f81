"""Scale-out on Frappe's own engine: on a site with `read_from_replica`, read endpoints query a real
MariaDB replica (scripts/replica.sh: a second mariadbd replicating by binlog) and writes the primary."""

import os
import subprocess
from contextlib import contextmanager

import pymysql
import pytest

import frappe
from frappe.installer import update_site_config

from unified_accounting.tests.support import REPO
from unified_accounting.tests.support.site import BENCH_DIR, SITE
from unified_accounting.tests.support.write_fixtures import accounts, ensure_parties, first_company, sale

PORT = int(os.environ.get("UA_REPLICA_PORT", "3307"))
SCRIPT = str(REPO / "scripts" / "replica.sh")
BASE = "unified_accounting.api.invoices"
STREAM = "unified_accounting.api.exports.stream_transactions"


def replica_script(action: str) -> None:
	done = subprocess.run(
		["bash", SCRIPT, action, SITE, str(PORT)],
		capture_output=True,
		text=True,
		timeout=900,
		env={**os.environ, "BENCH_DIR": BENCH_DIR},
	)
	assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]


@pytest.fixture(scope="module")
def replica():
	"""The replica, started (idempotently) for this module and stopped after it; a root connection to it."""
	replica_script("start")
	socket = os.path.join(
		os.environ.get("REPLICA_DIR", os.path.join(BENCH_DIR, "replicas")), SITE, "mysqld.sock"
	)
	connection = pymysql.connect(unix_socket=socket, user="root", autocommit=True)
	try:
		yield connection
	finally:
		connection.close()
		replica_script("stop")


def on_replica(connection, sql: str):
	with connection.cursor() as cursor:
		cursor.execute(sql)
		return cursor.fetchall()


@contextmanager
def reading_from_replica():
	"""The site reads from the replica (Frappe's own site config keys) for the duration."""
	for key, value in (("replica_host", "127.0.0.1"), ("replica_db_port", PORT), ("read_from_replica", 1)):
		update_site_config(key, value)
	try:
		yield
	finally:
		for key in ("read_from_replica", "replica_db_port", "replica_host"):
			update_site_config(key, "None")
			# update_site_config leaves the string "None" (truthy) in this process's conf: later
			# in-process frappe.read_only() calls would try a replica on port "None"
			frappe.local.conf.pop(key, None)


def streamed_lines(api, voucher: str) -> int:
	"""Lines of the GL export stream for one voucher."""
	response = api.get(STREAM, {"underlying_transaction_id": voucher})
	assert response.status == 200, response.body
	return len(response.body.splitlines())


def caught_up(connection) -> None:
	"""Wait until the replica has applied everything its IO thread received from the primary."""
	import time

	for _ in range(240):
		with connection.cursor(pymysql.cursors.DictCursor) as cursor:
			cursor.execute("show slave status")
			status = cursor.fetchone()
		assert status["Slave_SQL_Running"] == "Yes", status["Last_SQL_Error"]
		applied = (status["Relay_Master_Log_File"], status["Exec_Master_Log_Pos"])
		if applied == (status["Master_Log_File"], status["Read_Master_Log_Pos"]):
			return
		time.sleep(0.25)
	raise AssertionError(f"the replica did not catch up: {status}")


def test_reads_hit_the_replica_and_writes_the_primary(api, replica):
	ensure_parties()
	books = accounts(first_company())
	body = sale(books["income"], "Replica check", 42)
	with reading_from_replica():
		on_replica(replica, "stop slave sql_thread")  # the replica lags on purpose
		try:
			selects = int(on_replica(replica, "show global status like 'Com_select'")[0][1])
			created = api.post(f"{BASE}.create_invoice", body)
			# The replica's site user may only SELECT: the write succeeded, so it went to the primary.
			assert created.status == 201, created.body
			invoice_id = created.json["result"]["id"]
			assert frappe.db.get_value("Sales Invoice", invoice_id, "docstatus") == 1
			# Reads are answered by the replica, which has not applied the write yet.
			assert api.get(f"{BASE}.get_invoice", {"id": invoice_id}).status == 404
			listed = api.get(f"{BASE}.list_invoices", {"number": invoice_id}).json["result"]
			assert listed == []
			# The GL export stream reads its rows after the endpoint has returned, chunk by chunk:
			# those reads are on the replica too (on the primary they would show the new lines).
			assert streamed_lines(api, invoice_id) == 0
			assert int(on_replica(replica, "show global status like 'Com_select'")[0][1]) > selects
		finally:
			on_replica(replica, "start slave sql_thread")
		caught_up(replica)
		read = api.get(f"{BASE}.get_invoice", {"id": invoice_id})
		assert read.status == 200 and read.json["result"] == created.json["result"]
		assert streamed_lines(api, invoice_id) == frappe.db.count("GL Entry", {"voucher_no": invoice_id})
	assert api.get(f"{BASE}.get_invoice", {"id": invoice_id}).status == 200  # the primary, again


def test_every_block_of_a_request_or_job_reads_the_replica(replica):
	"""A stream's chunks and a background export's pages are read in blocks after the first read of
	their request or job. frappe.read_only() switches only its first block to the replica (it keeps the
	closed connection's attributes and stays on the primary afterwards); replica_reads switches each."""
	from unified_accounting.services.core.replica import forget_replica, replica_reads

	def port() -> int:
		return int(frappe.db.sql("select @@port")[0][0])

	primary = port()
	with reading_from_replica():
		try:
			blocks = []
			for _ in range(3):
				with replica_reads():
					blocks.append(port())
			assert blocks == [PORT] * 3 and port() == primary
			frappe_blocks = [frappe.read_only()(port)() for _ in range(2)]
			assert frappe_blocks == [PORT, primary]  # the quirk replica_reads works around
		finally:
			forget_replica()
