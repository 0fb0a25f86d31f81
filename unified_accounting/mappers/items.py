"""Pure mapping of Items, their default accounts per company and standard prices to the unified Item."""

import datetime
from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import MapContext, base_fields, number, strip_tags, trailing_fields

ITEM_FIELDS = (
	"creation",
	"modified",
	"item_name",
	"description",
	"item_group",
	"stock_uom",
	"is_stock_item",
	"is_sales_item",
	"is_purchase_item",
	"disabled",
)
DEFAULT_FIELDS = ("company", "income_account", "expense_account", "selling_cost_center", "buying_cost_center")
PRICE_FIELDS = ("item_code", "price_list", "currency", "price_list_rate", "uom", "valid_from", "valid_upto")
COMPANY_DEFAULT_FIELDS = ("name", "default_income_account", "default_expense_account", "cost_center")
# (unified key, Item Default field, Company field): where ERPNext looks, item first, then group, then company.
ACCOUNT_LOOKUPS = (
	("income_account", "income_account", "default_income_account"),
	("expense_account", "expense_account", "default_expense_account"),
)


def effective_account(key: str, own: dict, group: dict, company: dict) -> tuple[str | None, str | None]:
	"""(account, source) as ERPNext resolves an invoice line's account: item, item group, company."""
	_key, default_field, company_field = next(lookup for lookup in ACCOUNT_LOOKUPS if lookup[0] == key)
	for source, row, field in (("item", own, default_field), ("item_group", group, default_field)):
		if row.get(field):
			return row[field], source
	return (company.get(company_field), "company") if company.get(company_field) else (None, None)


def company_accounts(company: dict, own: dict, group: dict) -> dict:
	income, income_source = effective_account("income_account", own, group, company)
	expense, expense_source = effective_account("expense_account", own, group, company)
	return {
		"company": company["name"],
		"income_account_id": income,
		"income_account_source": income_source,
		"expense_account_id": expense,
		"expense_account_source": expense_source,
		"selling_cost_center_id": own.get("selling_cost_center") or company.get("cost_center") or None,
		"buying_cost_center_id": own.get("buying_cost_center") or company.get("cost_center") or None,
	}


def is_valid(price: dict, on: datetime.date) -> bool:
	valid_from, valid_upto = price.get("valid_from"), price.get("valid_upto")
	return (not valid_from or valid_from <= on) and (not valid_upto or valid_upto >= on)


def choose_price(
	prices: list[dict], price_list: str | None, unit: str | None, on: datetime.date
) -> dict | None:
	"""The price ERPNext would pick first: valid today, in the stock unit when there is one, latest."""
	candidates = [p for p in prices if p.get("price_list") == price_list and is_valid(p, on)]
	if not candidates:
		return None
	candidates.sort(
		key=lambda p: (p.get("uom") in (unit, None, ""), p.get("valid_from") or datetime.date.min)
	)
	best = candidates[-1]
	return {
		"price_list": best["price_list"],
		"currency": best.get("currency"),
		"unit_price": number(best.get("price_list_rate")),
		"unit": best.get("uom") or unit,
	}


def every_price(prices: list[dict], unit: str | None, on: datetime.date) -> list[dict]:
	"""The price ERPNext would pick on each price list, lists in name order."""
	lists = sorted({p["price_list"] for p in prices if p.get("price_list")})
	chosen = [choose_price(prices, price_list, unit, on) for price_list in lists]
	return [price for price in chosen if price]


def to_unified_item(row: dict, facts: dict, ctx: MapContext) -> dict:
	"""`facts`: own_defaults {item: {company: row}}, group_defaults {group: {company: row}}, companies
	[rows], prices {item: [rows]} or None, price_lists (selling, buying), tax_templates {item: [names]}, today."""
	own = facts["own_defaults"].get(row["name"], {})
	group = facts["group_defaults"].get(row.get("item_group"), {})
	prices = facts["prices"]
	selling, buying = facts["price_lists"]
	unit, today = row.get("stock_uom"), facts["today"]
	return {
		**base_fields(row, "Item", ctx),
		"company": None,
		"name": row.get("item_name") or row["name"],
		"description": " ".join(strip_tags(row.get("description") or "").split()) or None,
		"group": row.get("item_group") or None,
		"unit": unit or None,
		"is_stock_item": bool(row.get("is_stock_item")),
		"is_sold": bool(row.get("is_sales_item")),
		"is_purchased": bool(row.get("is_purchase_item")),
		"status": "inactive" if row.get("disabled") else "active",
		"selling_price": None
		if prices is None
		else choose_price(prices.get(row["name"], []), selling, unit, today),
		"buying_price": None
		if prices is None
		else choose_price(prices.get(row["name"], []), buying, unit, today),
		"prices": [] if prices is None else every_price(prices.get(row["name"], []), unit, today),
		"accounts": [
			company_accounts(company, own.get(company["name"], {}), group.get(company["name"], {}))
			for company in facts["companies"]
		],
		"tax_template_ids": facts["tax_templates"].get(row["name"], []),
		**trailing_fields(row, "Item", ctx),
	}


class ItemFilters(CommonFilters):
	# Items belong to no company: `company` narrows each item's accounts, not the items.
	company: Annotated[str | None, Filter(None)] = None
	group: Annotated[str | None, Filter("item_group")] = None
	status: Annotated[
		Literal["active", "inactive"] | None, Filter("disabled", values={"active": 0, "inactive": 1})
	] = None


# (unified, Item field) written one-to-one; booleans as ERPNext's 0/1 checks.
WRITE_FIELDS = (
	("name", "item_name"),
	("description", "description"),
	("group", "item_group"),
	("unit", "stock_uom"),
	("is_stock_item", "is_stock_item"),
	("is_sold", "is_sales_item"),
	("is_purchased", "is_purchase_item"),
)
DEFAULT_WRITE_FIELDS = (
	("company", "company"),
	("income_account_id", "income_account"),
	("expense_account_id", "expense_account"),
	("selling_cost_center_id", "selling_cost_center"),
	("buying_cost_center_id", "buying_cost_center"),
)


def to_erpnext_item(given: dict) -> dict:
	"""Item fields for the unified fields given (create or update), custom fields included."""
	fields = {erpnext: given[unified] for unified, erpnext in WRITE_FIELDS if given.get(unified) is not None}
	fields = {key: int(value) if isinstance(value, bool) else value for key, value in fields.items()}
	if given.get("status"):
		fields["disabled"] = int(given["status"] == "inactive")
	return {**fields, **given.get("custom_fields", {})}


def to_erpnext_item_default(accounts: dict) -> dict:
	"""An Item Default row (one per company)."""
	return {erpnext: accounts.get(unified) for unified, erpnext in DEFAULT_WRITE_FIELDS}


def to_erpnext_item_price(item_code: str, price: dict, unit: str | None) -> dict:
	"""An Item Price for everyone (no customer or supplier) on one price list."""
	return {
		"item_code": item_code,
		"price_list": price["price_list"],
		"price_list_rate": price["unit_price"],
		"uom": price.get("unit") or unit,
		**({"currency": price["currency"]} if price.get("currency") else {}),
	}
