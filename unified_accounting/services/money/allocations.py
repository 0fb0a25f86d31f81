"""Money applied after the fact, with ERPNext's own tools: a posted payment's or credit note's unallocated
amount applied to open invoices through the Payment Reconciliation tool (which splits the payment's
references, posts credit-note journals and exchange gain/loss, and updates outstanding amounts), and
released again through Unreconcile Payment. No ledger row is written here."""

from dataclasses import dataclass, field

import frappe
from frappe import qb
from frappe.utils import flt

from unified_accounting.exceptions import ConflictError, PermissionDeniedError
from unified_accounting.mappers.allocations import to_unified_allocation
from unified_accounting.schemas import Allocation
from unified_accounting.services.core.writes import raise_if

# The tool's own permission is what ERPNext asks of a user who reconciles in Desk.
TOOL = "Payment Reconciliation"
INVOICE_DOCTYPE = {"Customer": "Sales Invoice", "Supplier": "Purchase Invoice"}
CREDIT_NOTE_JOURNALS = ("Credit Note", "Debit Note")


@dataclass
class Allocated:
	"""What one call changed: the source document, and per invoice (doctype, name, amount, gain/loss)."""

	doctype: str
	name: str
	lines: list[tuple[str, str, float, float]]
	journals: list[str] = field(default_factory=list)


def allocate(doc, applications: list) -> Allocated:
	"""Apply `doc` (a submitted Payment Entry or credit note) to invoices: [(invoice id, amount)]."""
	ensure_may_reconcile()
	party_type, party, account = party_of(doc)
	ensure_open_period(doc)
	tool = reconciliation_tool(doc, party_type, party, account)
	payment = source_row(tool, doc)
	names = [a.related_object_id for a in applications]
	outstanding = outstanding_invoices(doc.company, party_type, party, account, names)
	raise_if(application_problems(applications, outstanding, payment, doc, f"{party} on {account}"))
	before = linked_journals(doc.name)
	tool.add_invoice_entries(list(outstanding.values()))
	wanted = [
		frappe._dict(invoice_row(outstanding[a.related_object_id], a.applied_amount)) for a in applications
	]
	tool.allocate_entries(frappe._dict(payments=[frappe._dict(payment)], invoices=wanted))
	tool.validate_allocation()
	tool.reconcile_allocations()
	lines = [
		(row.invoice_type, row.invoice_number, row.allocated_amount, row.difference_amount)
		for row in tool.allocation
	]
	return Allocated(doc.doctype, doc.name, lines, sorted(linked_journals(doc.name) - before))


def ensure_may_reconcile() -> None:
	if not frappe.has_permission(TOOL, "write"):
		raise PermissionDeniedError(f"Applying payments needs write permission on {TOOL} (Accounts User).")


def ensure_open_period(doc) -> None:
	"""Applying money rewrites the payment's ledger rows as of its date; ERPNext checks a closed Accounting
	Period when documents are saved, but not when they are reconciled, so it is asked here (its own
	check, ClosedAccountingPeriod: a 422)."""
	from erpnext.accounts.doctype.accounting_period.accounting_period import (
		validate_accounting_period_on_doc_save,
	)

	validate_accounting_period_on_doc_save(doc)


def ensure_posted(doc) -> None:
	if doc.docstatus != 1:
		state = "a draft" if doc.docstatus == 0 else "cancelled"
		raise ConflictError(f"{doc.doctype} {doc.name} is {state}; only posted documents can be applied.")


def party_of(doc) -> tuple[str, str, str]:
	"""(party type, party, the receivable/payable account the money sits on)."""
	ensure_posted(doc)
	if doc.doctype == "Payment Entry":
		account = doc.paid_from if doc.payment_type == "Receive" else doc.paid_to
		return doc.party_type, doc.party, account
	if not doc.is_return:
		raise ConflictError(
			f"{doc.doctype} {doc.name} is an invoice, not a credit note: apply payments to it."
		)
	if doc.doctype == "Sales Invoice":
		return "Customer", doc.customer, doc.debit_to
	return "Supplier", doc.supplier, doc.credit_to


