"""Statement lines (ERPNext Bank Transactions, pushed by statement_push.py) matched to vouchers with
ERPNext's own reconciliation (Bank Transaction.add_payment_entries / allocate_payment_entries, as the Bank
Reconciliation Tool does), never by writing clearance dates ourselves."""

import frappe
from frappe.utils import add_days, flt, getdate

from unified_accounting.exceptions import ConflictError, InvalidRequestError
from unified_accounting.inputs import BankTransactionReconcile
from unified_accounting.mappers.banking import (
	MATCHABLE,
	SEARCHED,
	TRANSACTION_DOCTYPE,
	to_unified_candidate,
)
from unified_accounting.resources import BANK_ACCOUNTS
from unified_accounting.services.core.documents import Written, load
from unified_accounting.services.core.records import ensure_readable
from unified_accounting.services.core.writes import missing_reference, raise_if

CLEARED_ON_VOUCHER = ("Payment Entry", "Journal Entry")


def suggest_matches(name: str, from_date=None, to_date=None, types: list[str] | None = None) -> list[dict]:
	"""ERPNext's ranked candidates (get_linked_payments) that the caller may read, best first."""
	from erpnext.accounts.doctype.bank_reconciliation_tool.bank_reconciliation_tool import get_linked_payments

	line = posted_line(name)
	day = getdate(line.date)
	searched = [SEARCHED[t] for t in (types or list(SEARCHED))]
	candidates = get_linked_payments(
		name, searched, from_date or add_days(day, -90), to_date or add_days(day, 30)
	)
	visible = readable_vouchers((c["doctype"], c["name"]) for c in candidates)
	return [
		to_unified_candidate(c, line.as_dict()) for c in candidates if (c["doctype"], c["name"]) in visible
	]


def posted_line(name: str):
	ensure_readable(TRANSACTION_DOCTYPE, name)
	line = frappe.get_doc(TRANSACTION_DOCTYPE, name)
	if line.docstatus != 1:
		raise ConflictError(f"Bank Transaction {name} is not posted; only posted lines are matched.")
	return line


def readable_vouchers(pairs) -> set[tuple[str, str]]:
	"""Which (doctype, name) pairs the caller may read: one permission-filtered list per doctype."""
	by_doctype: dict[str, set[str]] = {}
	for doctype, name in pairs:
		by_doctype.setdefault(doctype, set()).add(name)
	visible = set()
	for doctype, names in by_doctype.items():
		if doctype and frappe.has_permission(doctype, "read"):
			found = frappe.get_list(
				doctype, filters={"name": ("in", sorted(names))}, pluck="name", limit_page_length=0
			)
			visible |= {(doctype, found_name) for found_name in found}
	return visible


def reconcile(body: BankTransactionReconcile) -> Written:
	"""Match the line to each voucher, which must be one ERPNext itself offers for it (the same bank
	ledger account, posted, not cleared) and that the caller may read."""
	line = posted_line(body.id)
	if flt(line.unallocated_amount) <= 0:
		raise ConflictError(f"Bank Transaction {body.id} is already fully reconciled.")
	ensure_write(line)
	offered = {(c["doctype"], c["name"]) for c in all_candidates(line)}
	keys = [(MATCHABLE[match.related_object_type], match.related_object_id) for match in body.matches]
	usable = offered & readable_vouchers(keys)
	problems = []
	for i, key in enumerate(keys):
		if key not in usable:
			message = "not a posted, uncleared voucher of this bank account that you may read"
			problems.append({"field": f"matches[{i}].related_object_id", "message": message})
	if problems:
		raise InvalidRequestError("Invalid request body: matches.", problems)
	vouchers = [
		{"payment_doctype": MATCHABLE[m.related_object_type], "payment_name": m.related_object_id}
		for m in body.matches
	]
	line.add_payment_entries(vouchers)
	line.validate_duplicate_references()
	line.allocate_payment_entries()
	line.update_allocated_amount()
	line.set_status()
	line.save()
	return Written(TRANSACTION_DOCTYPE, line.name)


def all_candidates(line) -> list[dict]:
	"""Every voucher ERPNext would match (any date), amounts net of other lines' allocations."""
	from erpnext.accounts.doctype.bank_reconciliation_tool.bank_reconciliation_tool import get_linked_payments

	return get_linked_payments(line.name, list(SEARCHED.values()), "1900-01-01", "2999-12-31")


def ensure_write(line) -> None:
	if not frappe.has_permission(TRANSACTION_DOCTYPE, "write", doc=line):
		raise frappe.PermissionError(f"You may not reconcile Bank Transaction {line.name}.")


def unreconcile(name: str) -> Written:
	"""ERPNext's remove_payment_entries: every match released, the vouchers' clearance dates cleared."""
	line = posted_line(name)
	ensure_write(line)
	if not line.payment_entries:
		raise ConflictError(f"Bank Transaction {name} is not matched to anything.")
	line.remove_payment_entries()
	return Written(TRANSACTION_DOCTYPE, line.name)


