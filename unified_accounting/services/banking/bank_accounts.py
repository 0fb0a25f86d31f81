"""Reading and writing Bank Accounts: the generic read plus what ERPNext keeps elsewhere (the ledger
account's currency and GL balance, the last reconciled statement line), and creates/updates through the
Bank Account document."""

import frappe
from frappe.utils import getdate

from unified_accounting.exceptions import ConflictError
from unified_accounting.inputs import BankAccountCreate, BankAccountUpdate
from unified_accounting.mappers.banking import ACCOUNT_DOCTYPE, TRANSACTION_DOCTYPE, to_erpnext_bank_account
from unified_accounting.resources import BANK_ACCOUNTS
from unified_accounting.services.core.documents import Written, load
from unified_accounting.services.core.reading import Found
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

BANK_ACCOUNT_TYPES = ("Bank",)  # the ledger account of a bank account is a Bank-type account (cards too)


def with_bank_facts(found: Found) -> Found:
	"""Per page: the ledger accounts' currencies and GL balances, and each bank account's last reconciled
	statement date, in three queries (balances: one per ledger account, ERPNext's get_balance_on)."""
	rows = [row for _doctype, row in found.rows]
	accounts = sorted({row.account for row in rows if row.account})
	found.ctx.facts["currencies"] = account_currencies(accounts)
	found.ctx.balances = balances(accounts)
	found.ctx.facts["reconciled_on"] = reconciled_on([row.name for row in rows])
	return found


def account_currencies(accounts: list[str]) -> dict[str, str]:
	if not accounts or not frappe.has_permission("Account", "read"):
		return {}
	rows = frappe.get_list(
		"Account",
		filters={"name": ("in", accounts)},
		fields=["name", "account_currency"],
		limit_page_length=0,
	)
	return {row.name: row.account_currency for row in rows}


def balances(accounts: list[str]) -> dict[str, float] | None:
	"""GL balance today in the account's currency; None when the caller may not read the GL."""
	from erpnext.accounts.utils import get_balance_on

	if not frappe.has_permission("GL Entry", "read"):
		return None
	today = getdate()
	return {
		account: float(get_balance_on(account=account, date=today, in_account_currency=True) or 0)
		for account in accounts
	}


def reconciled_on(names: list[str]) -> dict[str, object]:
	if not names or not frappe.has_permission(TRANSACTION_DOCTYPE, "read"):
		return {}
	rows = frappe.get_list(
		TRANSACTION_DOCTYPE,
		filters={"bank_account": ("in", names), "status": "Reconciled", "docstatus": 1},
		fields=["bank_account", "max(date) as last_date"],
		group_by="bank_account",
		limit_page_length=0,
	)
	return {row.bank_account: row.last_date for row in rows}


def create_bank_account(body: BankAccountCreate) -> Written:
	"""A company's Bank Account on a Bank-type ledger account, at a Bank that exists (ERPNext lets only a
	System Manager add Banks)."""
	company = body.company or frappe.db.get_value("Account", body.account_id, "company")
	no_bank = "no such Bank (a System Manager adds banks in Desk)"
	bank = [] if frappe.db.exists("Bank", body.bank) else [{"field": "bank", "message": no_bank}]
	raise_if(account_problems(body, company) + bank)
	doc = frappe.new_doc(ACCOUNT_DOCTYPE)
	doc.update({**to_erpnext_bank_account(body.model_dump()), "company": company, "is_company_account": 1})
	if frappe.db.exists(ACCOUNT_DOCTYPE, f"{body.name} - {body.bank}"):
		raise ConflictError(
			f"Bank Account {body.name} - {body.bank} exists.",
			[{"field": "name", "message": "exists at that bank"}],
		)
	doc.insert()
	return Written(ACCOUNT_DOCTYPE, doc.name)


def account_problems(body, company: str | None) -> list[dict]:
	problems = [
		missing_reference("Company", company, "company"),
		*custom_field_problems(ACCOUNT_DOCTYPE, body.custom_fields),
	]
	problems.append(missing_reference("Bank Account Type", body.account_type, "account_type"))
	if body.account_id:
		found = frappe.db.get_value(
			"Account", body.account_id, ["company", "account_type", "is_group"], as_dict=True
		)
		if not found or found.is_group or found.company != company:
			problems.append(
				{"field": "account_id", "message": f"no ledger account '{body.account_id}' in {company}"}
			)
		elif found.account_type not in BANK_ACCOUNT_TYPES:
			problems.append(
				{"field": "account_id", "message": f"'{body.account_id}' is not a Bank-type account"}
			)
		elif used := ledger_taken(body.account_id, getattr(body, "id", None)):
			message = f"already the ledger account of {used} (ERPNext allows one each)"
			problems.append({"field": "account_id", "message": message})
	return problems


def ledger_taken(account: str, bank_account: str | None) -> str | None:
	return frappe.db.get_value(ACCOUNT_DOCTYPE, {"account": account, "name": ("!=", bank_account or "")})


def update_bank_account(body: BankAccountUpdate) -> Written:
	doc = load(BANK_ACCOUNTS, body.id)
	given = body.model_dump(exclude_unset=True, exclude={"id", "dry_run"})
	raise_if(account_problems(body, doc.company))
	doc.update(to_erpnext_bank_account(given))
	doc.save()
	return Written(ACCOUNT_DOCTYPE, doc.name)
