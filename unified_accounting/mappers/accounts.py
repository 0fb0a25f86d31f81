"""Pure mapping of Account rows to the unified Account and back: field table, enum maps, filters."""

from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter, OptionsOf
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	columns,
	read_fields,
	reverse,
	same,
	snake,
	text,
	trailing_fields,
	write_fields,
)
from unified_accounting.schemas import Account

CLASSIFICATION_MAP = {
	"Asset": "asset",
	"Liability": "liability",
	"Equity": "equity",
	"Income": "revenue",
	"Expense": "expense",
}
# ERPNext account types with a better unified name; every other type is its ERPNext value in snake_case.
ACCOUNT_TYPE_MAP = {
	"Receivable": "accounts_receivable",
	"Payable": "accounts_payable",
	"Income Account": "income",
	"Expense Account": "expense",
}
STATUS_MAP = {0: "active", 1: "inactive"}

ROOT_TYPE_BY_CLASSIFICATION = reverse(CLASSIFICATION_MAP)
DISABLED_BY_STATUS = reverse(STATUS_MAP)


def unified_account_type(account_type: str | None) -> str | None:
	if not account_type:
		return None
	return ACCOUNT_TYPE_MAP.get(account_type) or snake(account_type)


def account_types_by_unified(erpnext_types: list[str]) -> dict[str, str]:
	"""Reverse map of `unified_account_type` over the ERPNext options given."""
	return {unified_account_type(t): t for t in erpnext_types if t}


# The site's account types (Account.account_type options), named by unified_account_type.
ACCOUNT_TYPES = OptionsOf("Account", "account_type", unified_account_type)


def status(disabled) -> str:
	return STATUS_MAP[int(disabled or 0)]


# (unified, ERPNext, read converter): the one-to-one fields, read and written.
FIELDS = (
	("name", "account_name", same),
	("number", "account_number", text),
	("parent_account_id", "parent_account", text),
	("currency", "account_currency", text),
	("is_group", "is_group", bool),
	("status", "disabled", status),
)
ACCOUNT_FIELDS = ("company", "creation", "modified", "root_type", "account_type", *columns(FIELDS))


class AccountFilters(CommonFilters):
	classification: Annotated[
		Literal[tuple(ROOT_TYPE_BY_CLASSIFICATION)] | None,
		Filter("root_type", values=ROOT_TYPE_BY_CLASSIFICATION),
	] = None
	type: Annotated[str | None, Filter("account_type", values=ACCOUNT_TYPES)] = None  # bank, cash, ...
	status: Annotated[
		Literal[tuple(DISABLED_BY_STATUS)] | None, Filter("disabled", values=DISABLED_BY_STATUS)
	] = None
	is_group: Annotated[bool | None, Filter("is_group")] = None
	parent_account_id: Annotated[str | None, Filter("parent_account")] = None
	number: Annotated[str | None, Filter("account_number")] = None


def to_unified_account(doctype: str, row: dict, children: dict, ctx: MapContext) -> Account:
	"""`current_balance` comes from ctx.balances (only when the caller asked for balances)."""
	return {
		**base_fields(row, doctype, ctx),
		**read_fields(row, FIELDS),
		"description": None,
		"classification": CLASSIFICATION_MAP.get(row.get("root_type")),
		"type": unified_account_type(row.get("account_type")),
		"current_balance": ctx.balances.get(row["name"]) if ctx.balances is not None else None,
		**trailing_fields(row, doctype, ctx),
	}


def to_erpnext_account(given: dict, account_types: dict[str, str]) -> dict:
	"""ERPNext columns for the unified fields given (`account_types`: the site's, unified -> ERPNext)."""
	fields = write_fields(given, FIELDS)
	if "status" in given:
		fields["disabled"] = DISABLED_BY_STATUS[given["status"]]
	if "is_group" in given:
		fields["is_group"] = int(given["is_group"])
	if given.get("type"):
		fields["account_type"] = account_types.get(given["type"])
	return fields
