"""Pure mapping of paid Purchase Invoices to the unified Expense and back: a purchase paid at once from a
card, bank or cash account. Lines and taxes are the invoice's own shapes."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	DOCSTATUS_BY_POSTING_STATUS,
	MapContext,
	base_fields,
	columns,
	contact_ref,
	iso_date,
	number,
	posting_status,
	read_fields,
	same,
	text,
	tracking_categories,
	trailing_fields,
	write_fields,
)
from unified_accounting.mappers.invoices import to_unified_line, to_unified_tax
from unified_accounting.schemas import Expense

DOCTYPE = "Purchase Invoice"
WHERE = {DOCTYPE: {"is_paid": 1}}  # what makes a Purchase Invoice an expense

# (unified, ERPNext, read converter): read and written one-to-one.
FIELDS = (
	("transaction_date", "posting_date", iso_date),
	("account_id", "cash_bank_account", text),
	("payment_method", "mode_of_payment", text),
	("reference", "bill_no", text),
	("memo", "remarks", text),
	("currency", "currency", same),
	("exchange_rate", "conversion_rate", number),
)
TOTALS = (  # read only: ERPNext computes them
	("sub_total", "total", number),
	("total_tax_amount", "total_taxes_and_charges", number),
	("total_amount", "grand_total", number),
	("paid_amount", "paid_amount", number),
)
HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"cost_center",
	"project",
	"supplier",
	"supplier_name",
	"is_return",
	*columns(FIELDS, TOTALS),
)


class ExpenseFilters(CommonFilters):
	contact_id: Annotated[str | None, Filter("supplier")] = None
	account_id: Annotated[str | None, Filter("cash_bank_account")] = None
	payment_method: Annotated[str | None, Filter("mode_of_payment")] = None
	transaction_date_from: Annotated[datetime.date | None, Filter("posting_date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("posting_date", "<=")] = None
	posting_status: Annotated[
		Literal[tuple(DOCSTATUS_BY_POSTING_STATUS)] | None,
		Filter("docstatus", values=DOCSTATUS_BY_POSTING_STATUS),
	] = None
	number: Annotated[str | None, Filter("name")] = None


def to_unified_expense(doctype: str, row: dict, children: dict, ctx: MapContext) -> Expense:
	return {
		**base_fields(row, doctype, ctx),
		"number": row["name"],
		"document_type": "refund" if row.get("is_return") else "expense",
		**read_fields(row, FIELDS[:3]),
		"contact": contact_ref("Supplier", row.get("supplier"), row.get("supplier_name")),
		**read_fields(row, FIELDS[3:]),
		**read_fields(row, TOTALS),
		"posting_status": posting_status(row.get("docstatus")),
		"line_items": [to_unified_line(doctype, item, ctx) for item in children.get("items", [])],
		"taxes": [to_unified_tax(tax) for tax in children.get("taxes", [])],
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_expense(given: dict, account: str, tracking: dict) -> dict:
	"""Header columns from a create body (a dict, company and date resolved): a paid Purchase Invoice (a
	refund: a paid return). Its paid amount is set from the totals (services/money/expense_writes.paid_in_full)."""
	fields = {
		**write_fields(given, FIELDS),
		"company": given["company"],
		"supplier": given["contact_id"],
		"set_posting_time": 1,
		"is_paid": 1,
		"is_return": int(given.get("document_type") == "refund"),
		"cash_bank_account": account,
		"taxes_and_charges": given.get("tax_template_id"),
		**tracking,
		**given.get("custom_fields", {}),
	}
	return {k: v for k, v in fields.items() if v is not None}
