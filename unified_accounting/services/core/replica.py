"""Reads on the MariaDB replica for a block of work that outlives one call: a streamed response's chunks
(read after the endpoint returned) and a background export's pages.

frappe.read_only() switches to the replica for one call. Once it has switched back, Frappe keeps the
closed replica connection's attributes and a later read_only() in the same request or job stays on the
primary; this drops them first, so every block gets its own replica connection."""

from collections.abc import Iterator
from contextlib import contextmanager

import frappe


@contextmanager
def replica_reads() -> Iterator[None]:
	"""Run the block's queries on the replica when the site reads from one (`read_from_replica`)."""
	local = frappe.local
	if not frappe.conf.read_from_replica or on_replica():
		yield
		return
	forget_replica()
	switched = frappe.connect_replica()
	try:
		yield
	finally:
		if switched:
			local.db.close()
			local.db = local.primary_db
			forget_replica()  # leave frappe.local as a request without a replica has it


def forget_replica() -> None:
	for stale in ("replica_db", "primary_db"):
		if hasattr(frappe.local, stale):
			delattr(frappe.local, stale)


def on_replica() -> bool:
	local = frappe.local
	replica = getattr(local, "replica_db", None)
	return replica is not None and getattr(local, "db", None) is replica and replica._conn is not None
