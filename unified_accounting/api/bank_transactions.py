"""Bank Transactions endpoints: statement lines pushed by a bank feed (kept once per transaction_id), read
with their reconciliation status, and matched to payments and journal entries with ERPNext's own
reconciliation."""

import datetime

import frappe

from unified_accounting.api import lifecycle
from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import (
	AutoReconcile,
	BankTransactionReconcile,
	BankTransactionsCreate,
	DocumentAction,
	VoucherFromLine,
)
from unified_accounting.mappers.banking import TRANSACTION_DOCTYPE, BankTransactionFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import BANK_TRANSACTIONS
from unified_accounting.schemas import (
	AutoReconcileJob,
	AutoReconcileResult,
	BankTransaction,
	BankTransactionBatchItem,
	Deleted,
	MatchCandidate,
)
from unified_accounting.services.banking import bank_transactions as service
from unified_accounting.services.banking import reconcile_jobs, statement_push
from unified_accounting.services.core.reading import get_record, get_records, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("bank_transactions")
def list_bank_transactions(
	filters: BankTransactionFilters, paging: Paging, include_remote_data: bool = False
) -> Page[BankTransaction]:
	"""Return one page of Bank Transactions (statement lines) with their matches and status."""
	found, page = list_records(BANK_TRANSACTIONS, filters, paging, include_remote_data)
	page.items = render(BANK_TRANSACTIONS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("bank_transactions")
def get_bank_transaction(id: str, include_remote_data: bool = False) -> BankTransaction:
	"""Return one Bank Transaction."""
	return record(id, include_remote_data)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def create_bank_transactions(body: BankTransactionsCreate) -> list[BankTransactionBatchItem]:
	"""Push up to 1,000 statement lines of one bank account, each submitted: one `{index, status, result |
	error}` per line, in order. A line re-sent with the same `transaction_id` answers the stored one (200);
	the same id with another date, amount or currency is a 409 naming the stored line."""
	outcomes = statement_push.create_bank_transactions(body)
	records = records_of(sorted({o.name for o in outcomes if o.name}))
	return [
		{"index": o.index, "status": o.status, "result": records.get(o.name), "error": o.error}
		for o in outcomes
	]


@frappe.whitelist(methods=["GET"])
@unified_api("bank_transactions")
def suggest_matches(
	id: str,
	from_date: datetime.date | None = None,  # vouchers posted from (default: 90 days before the line)
	to_date: datetime.date | None = None,  # vouchers posted until (default: 30 days after the line)
) -> list[MatchCandidate]:
	"""Return ERPNext's ranked candidates for a statement line (payments, journal entries, other lines),
	best first, each with why it matches: reference, amount, contact."""
	return service.suggest_matches(id, from_date, to_date)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def reconcile_bank_transaction(body: BankTransactionReconcile) -> BankTransaction:
	"""Match a statement line to vouchers: ERPNext allocates each one's uncleared amount up to what is
	left of the line and clears them on the line's date; return the line (a dry run keeps nothing)."""
	return lifecycle.result(record, service.reconcile(body))


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def create_voucher_from_bank_transaction(body: VoucherFromLine) -> BankTransaction:
	"""Create the payment (with a contact, optionally allocated to invoices) or journal entry (against
	`account_id`, e.g. bank fees) a statement line stands for, posted and matched to the line in one
	transaction with ERPNext's own bank reconciliation functions; return the line."""
	return lifecycle.result(record, service.create_voucher(body))


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def auto_reconcile(body: AutoReconcile) -> AutoReconcileResult:
	"""Match a bank account's unreconciled lines (up to 1,000 a call) to payments and journal entries with
	the same reference, as ERPNext's Bank Reconciliation Tool auto-matches; return which lines ended
	reconciled or partly (a dry run reports it and keeps nothing)."""
	return service.auto_reconcile(body.bank_account_id, body.from_date, body.to_date)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True, status=202)
def start_auto_reconcile(body: AutoReconcile) -> AutoReconcileJob:
	"""Start auto_reconcile over any range as a background job (chunks of 1,000 lines, each committed);
	return the job, to poll with get_auto_reconcile (progress is also pushed over Frappe's realtime)."""
	return reconcile_jobs.start(body.bank_account_id, body.from_date, body.to_date, body.dry_run)


@frappe.whitelist(methods=["GET"])
@unified_api("bank_transactions")
def get_auto_reconcile(id: str) -> AutoReconcileJob:
	"""Return a background auto_reconcile job you started: status, progress, the lines it reconciled."""
	return reconcile_jobs.get(id)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def unreconcile_bank_transaction(body: DocumentAction) -> BankTransaction:
	"""Release every match of a statement line (the vouchers are uncleared again); return the line."""
	return lifecycle.result(record, service.unreconcile(body.id))


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def cancel_bank_transaction(body: DocumentAction) -> BankTransaction:
	"""Cancel a posted statement line (its matches are released); return it."""
	return lifecycle.cancel(BANK_TRANSACTIONS, record, body)


@frappe.whitelist(methods=["POST"])
@unified_api("bank_transactions", write=True)
def delete_bank_transaction(body: DocumentAction) -> Deleted:
	"""Delete a cancelled (or draft) statement line; return `{"id", "deleted": true}`."""
	return lifecycle.delete(BANK_TRANSACTIONS, body)


def record(name: str, include_remote_data: bool = False) -> BankTransaction:
	found = get_record(BANK_TRANSACTIONS, name, include_remote_data)
	return render(BANK_TRANSACTIONS, found)[0]


def records_of(names: list[str]) -> dict[str, BankTransaction]:
	"""Many lines rendered at once, as get_bank_transaction renders each."""
	if not names:
		return {}
	found = get_records(BANK_TRANSACTIONS, {TRANSACTION_DOCTYPE: names})
	rendered = render(BANK_TRANSACTIONS, found)
	return {row.name: rec for (_doctype, row), rec in zip(found.rows, rendered, strict=True)}
