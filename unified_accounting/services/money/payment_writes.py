"""Creating Payment Entries with ERPNext's own payment logic: get_payment_entry decides party accounts,
outstanding amounts, exchange gains and the invoices' new status."""

import frappe
from frappe.utils import flt, getdate, today

from unified_accounting.exceptions import UnprocessableError
from unified_accounting.inputs import PaymentCreate, PaymentUpdate
from unified_accounting.mappers.invoices import DOCTYPE_BY_TYPE, PARTY
from unified_accounting.mappers.payments import (
	DOCTYPE,
	ERPNEXT_PAYMENT_TYPE,
	to_erpnext_deduction,
	to_erpnext_payment,
	to_erpnext_reference,
	to_erpnext_sides,
)
from unified_accounting.object_types import object_type
from unified_accounting.resources import PAYMENTS
from unified_accounting.services.core.documents import Written, apply_update, load
from unified_accounting.services.core.references import resolve_account, resolve_company, tracking_fields
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

ORDER_DOCTYPE = {"Sales Invoice": "Sales Order", "Purchase Invoice": "Purchase Order"}
ORDER_TYPE = {invoice: object_type(order) for invoice, order in ORDER_DOCTYPE.items()}


def create_payment(body: PaymentCreate) -> Written:
	company = resolve_company(body.company)
	invoice_doctype = DOCTYPE_BY_TYPE[contact_ledger(body)]
	party_field, _name_field, party_doctype = PARTY[invoice_doctype]
	account, account_problem = resolve_account(company, body.account_id, body.account_number, "")
	tracking, problems = tracking_fields(body.tracking_categories, company, "tracking_categories")
	problems += [
		account_problem,
		missing_reference(party_doctype, body.contact_id, "contact_id"),
		missing_reference("Mode of Payment", body.payment_method, "payment_method"),
		*custom_field_problems(DOCTYPE, body.custom_fields),
		*application_problems(body, invoice_doctype, party_field, company),
	]
	deductions, found = deduction_rows(body, company)
	raise_if(problems + found)
	doc = (
		from_invoices(body, invoice_doctype, account)
		if body.applied_to
		else advance(body, company, party_doctype, account)
	)
	doc.set("deductions", deductions)
	date = body.transaction_date or getdate(today())
	given = {
		**body.model_dump(),
		"transaction_date": date,
		"reference": body.reference or doc.get("reference_no"),
	}
	doc.update({**to_erpnext_payment(given, tracking), "reference_date": date})
	doc.insert()
	if body.submit:
		doc.submit()
	return Written(DOCTYPE, doc.name)


def contact_ledger(body: PaymentCreate) -> str:
	"""The contact's side: the payment's own direction, or the other one for a refund (money paid back
	to a customer is `accounts_payable` on a customer's credit notes)."""
	if not body.refund:
		return body.type
	return "accounts_payable" if body.type == "accounts_receivable" else "accounts_receivable"


def application_problems(body: PaymentCreate, doctype: str, party_field: str, company: str) -> list[dict]:
	"""Each applied invoice must be a submitted, unpaid invoice of this contact and company; a refund's,
	a credit note of theirs with credit left."""
	owner = {party_field: body.contact_id, "company": company, "is_return": int(body.refund)}
	problems = [
		application_problem(application, f"applied_to[{i}]", applied_doctype(application, doctype), owner)
		if application.related_object_type in ("invoice", ORDER_TYPE[doctype])
		else {
			"field": f"applied_to[{i}].related_object_type",
			"message": f"this payment applies to {ORDER_TYPE[doctype]}s",
		}
		for i, application in enumerate(body.applied_to)
	]
	if sum(a.applied_amount for a in body.applied_to) > party_amount(body) + 0.005:
		message = "applied amounts exceed total_amount" + (" with the deductions" if body.deductions else "")
		problems.append({"field": "applied_to", "message": message})
	return problems


def party_amount(body: PaymentCreate) -> float:
	"""What the payment settles on the contact's account: a receipt's cash plus its deductions (a fee
	the bank kept, a write-off), a payment's cash less them (our bank fee is not the supplier's)."""
	deducted = sum(d.amount for d in body.deductions)
	return (
		body.total_amount + deducted if body.type == "accounts_receivable" else body.total_amount - deducted
	)


def deduction_rows(body: PaymentCreate, company: str) -> tuple[list[dict], list[dict]]:
	"""Payment Entry Deduction rows, and a problem for each unknown account or cost center."""
	default_cost_center = frappe.get_cached_value("Company", company, "cost_center")
	rows, problems = [], []
	for i, deduction in enumerate(body.deductions):
		path = f"deductions[{i}]"
		account, problem = resolve_account(company, deduction.account_id, deduction.account_number, path)
		if not (deduction.account_id or deduction.account_number):
			problem = {"field": f"{path}.account_id", "message": "required (or account_number)"}
		if not deduction.amount:
			problems.append({"field": f"{path}.amount", "message": "must not be 0"})
		cost_center = deduction.cost_center_id or default_cost_center
		problems += [
			problem,
			missing_reference(
				"Cost Center", cost_center, f"{path}.cost_center_id", company=company, is_group=0
			),
		]
		rows.append(to_erpnext_deduction(deduction.model_dump(), account, cost_center))
	return rows, [p for p in problems if p]