def reconciliation_tool(doc, party_type: str, party: str, account: str):
	tool = frappe.get_doc(TOOL)
	tool.update(
		{
			"company": doc.company,
			"party_type": party_type,
			"party": party,
			"receivable_payable_account": account,
			"payment_name": doc.name,
		}
	)
	if frappe.db.get_single_value("Accounts Settings", "auto_reconcile_payments"):
		ensure_no_background_reconciliation(tool)
	return tool


def ensure_no_background_reconciliation(tool) -> None:
	from erpnext.accounts.doctype.process_payment_reconciliation.process_payment_reconciliation import (
		is_any_doc_running,
	)

	keys = ("company", "party_type", "party", "receivable_payable_account")
	if running := is_any_doc_running({key: tool.get(key) for key in keys}):
		raise ConflictError(
			f"ERPNext's background reconciliation {running} is running for this contact; retry."
		)


def source_row(tool, doc) -> dict:
	"""The tool's row for the document: its unallocated amount as ERPNext sees it (409 when none is left).
	`payment_name` is matched with LIKE, so other documents are dropped here."""
	tool.get_nonreconciled_payment_entries()
	rows = [
		row.as_dict() for row in tool.payments if row.reference_name == doc.name and not row.reference_row
	]
	if not rows or flt(rows[0].amount) <= 0:
		raise ConflictError(f"{doc.doctype} {doc.name} has nothing left to apply.")
	tool.set("payments", [])
	tool.add_payment_entries([frappe._dict(rows[0])])
	return rows[0]


def outstanding_invoices(company: str, party_type: str, party: str, account: str, names: list[str]) -> dict:
	"""ERPNext's outstanding rows (Payment Ledger) for these invoices that the caller may read."""
	from erpnext.accounts.utils import get_outstanding_invoices

	doctype = INVOICE_DOCTYPE[party_type]
	readable = set(
		frappe.get_list(doctype, filters={"name": ("in", names)}, pluck="name", limit_page_length=0)
	)
	ple = qb.DocType("Payment Ledger Entry")
	vouchers = [frappe._dict(voucher_type=doctype, voucher_no=name) for name in sorted(readable)]
	if not vouchers:
		return {}
	rows = get_outstanding_invoices(
		party_type, party, [account], common_filter=[ple.company == company], vouchers=vouchers
	)
	return {row.voucher_no: row for row in rows if row.voucher_type == doctype}


def application_problems(applications, outstanding: dict, payment: dict, doc, owner: str) -> list[dict]:
	"""`owner`: whose open invoices, on which account ("<party> on <account>"), for the messages."""
	problems, seen = [], set()
	for i, application in enumerate(applications):
		name, path = application.related_object_id, f"applied_to[{i}]"
		row = outstanding.get(name)
		if name in seen:
			problems.append({"field": f"{path}.related_object_id", "message": "given twice"})
		elif row is None:  # missing, cancelled, paid, another contact's, company's or account's, or hidden
			message = f"no open invoice of {owner} in {doc.company}"
			problems.append({"field": f"{path}.related_object_id", "message": message})
		elif application.applied_amount > flt(row.outstanding_amount) + 0.005:
			message = f"exceeds the invoice's outstanding amount {flt(row.outstanding_amount):.2f}"
			problems.append({"field": f"{path}.applied_amount", "message": message})
		seen.add(name)
	if sum(a.applied_amount for a in applications) > flt(payment["amount"]) + 0.005:
		message = f"applied amounts exceed what is left of {doc.name}: {flt(payment['amount']):.2f}"
		problems.append({"field": "applied_to", "message": message})
	return problems


def invoice_row(row: dict, amount: float) -> dict:
	"""The tool's invoice row, offering only `amount`: its allocation then applies exactly that."""
	return {
		"invoice_type": row.voucher_type,
		"invoice_number": row.voucher_no,
		"invoice_date": row.posting_date,
		"amount": row.invoice_amount,
		"currency": row.currency,
		"outstanding_amount": amount,
	}


def linked_journals(name: str) -> set[str]:
	"""Posted system journals that reference the document (credit-note applications, gain/loss)."""
	jea = qb.DocType("Journal Entry Account")
	je = qb.DocType("Journal Entry")
	rows = (
		qb.from_(jea)
		.inner_join(je)
		.on(je.name == jea.parent)
		.select(je.name)
		.distinct()
		.where((jea.reference_name == name) & (je.docstatus == 1) & (je.is_system_generated == 1))
		.run(pluck=True)
	)
	return set(rows)


