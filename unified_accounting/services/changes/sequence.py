"""The change feed's order: a position (`seq`) given to change rows only once their transaction has committed,
by one sequencer at a time, so readers paging by it can never pass an event that commits later."""

import frappe
from frappe.utils import now_datetime

DOCTYPE = "Unified Accounting Change"
# Deliveries' queue: short, latency-sensitive jobs, for which every bench runs a worker.
QUEUE = "short"
CHUNK = 1000
# A row waiting for its position: the column has no default (NULL); 0 as well, should a Frappe version
# give Long Int columns Int's `not null default 0`.
UNNUMBERED = "(seq is null or seq = 0)"
LOCK_WAIT_SECONDS = 60
# Set by a committed writer when it asks for a pass; a pass clears it before it reads. The expiry only
# bounds how long a lost job (a flushed queue) can suppress new ones: the minutely sweep covers that gap.
REQUESTED_TTL_SECONDS = 30


def requested_key() -> str:
	return frappe.cache.make_key("unified_accounting:change_sequence_requested")


def request_sequencing() -> None:
	"""After a commit that wrote change rows: make sure a pass starts after this commit. Either a pass is
	already requested and has not yet started reading (it will see this commit), or this call requests
	one, so writers in a burst share a pass instead of queueing one job each."""
	try:
		if frappe.cache.set(requested_key(), 1, ex=REQUESTED_TTL_SECONDS, get=True) is None:
			frappe.enqueue(f"{__name__}.sequence_changes", queue=QUEUE)
	except Exception:
		# Redis is down: the rows are committed and safe; the minutely sweep sequences them.
		frappe.log_error("Unified Accounting: could not request change sequencing")


def sequence_changes() -> int:
	"""The sequencer (an RQ job, and the scheduler's minutely sweep): under a database lock, number every
	committed change row that has no position yet, in id order, after the highest position given so far.
	Returns how many rows it numbered."""
	frappe.cache.delete(requested_key())
	frappe.db.commit()  # end any open snapshot: the pass must read after the lock is held
	if not acquire_lock():
		request_sequencing_later()
		return 0
	try:
		numbered = number_pending()
		frappe.db.commit()  # before the lock is released: the next holder reads these positions
		return numbered
	finally:
		release_lock()


def number_pending() -> int:
	"""One consistent read sees only committed rows; rows of a still-open transaction are invisible to it
	and get their position in a later pass, after everything numbered now."""
	last = max_position()
	numbered = 0
	while names := frappe.db.sql_list(
		f"select name from `tab{DOCTYPE}` where {UNNUMBERED} order by name limit {CHUNK}"
	):
		cases = " ".join(f"when {int(name)} then {last + i}" for i, name in enumerate(names, start=1))
		frappe.db.sql(
			f"update `tab{DOCTYPE}` set seq = case name {cases} end, sequenced_at = %s "
			f"where name in ({', '.join(str(int(name)) for name in names)})",
			now_datetime(),
		)
		last += len(names)
		numbered += len(names)
	return numbered


def max_position() -> int:
	"""The highest position given: from the log, or, once the purge has emptied it, the purged one."""
	from unified_accounting.services.changes.feed import purged_through

	last = frappe.db.sql(f"select max(seq) from `tab{DOCTYPE}`")[0][0] or 0
	return max(int(last), purged_through()[0])


def pending() -> bool:
	"""Whether a committed change row (as this snapshot sees it) is still waiting for its position."""
	return bool(frappe.db.sql(f"select 1 from `tab{DOCTYPE}` where {UNNUMBERED} limit 1"))


def lock_name() -> str:
	# GET_LOCK is server-wide: one name per site database.
	return f"unified_accounting_change_sequence:{frappe.conf.db_name}"


def acquire_lock() -> bool:
	return frappe.db.sql("select get_lock(%s, %s)", (lock_name(), LOCK_WAIT_SECONDS))[0][0] == 1


def release_lock() -> None:
	frappe.db.sql("select release_lock(%s)", lock_name())


def request_sequencing_later() -> None:
	"""The lock stayed taken (a pass running for over a minute): ask for one more after it."""
	frappe.cache.delete(requested_key())
	request_sequencing()
