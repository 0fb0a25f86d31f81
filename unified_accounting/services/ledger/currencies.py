"""The exchange rate ERPNext itself would use: its own lookup, and which Currency Exchange record it read."""

import datetime

import frappe
from frappe.utils import add_days

from erpnext.setup.utils import get_exchange_rate

from unified_accounting.exceptions import InvalidRequestError, NotFoundError, PermissionDeniedError
from unified_accounting.mappers.currencies import PURPOSES
from unified_accounting.services.core.writes import missing_reference


def exchange_rate(
	from_currency: str, to_currency: str, on: datetime.date, purpose: str | None
) -> tuple[float, dict | None]:
	"""(rate, the Currency Exchange row it came from or None). 404 when ERPNext finds none: its own
	function answers 0 then, which a client must never take for a rate (or, worse, for 1)."""
	if not frappe.has_permission("Currency Exchange", "read"):
		raise PermissionDeniedError("You may not read Currency Exchange.")
	problems = [
		missing_reference("Currency", code, field)
		for field, code in (("from_currency", from_currency), ("to_currency", to_currency))
	]
	if problems := [p for p in problems if p]:
		raise InvalidRequestError(f"Invalid request: {', '.join(p['field'] for p in problems)}.", problems)
	rate = get_exchange_rate(from_currency, to_currency, on, PURPOSES.get(purpose))
	if not rate:
		frappe.clear_messages()  # ERPNext's msgprint for the Desk; the error below says it
		raise NotFoundError(
			f"No exchange rate from {from_currency} to {to_currency} on {on}: ERPNext has no recent enough "
			"Currency Exchange record and its rate provider (Currency Exchange Settings) gave none."
		)
	return rate, None if from_currency == to_currency else stored_rate(
		from_currency, to_currency, on, purpose
	)


def stored_rate(from_currency: str, to_currency: str, on: datetime.date, purpose: str | None) -> dict | None:
	"""The Currency Exchange record get_exchange_rate reads first (same filters: on or before the date,
	for the purpose, not stale unless Accounts Settings allows stale rates); None when it went on to
	the provider."""
	settings = frappe.get_cached_doc("Accounts Settings")
	filters = [["date", "<=", on], ["from_currency", "=", from_currency], ["to_currency", "=", to_currency]]
	if purpose:
		filters.append([PURPOSES[purpose], "=", 1])
	if not settings.allow_stale:
		filters.append(["date", ">", add_days(on, -(settings.stale_days or 0))])
	rows = frappe.get_all(
		"Currency Exchange",
		fields=["name", "date", "exchange_rate"],
		filters=filters,
		order_by="date desc",
		limit=1,
	)
	return rows[0] if rows else None