def unallocate_payment(doc, invoice_ids: list[str]) -> Allocated:
	"""ERPNext's Unreconcile Payment for the chosen invoices (all when none is named)."""
	ensure_posted(doc)
	unreconcile = frappe.new_doc("Unreconcile Payment")
	unreconcile.update({"company": doc.company, "voucher_type": doc.doctype, "voucher_no": doc.name})
	unreconcile.add_references()
	linked = {row.reference_name: row for row in unreconcile.allocations}
	raise_if(release_problems(invoice_ids, linked, doc))
	unreconcile.set(
		"allocations", [row for name, row in linked.items() if not invoice_ids or name in invoice_ids]
	)
	before = linked_journals(doc.name)
	unreconcile.insert()
	unreconcile.submit()
	lines = [
		(r.reference_doctype, r.reference_name, -flt(r.allocated_amount), 0) for r in unreconcile.allocations
	]
	return Allocated(doc.doctype, doc.name, lines, sorted(before - linked_journals(doc.name)))


def release_problems(invoice_ids: list[str], linked: dict, doc) -> list[dict]:
	if not linked:
		raise ConflictError(f"{doc.doctype} {doc.name} is not applied to anything.")
	return [
		{"field": f"invoice_ids[{i}]", "message": f"{doc.name} is not applied to it"}
		for i, name in enumerate(invoice_ids)
		if name not in linked
	]


def unapply_credit_note(doc, invoice_ids: list[str]) -> Allocated:
	"""Cancel the credit-note journals ERPNext posted between this credit note and the chosen invoices."""
	party_of(doc)
	journals = credit_note_journals(doc.name)
	linked = {
		invoice: rows for invoice, rows in journals.items() if not invoice_ids or invoice in invoice_ids
	}
	if not journals:
		raise ConflictError(f"{doc.doctype} {doc.name} is not applied to anything.")
	raise_if(release_problems(invoice_ids, journals, doc))
	lines, cancelled = [], []
	for invoice, rows in linked.items():
		for journal, amount in rows:
			frappe.get_doc("Journal Entry", journal).cancel()
			cancelled.append(journal)
			lines.append((doc.doctype, invoice, -amount, 0))
	return Allocated(doc.doctype, doc.name, lines, cancelled)


def credit_note_journals(name: str) -> dict[str, list[tuple[str, float]]]:
	"""{invoice: [(journal, amount)]} for the posted Credit/Debit Note journals applying `name`."""
	jea = qb.DocType("Journal Entry Account")
	je = qb.DocType("Journal Entry")
	journals = {j for j in linked_journals(name)}
	if not journals:
		return {}
	rows = (
		qb.from_(jea)
		.inner_join(je)
		.on(je.name == jea.parent)
		.select(je.name, jea.reference_name, (jea.debit_in_account_currency + jea.credit_in_account_currency))
		.where(je.name.isin(list(journals)) & je.voucher_type.isin(CREDIT_NOTE_JOURNALS))
		.where(jea.reference_name != name)
		.run()
	)
	found: dict[str, list[tuple[str, float]]] = {}
	for journal, invoice, amount in rows:
		found.setdefault(invoice, []).append((journal, flt(amount)))
	return found


def outcome(allocated: Allocated) -> tuple[float, list[dict]]:
	"""The source's unallocated amount and each invoice's balance and status, as they now stand."""
	field_name = "unallocated_amount" if allocated.doctype == "Payment Entry" else "outstanding_amount"
	unallocated = frappe.db.get_value(allocated.doctype, allocated.name, field_name)
	lines = []
	for doctype, name, amount, gain_loss in allocated.lines:
		outstanding, status = frappe.db.get_value(doctype, name, ["outstanding_amount", "status"])
		row = {"doctype": doctype, "name": name, "applied_amount": amount, "exchange_gain_loss": gain_loss}
		lines.append({**row, "outstanding_amount": outstanding, "status": status})
	return unallocated, lines


def result(allocated: Allocated) -> Allocation:
	unallocated, lines = outcome(allocated)
	return to_unified_allocation(allocated.doctype, allocated.name, unallocated, lines, allocated.journals)
