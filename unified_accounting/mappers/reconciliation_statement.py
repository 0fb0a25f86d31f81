"""Pure mapping of ERPNext's Bank Reconciliation Statement (its summary rows and uncleared vouchers) to the
unified statement."""

from unified_accounting.mappers.common import iso_date, number, text
from unified_accounting.object_types import object_type


def signed(row: dict | None) -> float:
	"""A summary row's amount: ERPNext puts a positive balance in debit and a negative one in credit."""
	row = row or {}
	return round(number(row.get("debit")) - number(row.get("credit")), 9)


def to_unified_reconciliation_item(row: dict) -> dict:
	doctype = row.get("payment_document")
	return {
		"related_object_type": object_type(doctype),
		"related_object_id": row.get("payment_entry"),
		"transaction_date": iso_date(row.get("posting_date")),
		"debit": number(row.get("debit")),
		"credit": number(row.get("credit")),
		"reference": text(row.get("reference_no")),
		"reference_date": iso_date(row.get("ref_date")),
		"cleared_on": iso_date(row.get("clearance_date")),
		"against_account_id": text(row.get("against_account")),
	}


def to_unified_reconciliation_statement(facts: dict, vouchers: list[dict], summary: dict) -> dict:
	"""ERPNext's report: its summary rows named, its uncleared vouchers listed."""
	outstanding = summary.get("outstanding") or {}
	return {
		**{key: facts[key] for key in ("bank_account_id", "account_id", "company", "currency")},
		"as_of_date": iso_date(facts["as_of_date"]),
		"balance_per_books": signed(summary.get("balance_per_books")),
		"outstanding_debits": number(outstanding.get("debit")),
		"outstanding_credits": number(outstanding.get("credit")),
		"incorrectly_cleared": signed(summary.get("incorrectly_cleared")),
		"balance_per_bank": signed(summary.get("balance_per_bank")),
		"outstanding": [to_unified_reconciliation_item(row) for row in vouchers],
		"generated_at": facts["generated_at"],
	}