def with_clearance(found):
	"""Each match's clearance date as ERPNext keeps it: on the voucher (Bank Transaction Payments has
	a column for it that ERPNext leaves empty). One query per voucher doctype the caller may read."""
	matches = [m for children in found.children.values() for m in children.get("matches", [])]
	by_doctype: dict[str, set[str]] = {}
	for match in matches:
		by_doctype.setdefault(match.payment_document, set()).add(match.payment_entry)
	cleared = {}
	for doctype, names in by_doctype.items():
		if doctype in CLEARED_ON_VOUCHER and frappe.has_permission(doctype, "read"):
			rows = frappe.get_list(
				doctype,
				filters={"name": ("in", sorted(names))},
				fields=["name", "clearance_date"],
				limit_page_length=0,
			)
			cleared |= {(doctype, row.name): row.clearance_date for row in rows}
	for match in matches:
		match.clearance_date = cleared.get((match.payment_document, match.payment_entry))
	return found


def create_voucher(body) -> Written:
	"""ERPNext makes the payment (or journal entry) for what is left of the line, posts it and matches it;
	a payment's `applied_to` invoices are then allocated from it, all in this transaction."""
	from erpnext.accounts.doctype.bank_reconciliation_tool import bank_reconciliation_tool as tool

	line = posted_line(body.id)
	if flt(line.unallocated_amount) <= 0:
		raise ConflictError(f"Bank Transaction {body.id} is already fully reconciled.")
	ensure_write(line)
	raise_if(voucher_problems(body, line))
	party_type, party = (body.contact.type.title(), body.contact.id) if body.contact else (None, None)
	common = {
		"bank_transaction_name": line.name,
		"reference_number": body.reference or line.reference_number or line.transaction_id or line.name,
		"reference_date": line.date,
		"posting_date": line.date,
		"mode_of_payment": body.payment_method,
		"party_type": party_type,
		"party": party,
	}
	if body.kind == "payment":
		matched = tool.create_payment_entry_bts(**common)
	else:
		matched = tool.create_journal_entry_bts(
			**common, entry_type="Bank Entry", second_account=body.account_id
		)
	voucher = matched.payment_entries[-1]
	if body.applied_to:
		from unified_accounting.services.money.allocations import allocate

		allocate(frappe.get_doc(voucher.payment_document, voucher.payment_entry), body.applied_to)
	return Written(TRANSACTION_DOCTYPE, line.name)


def voucher_problems(body, line) -> list[dict]:
	company = line.company or frappe.db.get_value("Bank Account", line.bank_account, "company")
	problems = [missing_reference("Mode of Payment", body.payment_method, "payment_method")]
	contact = body.contact
	if contact:
		problems.append(missing_reference(contact.type.title(), contact.id, "contact.id"))
	if body.kind == "payment":
		if not contact or contact.type not in ("customer", "supplier"):
			problems.append(
				{"field": "contact", "message": "required: the customer or supplier who paid or was paid"}
			)
	else:
		if not body.account_id:
			problems.append({"field": "account_id", "message": "required: the journal entry's other account"})
		problems.append(
			missing_reference("Account", body.account_id, "account_id", company=company, is_group=0)
		)
		if body.applied_to:
			problems.append({"field": "applied_to", "message": "only for payments"})
	return problems


MAX_AUTO_RECONCILE = 1000  # lines per call: ERPNext matches ~50 lines/s, so this stays within a request


def auto_reconcile(bank_account: str, from_date=None, to_date=None) -> dict:
	"""ERPNext's start_auto_reconcile (match by reference to payments and journal entries) on the
	account's unreconciled lines in the range; which lines ended reconciled or in part."""
	account, lines = reconcilable(bank_account, from_date, to_date)
	if len(lines) > MAX_AUTO_RECONCILE:
		message = f"{len(lines)} unreconciled lines in the range: at most {MAX_AUTO_RECONCILE} a call"
		raise InvalidRequestError(
			message + "; narrow from_date / to_date, or start_auto_reconcile in the background.",
			[{"field": "to_date", "message": message}],
		)
	return {"bank_account_id": account.name, **reconcile_lines(lines, from_date, to_date)}


def reconcilable(bank_account: str, from_date=None, to_date=None) -> tuple:
	"""(the Bank Account, its unreconciled lines in the range): the caller must be able to reconcile."""
	from erpnext.accounts.doctype.bank_reconciliation_tool.bank_reconciliation_tool import (
		get_bank_transactions,
	)

	account = load(BANK_ACCOUNTS, bank_account)
	if not frappe.has_permission(TRANSACTION_DOCTYPE, "write"):  # the account's lines: readable with it
		raise frappe.PermissionError("You may not reconcile Bank Transactions.")
	return account, get_bank_transactions(account.name, from_date, to_date)


def reconcile_lines(lines: list, from_date=None, to_date=None) -> dict:
	from erpnext.accounts.doctype.bank_reconciliation_tool.bank_reconciliation_tool import (
		start_auto_reconcile,
	)

	before = {line.name: flt(line.unallocated_amount) for line in lines}
	start_auto_reconcile(lines, from_date or "1900-01-01", to_date or getdate(), None, None, None)
	frappe.local.message_log = []  # its summary is the answer, not a Desk toast
	after = after_amounts(list(before))
	return {
		"examined": len(lines),
		"reconciled": sorted(name for name, left in after.items() if left <= 0),
		"partially_reconciled": sorted(n for n, left in after.items() if 0 < left < before[n]),
	}


def after_amounts(names: list[str]) -> dict[str, float]:
	if not names:
		return {}
	rows = frappe.get_list(
		TRANSACTION_DOCTYPE,
		filters={"name": ("in", names)},
		fields=["name", "unallocated_amount"],
		limit_page_length=0,
	)
	return {row.name: flt(row.unallocated_amount) for row in rows}
