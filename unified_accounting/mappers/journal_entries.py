"""Pure mapping of Journal Entry rows and their lines to the unified JournalEntry."""

from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	contact_ref,
	iso_date,
	number,
	posting_status,
	snake,
	tracking_categories,
	trailing_fields,
)

HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"voucher_type",
	"posting_date",
	"user_remark",
	"multi_currency",
	"total_debit",
	"total_credit",
)
LINE_FIELDS = (
	"account",
	"account_currency",
	"exchange_rate",
	"debit",
	"credit",
	"party_type",
	"party",
	"reference_type",
	"reference_name",
	"user_remark",
	"cost_center",
	"project",
)
# Referenced doctypes with a unified name; any other is its ERPNext name in snake_case.
REFERENCE_TYPES = {"Sales Invoice": "invoice", "Purchase Invoice": "invoice", "Payment Entry": "payment"}
POSTING_STATUS_FILTER = {"draft": 0, "posted": 1, "cancelled": 2}


def reference(doctype: str | None, name: str | None) -> dict | None:
	if not doctype or not name:
		return None
	return {"type": REFERENCE_TYPES.get(doctype) or snake(doctype), "id": name}


def to_unified_line(line: dict, ctx: MapContext) -> dict:
	debit, credit = number(line.get("debit")), number(line.get("credit"))
	return {
		"id": line["name"],
		"account_id": line.get("account"),
		"debit": debit,
		"credit": credit,
		"net_amount": round(debit - credit, 9),
		"contact": contact_ref(line.get("party_type"), line.get("party")),
		"reference": reference(line.get("reference_type"), line.get("reference_name")),
		"description": line.get("user_remark") or None,
		"tracking_categories": tracking_categories(line, ctx),
		"custom_fields": trailing_fields(line, "Journal Entry Account", ctx)["custom_fields"],
	}


def to_unified_journal_entry(
	row: dict, lines: list[dict], company_currency: str | None, ctx: MapContext
) -> dict:
	"""Amounts are in company currency; a multi-currency entry reports its first foreign line's currency."""
	foreign = next(
		(line for line in lines if line.get("account_currency") not in (None, company_currency)), None
	)
	return {
		**base_fields(row, "Journal Entry", ctx),
		"number": row["name"],
		"voucher_type": snake(row.get("voucher_type")),
		"transaction_date": iso_date(row.get("posting_date")),
		"memo": row.get("user_remark") or None,
		"currency": foreign.get("account_currency") if foreign else company_currency,
		"exchange_rate": number(foreign.get("exchange_rate")) if foreign else 1.0,
		"posting_status": posting_status(row.get("docstatus")),
		"total_debit": number(row.get("total_debit")),
		"total_credit": number(row.get("total_credit")),
		"lines": [to_unified_line(line, ctx) for line in lines],
		**trailing_fields(row, "Journal Entry", ctx),
	}
