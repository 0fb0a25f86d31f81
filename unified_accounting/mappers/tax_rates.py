"""Pure mapping of tax templates, item tax templates and tax accounts to the unified TaxRate."""

from typing import Annotated, Literal, NamedTuple

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import MapContext, base_fields, number, snake, trailing_fields


class TaxSource(NamedTuple):
	"""One ERPNext doctype read as tax rates, declared once."""

	type: str  # unified type
	doctype: str
	child_doctype: str | None  # the table of tax lines, None for the tax account itself
	header_fields: tuple[str, ...]
	child_fields: tuple[str, ...]


TEMPLATE_FIELDS = ("title", "company", "disabled", "is_default", "tax_category", "creation", "modified")
TEMPLATE_LINE_FIELDS = (
	"charge_type",
	"account_head",
	"description",
	"rate",
	"tax_amount",
	"included_in_print_rate",
)
TAX_SOURCES: tuple[TaxSource, ...] = (
	TaxSource(
		"sales_tax_template",
		"Sales Taxes and Charges Template",
		"Sales Taxes and Charges",
		TEMPLATE_FIELDS,
		TEMPLATE_LINE_FIELDS,
	),
	TaxSource(
		"purchase_tax_template",
		"Purchase Taxes and Charges Template",
		"Purchase Taxes and Charges",
		TEMPLATE_FIELDS,
		(*TEMPLATE_LINE_FIELDS, "add_deduct_tax"),
	),
	TaxSource(
		"item_tax_template",
		"Item Tax Template",
		"Item Tax Template Detail",
		("title", "company", "disabled", "creation", "modified"),
		("tax_type", "tax_rate"),
	),
	TaxSource(
		"tax_account",
		"Account",
		None,
		("account_name", "company", "disabled", "tax_rate", "creation", "modified"),
		(),
	),
)
SOURCE_BY_TYPE = {source.type: source for source in TAX_SOURCES}
PERCENT_CHARGE_TYPE = "on_net_total"
ACTUAL_CHARGE_TYPE = "actual"


def template_component(line: dict) -> dict:
	charge_type = snake(line.get("charge_type")) or PERCENT_CHARGE_TYPE
	return {
		"account_id": line.get("account_head"),
		"description": line.get("description") or None,
		"charge_type": charge_type,
		"rate": None if charge_type == ACTUAL_CHARGE_TYPE else number(line.get("rate")),
		"amount": number(line.get("tax_amount")) if charge_type == ACTUAL_CHARGE_TYPE else None,
		"included_in_price": bool(line.get("included_in_print_rate")),
		"deduct": line.get("add_deduct_tax") == "Deduct",
	}


def item_tax_component(line: dict) -> dict:
	return {
		"account_id": line.get("tax_type"),
		"description": None,
		"charge_type": PERCENT_CHARGE_TYPE,
		"rate": number(line.get("tax_rate")),
		"amount": None,
		"included_in_price": False,
		"deduct": False,
	}


def components(source: TaxSource, row: dict, lines: list[dict]) -> list[dict]:
	if source.child_doctype is None:
		return [{**item_tax_component({"tax_type": row["name"], "tax_rate": row.get("tax_rate")})}]
	convert = item_tax_component if source.type == "item_tax_template" else template_component
	return [convert(line) for line in lines]


def total_rate(parts: list[dict]) -> float | None:
	"""Sum of the percent-of-net-total rates (deducted ones subtract); None when there is none."""
	rates = [
		-(p["rate"]) if p["deduct"] else p["rate"] for p in parts if p["charge_type"] == PERCENT_CHARGE_TYPE
	]
	return round(sum(rates), 9) if rates else None


def to_unified_tax_rate(source: TaxSource, row: dict, lines: list[dict], ctx: MapContext) -> dict:
	parts = components(source, row, lines)
	return {
		**base_fields(row, source.doctype, ctx),
		"type": source.type,
		"name": row.get("title") or row.get("account_name") or row["name"],
		"status": "inactive" if row.get("disabled") else "active",
		"is_default": bool(row.get("is_default")),
		"tax_category": row.get("tax_category") or None,
		"total_rate": total_rate(parts),
		"components": parts,
		**trailing_fields(row, source.doctype, ctx),
	}


STATUS_FILTER = {"active": 0, "inactive": 1}


class TaxRateFilters(CommonFilters):
	type: Annotated[
		Literal["sales_tax_template", "purchase_tax_template", "item_tax_template", "tax_account"] | None,
		Filter(None),
	] = None  # the service reads only that doctype
	status: Annotated[Literal["active", "inactive"] | None, Filter("disabled", values=STATUS_FILTER)] = None
