"""Reading Accounts (chart of accounts) under the caller's permissions, with optional GL balances."""

from dataclasses import dataclass

import frappe
from frappe.utils import getdate

from unified_accounting.exceptions import InvalidRequestError
from unified_accounting.mappers.accounts import (
	ACCOUNT_FIELDS,
	DISABLED_BY_STATUS,
	ROOT_TYPE_BY_CLASSIFICATION,
	account_types_by_unified,
)
from unified_accounting.mappers.common import MapContext
from unified_accounting.services.listing import ListRequest, common_filters, list_page
from unified_accounting.services.records import (
	data_fields,
	ensure_doctype_readable,
	ensure_readable,
	load_remote_data,
	map_context,
)

DOCTYPE = "Account"


@dataclass
class AccountRows:
	rows: list
	ctx: MapContext
	balances: dict[str, float] | None


def list_accounts(
	filters: dict, paging: dict, include_remote_data: bool, balance_on
) -> tuple[AccountRows, object]:
	"""One page of accounts; `filters` are the unified filters as given, `paging` cursor/limit/order/count."""
	ensure_doctype_readable(DOCTYPE)
	ctx = map_context([DOCTYPE])
	request = ListRequest(
		resource="accounts",
		fields_by_doctype={DOCTYPE: data_fields(DOCTYPE, list(ACCOUNT_FIELDS), ctx)},
		filters_by_doctype={DOCTYPE: account_filters(filters)},
		bound_filters=filters,
		**paging,
	)
	pairs, page = list_page(request)
	rows = [row for _doctype, row in pairs]
	return finish(rows, ctx, include_remote_data, balance_on), page


def get_account(name: str, include_remote_data: bool, balance_on) -> AccountRows:
	ensure_readable(DOCTYPE, name)
	ctx = map_context([DOCTYPE])
	rows = frappe.get_list(
		DOCTYPE, fields=["name", *data_fields(DOCTYPE, list(ACCOUNT_FIELDS), ctx)], filters={"name": name}
	)
	return finish(rows, ctx, include_remote_data, balance_on)


def finish(rows: list, ctx: MapContext, include_remote_data: bool, balance_on) -> AccountRows:
	if include_remote_data:
		load_remote_data(ctx, [(DOCTYPE, row.name) for row in rows])
	balances = account_balances(rows, balance_on) if balance_on else None
	return AccountRows(rows, ctx, balances)


def account_filters(filters: dict) -> list:
	"""Unified account filters as Frappe filters; unknown enum values are a 400 naming the field."""
	result = common_filters(
		filters.get("company"),
		**{k: filters.get(k) for k in ("updated_after", "updated_before", "created_after", "created_before")},
	)
	details = []
	if (value := filters.get("classification")) is not None:
		if value not in ROOT_TYPE_BY_CLASSIFICATION:
			details.append(enum_error("classification", ROOT_TYPE_BY_CLASSIFICATION))
		else:
			result.append(["root_type", "=", ROOT_TYPE_BY_CLASSIFICATION[value]])
	if (value := filters.get("type")) is not None:
		types = account_types_by_unified(
			frappe.get_meta(DOCTYPE).get_field("account_type").options.split("\n")
		)
		if value not in types:
			details.append(enum_error("type", types))
		else:
			result.append(["account_type", "=", types[value]])
	if (value := filters.get("status")) is not None:
		if value not in DISABLED_BY_STATUS:
			details.append(enum_error("status", DISABLED_BY_STATUS))
		else:
			result.append(["disabled", "=", DISABLED_BY_STATUS[value]])
	for unified, field in (
		("is_group", "is_group"),
		("parent_account_id", "parent_account"),
		("number", "account_number"),
	):
		if filters.get(unified) is not None:
			result.append([field, "=", filters[unified]])
	if details:
		raise InvalidRequestError(
			"Invalid filter values: " + ", ".join(d["field"] for d in details) + ".", details
		)
	return result


def enum_error(field: str, allowed) -> dict:
	return {"field": field, "message": f"must be one of: {', '.join(sorted(allowed))}"}


def account_balances(rows: list, balance_on) -> dict[str, float]:
	"""Balance of each account (group accounts include their subtree) in account currency, from the GL,
	via ERPNext's own get_balance_on. GL Entry read permission is required to see balances."""
	from erpnext.accounts.utils import get_balance_on

	ensure_doctype_readable("GL Entry")
	date = getdate(balance_on)
	return {
		row.name: float(
			get_balance_on(account=row.name, date=date, company=row.company, in_account_currency=True) or 0
		)
		for row in rows
	}
