"""Moving money between two bank, card or cash accounts of one company (a card pay-down, a transfer): an
Internal Transfer Payment Entry, whose currencies and rates ERPNext sets."""

import frappe
from frappe.utils import flt, getdate, today

from unified_accounting.inputs import TransferCreate
from unified_accounting.mappers.payments import DOCTYPE, to_erpnext_payment
from unified_accounting.services.core.documents import Written
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

TRANSFER_ACCOUNT_TYPES = ("Bank", "Cash")  # what ERPNext accepts on both sides of an Internal Transfer


def create_transfer(body: TransferCreate) -> Written:
	"""An Internal Transfer: ERPNext sets the currencies and rates; a received amount in another currency
	sets the rate between them."""
	company = body.company or frappe.db.get_value("Account", body.from_account_id, "company")
	raise_if(transfer_problems(body, company))
	doc = frappe.new_doc(DOCTYPE)
	doc.update(
		{
			"company": company,
			"payment_type": "Internal Transfer",
			"paid_from": body.from_account_id,
			"paid_to": body.to_account_id,
			"paid_amount": body.amount,
			"received_amount": body.received_amount or body.amount,
		}
	)
	doc.setup_party_account_field()
	doc.set_missing_values()
	doc.set_exchange_rate()
	if body.received_amount:  # the rate the bank applied: received / sent, in company terms
		doc.target_exchange_rate = flt(doc.source_exchange_rate * body.amount / body.received_amount, 9)
	date = body.transaction_date or getdate(today())
	given = {**body.model_dump(), "transaction_date": date}
	doc.update({**to_erpnext_payment(given, {}), "reference_date": date})
	doc.insert()
	if body.submit:
		doc.submit()
	return Written(DOCTYPE, doc.name)


def transfer_problems(body: TransferCreate, company: str | None) -> list[dict]:
	problems = [
		transfer_account_problem(body.from_account_id, "from_account_id", company),
		transfer_account_problem(body.to_account_id, "to_account_id", company),
		missing_reference("Company", company, "company"),
		missing_reference("Mode of Payment", body.payment_method, "payment_method"),
		*custom_field_problems(DOCTYPE, body.custom_fields),
	]
	if body.from_account_id == body.to_account_id:
		problems.append({"field": "to_account_id", "message": "must differ from from_account_id"})
	if not body.reference and frappe.db.get_value("Account", body.from_account_id, "account_type") == "Bank":
		message = "required: ERPNext needs a reference number when a Bank account sends money"
		problems.append({"field": "reference", "message": message})
	return problems


def transfer_account_problem(account: str, field: str, company: str | None) -> dict | None:
	found = frappe.db.get_value("Account", account, ["company", "account_type", "is_group"], as_dict=True)
	if not found or found.is_group or (company and found.company != company):
		return {"field": field, "message": f"no ledger account '{account}' in {company or 'any company'}"}
	if found.account_type not in TRANSFER_ACCOUNT_TYPES:
		return {"field": field, "message": f"'{account}' is not a Bank or Cash account"}
	return None
