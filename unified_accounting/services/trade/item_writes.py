"""Creating and changing Items through ERPNext's own documents: the Item with its default accounts per
company (Item Default rows) and its prices (Item Price records), in one transaction."""

import frappe

from unified_accounting.exceptions import ConflictError
from unified_accounting.inputs import ItemCreate, ItemUpdate
from unified_accounting.mappers.items import to_erpnext_item, to_erpnext_item_default, to_erpnext_item_price
from unified_accounting.services.core.records import ensure_readable
from unified_accounting.services.core.writes import custom_field_problems, missing_reference, raise_if

DOCTYPE = "Item"


def create_item(body: ItemCreate) -> str:
	code = body.id or body.name
	if frappe.db.exists(DOCTYPE, code):
		raise ConflictError(
			f"Item {code} exists: update it with update_item.", [{"field": "id", "message": "exists"}]
		)
	given = {**body.model_dump(), "group": body.group or default_group(), "unit": body.unit or default_unit()}
	raise_if(item_problems(body, given["group"], given["unit"]))
	doc = frappe.new_doc(DOCTYPE)
	doc.update({"item_code": code, **to_erpnext_item(given)})
	for accounts in body.model_dump()["accounts"]:
		doc.append("item_defaults", to_erpnext_item_default(accounts))
	doc.insert()
	set_prices(doc.name, body.model_dump()["prices"], doc.stock_uom)
	return doc.name


def update_item(body: ItemUpdate) -> str:
	ensure_readable(DOCTYPE, body.id)
	doc = frappe.get_doc(DOCTYPE, body.id)
	raise_if(item_problems(body, body.group, None))
	doc.update(to_erpnext_item(body.model_dump(exclude_unset=True)))
	for accounts in body.model_dump()["accounts"]:
		row = next((r for r in doc.item_defaults if r.company == accounts["company"]), None)
		values = to_erpnext_item_default(accounts)
		row.update(values) if row else doc.append("item_defaults", values)
	doc.save()
	set_prices(doc.name, body.model_dump()["prices"], doc.stock_uom)
	return doc.name


def default_group() -> str:
	return frappe.db.get_single_value("Stock Settings", "item_group") or "All Item Groups"


def default_unit() -> str:
	return frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos"


def item_problems(body, group: str | None, unit: str | None) -> list[dict]:
	return [
		missing_reference("Item Group", group, "group"),
		missing_reference("UOM", unit, "unit"),
		*custom_field_problems(DOCTYPE, body.custom_fields),
		*account_problems(body.accounts),
		*price_problems(body.prices),
	]


def account_problems(accounts: list) -> list[dict]:
	"""Each company once; its accounts and cost centers leaf records of that company."""
	problems, seen = [], set()
	for i, given in enumerate(accounts):
		path = f"accounts[{i}]"
		if given.company in seen:
			problems.append({"field": f"{path}.company", "message": "given twice"})
		seen.add(given.company)
		problems.append(missing_reference("Company", given.company, f"{path}.company"))
		leaf = {"company": given.company, "is_group": 0}
		for field, doctype in (
			("income_account_id", "Account"),
			("expense_account_id", "Account"),
			("selling_cost_center_id", "Cost Center"),
			("buying_cost_center_id", "Cost Center"),
		):
			problems.append(missing_reference(doctype, getattr(given, field), f"{path}.{field}", **leaf))
	return problems


def price_problems(prices: list) -> list[dict]:
	problems, seen = [], set()
	for i, price in enumerate(prices):
		path = f"prices[{i}]"
		if (price.price_list, price.unit) in seen:
			problems.append({"field": f"{path}.price_list", "message": "given twice"})
		seen.add((price.price_list, price.unit))
		problems += [
			missing_reference("Price List", price.price_list, f"{path}.price_list", enabled=1),
			missing_reference("Currency", price.currency, f"{path}.currency"),
			missing_reference("UOM", price.unit, f"{path}.unit"),
		]
	return problems


def set_prices(item_code: str, prices: list[dict], unit: str | None) -> None:
	"""The price for everyone on each list (in its unit): the existing Item Price updated, else a new one.
	ERPNext checks Item Price permissions (Sales/Purchase Master Manager) on each."""
	for price in prices:
		values = to_erpnext_item_price(item_code, price, unit)
		match = {
			"item_code": item_code,
			"price_list": values["price_list"],
			"uom": values["uom"],
			"customer": ("is", "not set"),
			"supplier": ("is", "not set"),
		}
		existing = frappe.db.get_value("Item Price", match)
		doc = frappe.get_doc("Item Price", existing) if existing else frappe.new_doc("Item Price")
		doc.update(values)
		doc.save()
