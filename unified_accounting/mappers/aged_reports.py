"""Pure mapping of ERPNext's Accounts Receivable / Payable rows to the unified aged report, per contact."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from unified_accounting.mappers.common import contact_ref, iso_date, snake

AgeingBasis = Literal["due_date", "issue_date"]

ITEM_TYPES = {"Payment Entry": "payment", "Journal Entry": "journal_entry"}
INVOICE_DOCTYPES = {"Sales Invoice": "credit_note", "Purchase Invoice": "debit_note"}
NAME_FIELDS = ("customer_name", "supplier_name")


class AgedOptions(BaseModel):
	"""What aged_receivables and aged_payables take besides company and date: one group, sent as flat
	query parameters (api/binding.py binds them)."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	ageing_buckets: str = "30,60,90"  # upper bounds in days, increasing: 0-30, 31-60, 61-90, 90+
	ageing_based_on: AgeingBasis = "due_date"  # age from the due date or the issue date
	contact_id: str | None = None  # only these Customers / Suppliers, comma-separated
	tracking_categories: str | None = None  # type:id pairs, comma-separated (cost_center:Main - AC)
	finance_book: str | None = None  # a Finance Book (the company's default book is included)
	in_contact_currency: bool = False  # amounts in each contact's account currency instead of the company's


def ageing_buckets(bounds: list[int]) -> list[dict]:
	"""[30, 60, 90] -> 0-30, 31-60, 61-90, 90+ (ERPNext puts an age of exactly 30 days in the first)."""
	buckets, low = [], 0
	for high in bounds:
		buckets.append({"key": f"{low}_{high}", "label": f"{low}-{high}", "from_days": low, "to_days": high})
		low = high + 1
	buckets.append(
		{"key": f"over_{bounds[-1]}", "label": f"{bounds[-1]}+", "from_days": low, "to_days": None}
	)
	return buckets


def money(value: float, precision: int) -> float:
	return float(round(value, precision))


def item_type(row: dict) -> str:
	"""Invoices with a negative outstanding are returns (credit notes / debit notes)."""
	if row.get("voucher_type") in INVOICE_DOCTYPES:
		return "invoice" if float(row.get("outstanding") or 0) >= 0 else INVOICE_DOCTYPES[row["voucher_type"]]
	return ITEM_TYPES.get(row.get("voucher_type")) or snake(row.get("voucher_type")) or "other"


def to_aged_item(row: dict, bucket_count: int, precision: int) -> dict:
	buckets = [float(row.get(f"range{i}") or 0) for i in range(1, bucket_count + 1)]
	outstanding = float(row.get("outstanding") or 0)
	return {
		"id": row["voucher_no"],
		"type": item_type(row),
		"voucher_type": row["voucher_type"],
		"issue_date": iso_date(row.get("posting_date")),
		"due_date": iso_date(row.get("due_date")),
		"age_days": int(row["age"]) if row.get("age") is not None else None,
		"account_id": row.get("party_account"),
		"currency": row.get("currency"),
		"invoiced_amount": float(row.get("invoiced") or 0),
		"paid_amount": float(row.get("paid") or 0),
		"credit_note_amount": float(row.get("credit_note") or 0),
		"outstanding": outstanding,
		# ERPNext leaves every bucket empty for what is not due yet at the report date
		"not_due": money(outstanding - sum(buckets), precision),
		"buckets": buckets,
	}


def to_aged_contacts(rows: list[dict], bucket_count: int, include_items: bool, precision: int) -> list[dict]:
	"""Rows grouped per (party type, party), contacts in id order, sums rounded to the currency precision."""
	grouped: dict[tuple, list[dict]] = {}
	for row in rows:
		if row and row.get("party") and row.get("voucher_no"):
			grouped.setdefault((row.get("party_type"), row["party"]), []).append(row)
	contacts = []
	for (party_type, party), party_rows in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
		items = [to_aged_item(row, bucket_count, precision) for row in party_rows]
		name = next((party_rows[0].get(f) for f in NAME_FIELDS if party_rows[0].get(f)), None)
		contacts.append(
			{
				"contact": contact_ref(party_type, party, name),
				"currency": items[0]["currency"],
				"not_due": money(sum(i["not_due"] for i in items), precision),
				"buckets": [
					money(sum(i["buckets"][b] for i in items), precision) for b in range(bucket_count)
				],
				"total": money(sum(i["outstanding"] for i in items), precision),
				"items": items if include_items else None,
			}
		)
	return contacts


def aged_totals(contacts: list[dict], bucket_count: int, precision: int) -> dict:
	"""Sums over contacts; None when they are in different currencies (amounts in contact currency)."""
	if len({c["currency"] for c in contacts}) > 1:
		return {"not_due": None, "buckets": [None] * bucket_count, "total": None}
	return {
		"not_due": money(sum(c["not_due"] for c in contacts), precision),
		"buckets": [money(sum(c["buckets"][b] for c in contacts), precision) for b in range(bucket_count)],
		"total": money(sum(c["total"] for c in contacts), precision),
	}


def to_aged_report(rows: list[dict], bounds: list[int], include_items: bool, meta: dict) -> dict:
	"""`meta`: report, company, company_currency, as_of_date, ageing_based_on, filters, generated_at,
	precision."""
	buckets = ageing_buckets(bounds)
	contacts = to_aged_contacts(rows, len(buckets), include_items, meta["precision"])
	currencies = {c["currency"] for c in contacts}
	return {
		"report": meta["report"],
		"company": meta["company"],
		"currency": currencies.pop() if len(currencies) == 1 else (None if currencies else meta["currency"]),
		"as_of_date": meta["as_of_date"],
		"ageing_based_on": meta["ageing_based_on"],
		"buckets": buckets,
		"contacts": contacts,
		"totals": aged_totals(contacts, len(buckets), meta["precision"]),
		"filters": meta["filters"],
		"generated_at": meta["generated_at"],
	}
