"""Transactions endpoints: the general ledger, one GL Entry per record."""

import datetime
from typing import Literal

import frappe

from unified_accounting.api.policy import list_arguments, unified_api
from unified_accounting.envelope import Page
from unified_accounting.mappers.transactions import to_unified_transaction
from unified_accounting.services import transactions as service


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def list_transactions(
	company: str | None = None,
	updated_after: datetime.datetime | None = None,
	updated_before: datetime.datetime | None = None,
	created_after: datetime.datetime | None = None,
	created_before: datetime.datetime | None = None,
	account_id: str | None = None,
	underlying_transaction_type: str | None = None,
	underlying_transaction_id: str | None = None,
	posting_date_from: datetime.date | None = None,
	posting_date_to: datetime.date | None = None,
	include_cancelled: bool = False,
	include_remote_data: bool = False,
	include_count: bool = False,
	cursor: str | None = None,
	limit: int | None = None,
	order: Literal["asc", "desc"] = "asc",
) -> Page:
	"""Return one page of general ledger lines (cancelled ones only with include_cancelled=1)."""
	filters, paging = list_arguments(locals())
	found, page = service.list_transactions(filters, paging, include_remote_data)
	page.items = [to_unified_transaction(row, found.ctx) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("transactions")
def get_transaction(id: str, include_remote_data: bool = False) -> dict:
	"""Return one general ledger line."""
	found = service.get_transaction(id, include_remote_data)
	return to_unified_transaction(found.rows[0], found.ctx)
