"""Pure mapping of Modes of Payment, with their default account per company, to the unified PaymentMethod."""

from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	ENABLED_BY_STATUS,
	MapContext,
	base_fields,
	columns,
	enabled_status,
	read_fields,
	reverse,
	same,
	snake,
	text,
	trailing_fields,
)
from unified_accounting.schemas import PaymentMethod, PaymentMethodAccount

DOCTYPE, ACCOUNT_DOCTYPE = "Mode of Payment", "Mode of Payment Account"
TYPES = {"Cash": "cash", "Bank": "bank", "General": "general", "Phone": "phone"}
ERPNEXT_TYPE = reverse(TYPES)

FIELDS = (("name", "mode_of_payment", same),)
HEADER_FIELDS = ("creation", "modified", "type", "enabled", *columns(FIELDS))
ACCOUNT_FIELDS = ("company", "default_account")


class PaymentMethodFilters(CommonFilters):
	# A method belongs to no company: `company` keeps those with a default account in it.
	company: Annotated[str | None, Filter("company", child=ACCOUNT_DOCTYPE)] = None
	type: Annotated[Literal[tuple(ERPNEXT_TYPE)] | None, Filter("type", values=ERPNEXT_TYPE)] = None
	status: Annotated[
		Literal[tuple(ENABLED_BY_STATUS)] | None, Filter("enabled", values=ENABLED_BY_STATUS)
	] = None


def to_unified_account(row: dict) -> PaymentMethodAccount:
	return {"company": row["company"], "account_id": text(row.get("default_account"))}


def to_unified_payment_method(doctype: str, row: dict, children: dict, ctx: MapContext) -> PaymentMethod:
	return {
		**base_fields(row, doctype, ctx),
		"company": None,
		**read_fields(row, FIELDS),
		"type": TYPES.get(row.get("type")) or snake(row.get("type")) or "general",
		"status": enabled_status(row.get("enabled")),
		"accounts": [to_unified_account(line) for line in children.get("accounts", [])],
		**trailing_fields(row, doctype, ctx),
	}
