"""Pure mapping of Account rows to the unified Account shape, and unified filter values back to ERPNext."""

from unified_accounting.mappers.common import MapContext, base_fields, snake, trailing_fields

ACCOUNT_FIELDS = (
	"company",
	"creation",
	"modified",
	"account_name",
	"account_number",
	"root_type",
	"account_type",
	"disabled",
	"is_group",
	"parent_account",
	"account_currency",
)

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

ROOT_TYPE_BY_CLASSIFICATION = {unified: erpnext for erpnext, unified in CLASSIFICATION_MAP.items()}
DISABLED_BY_STATUS = {unified: disabled for disabled, unified in STATUS_MAP.items()}


def unified_account_type(account_type: str | None) -> str | None:
	if not account_type:
		return None
	return ACCOUNT_TYPE_MAP.get(account_type) or snake(account_type)


def account_types_by_unified(erpnext_types: list[str]) -> dict[str, str]:
	"""Reverse map of `unified_account_type` over the ERPNext options given."""
	return {unified_account_type(t): t for t in erpnext_types if t}


def to_unified_account(row: dict, ctx: MapContext, balance: float | None = None) -> dict:
	return {
		**base_fields(row, "Account", ctx),
		"name": row.get("account_name"),
		"number": row.get("account_number") or None,
		"description": None,
		"classification": CLASSIFICATION_MAP.get(row.get("root_type")),
		"type": unified_account_type(row.get("account_type")),
		"status": STATUS_MAP[int(row.get("disabled") or 0)],
		"is_group": bool(row.get("is_group")),
		"parent_account_id": row.get("parent_account") or None,
		"currency": row.get("account_currency") or None,
		"current_balance": balance,
		**trailing_fields(row, "Account", ctx),
	}
