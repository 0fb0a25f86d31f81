"""Pure mapping of Journal Entries and their lines to the unified JournalEntry and back: field tables,
party and reference types, voucher types, filters."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter, OptionsOf
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
	snake,
	text,
	tracking_categories,
	trailing_fields,
	write_fields,
)
from unified_accounting.object_types import object_type
from unified_accounting.schemas import JournalEntry, JournalEntryLine

DOCTYPE, LINE_DOCTYPE = "Journal Entry", "Journal Entry Account"
# (unified, ERPNext, read converter)
FIELDS = (("transaction_date", "posting_date", iso_date), ("memo", "user_remark", text))
WRITE_ONLY_FIELDS = (("reference", "cheque_no", text),)
TOTALS = (("total_debit", "total_debit", number), ("total_credit", "total_credit", number))
LINE_FIELDS = (("account_id", "account", same), ("description", "user_remark", text))

HEADER_FIELDS = (
	"company",
	"creation",
	"modified",
	"docstatus",
	"voucher_type",
	"multi_currency",
	"clearance_date",
)
HEADER_FIELDS += columns(FIELDS, TOTALS)
LINE_COLUMNS = (
	*columns(LINE_FIELDS),
	"account_currency",
	"exchange_rate",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"debit",
	"credit",
	"party_type",
	"party",
	"reference_type",
	"reference_name",
	"cost_center",
	"project",
)
# Referenced doctypes with a unified name; any other is its ERPNext name in snake_case.
PARTY_DOCTYPES = {
	"customer": "Customer",
	"supplier": "Supplier",
	"employee": "Employee",
	"shareholder": "Shareholder",
}
# The site's voucher types (Journal Entry.voucher_type options) in snake_case: journal_entry, bank_entry, ...
VOUCHER_TYPES = OptionsOf(DOCTYPE, "voucher_type", snake)


class JournalEntryFilters(CommonFilters):
	transaction_date_from: Annotated[datetime.date | None, Filter("posting_date", ">=")] = None
	transaction_date_to: Annotated[datetime.date | None, Filter("posting_date", "<=")] = None
	posting_status: Annotated[
		Literal[tuple(DOCSTATUS_BY_POSTING_STATUS)] | None,
		Filter("docstatus", values=DOCSTATUS_BY_POSTING_STATUS),
	] = None


def reference(doctype: str | None, name: str | None) -> dict | None:
	if not doctype or not name:
		return None
	return {"type": object_type(doctype), "id": name}


def to_unified_line(line: dict, ctx: MapContext) -> JournalEntryLine:
	debit, credit = number(line.get("debit")), number(line.get("credit"))
	return {
		"id": line["name"],
		**read_fields(line, LINE_FIELDS),
		"debit": debit,
		"credit": credit,
		"net_amount": round(debit - credit, 9),
		"currency": line.get("account_currency") or None,
		"exchange_rate": number(line.get("exchange_rate")) or 1.0,
		"debit_in_account_currency": number(line.get("debit_in_account_currency")),
		"credit_in_account_currency": number(line.get("credit_in_account_currency")),
		"contact": contact_ref(line.get("party_type"), line.get("party")),
		"reference": reference(line.get("reference_type"), line.get("reference_name")),
		"tracking_categories": tracking_categories(line, ctx),
		"custom_fields": trailing_fields(line, LINE_DOCTYPE, ctx)["custom_fields"],
	}


def to_unified_journal_entry(doctype: str, row: dict, children: dict, ctx: MapContext) -> JournalEntry:
	"""Amounts are in company currency (ctx.currencies); a multi-currency entry reports its first foreign
	line's currency. `children["lines"]`: the Journal Entry Account rows."""
	lines = children.get("lines", [])
	company_currency = ctx.currencies.get(row.get("company"))
	foreign = next((ln for ln in lines if ln.get("account_currency") not in (None, company_currency)), None)
	return {
		**base_fields(row, doctype, ctx),
		"number": row["name"],
		"voucher_type": snake(row.get("voucher_type")),
		**read_fields(row, FIELDS),
		"currency": foreign.get("account_currency") if foreign else company_currency,
		"exchange_rate": number(foreign.get("exchange_rate")) if foreign else 1.0,
		"posting_status": posting_status(row.get("docstatus")),
		"cleared_on": iso_date(row.get("clearance_date")),
		**read_fields(row, TOTALS),
		"lines": [to_unified_line(line, ctx) for line in lines],
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_journal_entry(given: dict, voucher_types: dict[str, str]) -> dict:
	"""Header columns for the unified fields given (create or update); `voucher_types`: the site's."""
	fields = write_fields(given, FIELDS + WRITE_ONLY_FIELDS)
	if given.get("voucher_type"):
		fields["voucher_type"] = voucher_types[given["voucher_type"]]
	return {**fields, **given.get("custom_fields", {})}


def to_erpnext_line(line: dict, account: str | None, debit: float, credit: float, tracking: dict) -> dict:
	"""A Journal Entry Account row; amounts in the account's currency."""
	contact = line.get("contact")
	party = {"party_type": PARTY_DOCTYPES[contact["type"]], "party": contact["id"]} if contact else {}
	return {
		"account": account,
		"debit_in_account_currency": debit,
		"credit_in_account_currency": credit,
		"user_remark": line.get("description"),
		**party,
		**tracking,
		**line.get("custom_fields", {}),
	}
