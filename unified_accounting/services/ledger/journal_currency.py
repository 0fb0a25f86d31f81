"""Multi-currency journal entries: each line's exchange rate, and the balance in company currency with
the difference named in both currencies, checked before ERPNext is asked."""

import frappe
from frappe.utils import flt

from unified_accounting.exceptions import UnprocessableError

LINE_DOCTYPE = "Journal Entry Account"


def company_currency(company: str) -> str:
	return frappe.get_cached_value("Company", company, "default_currency")


def set_exchange_rates(
	company: str, posting_date, lines: list[dict], given: list[float | None]
) -> tuple[bool, list[dict]]:
	"""Give every line its account currency and exchange rate (to company currency): the caller's, else
	ERPNext's rate for the posting date (Currency Exchange). Returns (multi_currency, problems)."""
	from erpnext.setup.utils import get_exchange_rate

	base = company_currency(company)
	problems, foreign = [], False
	for i, (line, rate) in enumerate(zip(lines, given, strict=True)):
		currency = (
			line.get("account") and frappe.get_cached_value("Account", line["account"], "account_currency")
		) or base
		line["account_currency"] = currency
		where = f"lines[{i}].exchange_rate"
		if currency == base:
			if rate not in (None, 1):
				problems.append(
					{"field": where, "message": f"must be 1 (or omitted): the account is in {base}"}
				)
			line["exchange_rate"] = 1
			continue
		foreign = True
		line["exchange_rate"] = rate or get_exchange_rate(currency, base, posting_date)
		if not line["exchange_rate"]:
			problems.append(
				{
					"field": where,
					"message": f"required: no {currency} to {base} rate on {posting_date} in Currency Exchange",
				}
			)
	return foreign, problems


def ensure_balanced(lines: list[dict], company: str) -> None:
	"""422 unless debits equal credits in company currency, each line converted and rounded as ERPNext
	does; a multi-currency entry's message also gives the difference in the first foreign currency."""
	precision = frappe.get_precision(LINE_DOCTYPE, "debit") or 2
	base = company_currency(company)

	def converted(field: str) -> float:
		return flt(
			sum(flt(line[field] * line.get("exchange_rate", 1), precision) for line in lines), precision
		)

	debit, credit = converted("debit_in_account_currency"), converted("credit_in_account_currency")
	difference = flt(debit - credit, precision)
	if not difference:
		return
	message = f"debits {debit:.2f}, credits {credit:.2f}, difference {difference:.2f} {base}"
	foreign = next((line for line in lines if line.get("account_currency") not in (None, base)), None)
	if foreign:
		rate = foreign["exchange_rate"]
		in_foreign = flt(difference / rate, precision)
		message += f" (= {in_foreign:.2f} {foreign['account_currency']} at {rate})"
	raise UnprocessableError(
		f"The entry does not balance in company currency: {message}.",
		[
			{
				"field": "lines",
				"message": f"debits minus credits is {message.split('difference ')[1]}; it must be 0",
			}
		],
	)