def applied_doctype(application, invoice_doctype: str) -> str:
	"""The doctype an application names: the invoice doctype, or its order's (an advance)."""
	return invoice_doctype if application.related_object_type == "invoice" else ORDER_DOCTYPE[invoice_doctype]


def application_problem(application, path: str, doctype: str, owner: dict) -> dict | None:
	if doctype in ORDER_DOCTYPE.values():
		return advance_problem(application, path, doctype, owner)
	conditions = {"name": application.related_object_id, "docstatus": 1, **owner}
	outstanding = frappe.db.get_value(doctype, conditions, "outstanding_amount")
	hidden = outstanding is not None and not frappe.has_permission(doctype, "read", doc=conditions["name"])
	if outstanding is None or hidden:  # one the caller may not read is answered as a missing one
		kind = "credit note" if owner["is_return"] else doctype
		message = f"no submitted {kind} of this contact in {owner['company']}"
		return {"field": f"{path}.related_object_id", "message": message}
	if application.applied_amount > abs(flt(outstanding)) + 0.005:
		message = f"exceeds the outstanding amount {flt(outstanding):.2f}"
		return {"field": f"{path}.applied_amount", "message": message}
	return None


def advance_problem(application, path: str, doctype: str, owner: dict) -> dict | None:
	"""An advance goes to a submitted order of this contact and company that is still open and not paid
	in advance in full (grand total less the advances ERPNext already counts)."""
	party_field = next(key for key in owner if key not in ("company", "is_return"))
	conditions = {"name": application.related_object_id, "docstatus": 1, party_field: owner[party_field]}
	found = frappe.db.get_value(
		doctype,
		{**conditions, "company": owner["company"]},
		["grand_total", "advance_paid", "status"],
		as_dict=True,
	)
	if not found or owner["is_return"] or not frappe.has_permission(doctype, "read", doc=conditions["name"]):
		message = f"no submitted {doctype} of this contact in {owner['company']}"
		return {"field": f"{path}.related_object_id", "message": message}
	if found.status in ("Closed", "Completed", "On Hold"):
		return {"field": f"{path}.related_object_id", "message": f"the order is {found.status.lower()}"}
	left = flt(found.grand_total) - flt(found.advance_paid)
	if application.applied_amount > left + 0.005:
		return {
			"field": f"{path}.applied_amount",
			"message": f"exceeds what is left to pay on the order, {left:.2f}",
		}
	return None


def from_invoices(body: PaymentCreate, doctype: str, account: str | None):
	"""ERPNext's get_payment_entry for the first invoice, then one reference row per applied invoice."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	first = body.applied_to[0]
	doc = get_payment_entry(
		applied_doctype(first, doctype),
		first.related_object_id,
		party_amount=body.total_amount,
		bank_account=account,
		bank_amount=body.total_amount,
	)
	sign = -1 if body.refund else 1  # a refund settles credit notes: negative outstanding amounts
	references = [
		to_erpnext_reference(applied_doctype(a, doctype), a.model_dump(), sign) for a in body.applied_to
	]
	doc.set("references", references)
	doc.paid_amount = doc.received_amount = body.total_amount
	if body.exchange_rate:
		doc.source_exchange_rate = doc.target_exchange_rate = body.exchange_rate
	doc.set_missing_ref_details(force=True)
	doc.set_amounts()
	return doc


def advance(body: PaymentCreate, company: str, party_doctype: str, account: str | None):
	"""An unallocated payment: the party account is the contact's receivable/payable account."""
	from erpnext.accounts.party import get_party_account
	from erpnext.accounts.utils import get_account_currency

	bank = account or default_bank_account(company)
	party_account = get_party_account(party_doctype, body.contact_id, company)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(
		{
			"company": company,
			"payment_type": ERPNEXT_PAYMENT_TYPE[body.type],
			"party_type": party_doctype,
			"party": body.contact_id,
			**to_erpnext_sides(body.type, bank, party_account),
			"paid_amount": body.total_amount,
			"received_amount": body.total_amount,
		}
	)
	doc.paid_from_account_currency = get_account_currency(doc.paid_from)
	doc.paid_to_account_currency = get_account_currency(doc.paid_to)
	doc.setup_party_account_field()
	doc.set_missing_values()
	doc.set_exchange_rate()
	if body.exchange_rate:
		doc.source_exchange_rate = doc.target_exchange_rate = body.exchange_rate
	doc.received_amount = flt(doc.paid_amount * doc.source_exchange_rate / doc.target_exchange_rate, 2)
	return doc


def default_bank_account(company: str) -> str:
	from erpnext.accounts.doctype.journal_entry.journal_entry import get_default_bank_cash_account

	found = get_default_bank_cash_account(company, "Bank") or get_default_bank_cash_account(company, "Cash")
	if not found:
		raise UnprocessableError(
			f"{company} has no default bank or cash account: give account_id or account_number.",
			[{"field": "account_id", "message": "required: no default bank/cash account"}],
		)
	return found.get("account")


def update_payment(body: PaymentUpdate) -> Written:
	doc = load(PAYMENTS, body.id)
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	problems = [
		*custom_field_problems(DOCTYPE, body.custom_fields),
		missing_reference("Mode of Payment", body.payment_method, "payment_method"),
	]
	tracking = {}
	if body.tracking_categories is not None:
		tracking, found = tracking_fields(body.tracking_categories, doc.company, "tracking_categories")
		problems += found
	raise_if(problems)
	return apply_update(doc, to_erpnext_payment(given, tracking))
