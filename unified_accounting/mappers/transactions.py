"""Pure mapping of GL Entry rows to the unified Transaction (one general ledger line)."""

from frappe import unscrub

from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	contact_ref,
	iso_date,
	number,
	snake,
	tracking_categories,
	trailing_fields,
)

GL_FIELDS = (
	"company",
	"creation",
	"modified",
	"posting_date",
	"account",
	"debit",
	"credit",
	"account_currency",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"transaction_currency",
	"debit_in_transaction_currency",
	"credit_in_transaction_currency",
	"party_type",
	"party",
	"voucher_type",
	"voucher_no",
	"remarks",
	"is_cancelled",
	"cost_center",
	"project",
)
UNDERLYING_TYPES = {
	"Sales Invoice": "invoice",
	"Purchase Invoice": "invoice",
	"Payment Entry": "payment",
	"Journal Entry": "journal_entry",
}
VOUCHER_TYPES_BY_UNIFIED: dict[str, list[str]] = {}
for _doctype, _unified in UNDERLYING_TYPES.items():
	VOUCHER_TYPES_BY_UNIFIED.setdefault(_unified, []).append(_doctype)


def voucher_types(unified: str) -> list[str]:
	"""ERPNext voucher types for a unified type: the known names, else the snake_case doctype name."""
	return VOUCHER_TYPES_BY_UNIFIED.get(unified) or [unscrub(unified)]


def optional_number(value) -> float | None:
	return None if value is None else number(value)


def to_unified_transaction(row: dict, ctx: MapContext) -> dict:
	debit, credit = number(row.get("debit")), number(row.get("credit"))
	voucher_type = row.get("voucher_type")
	return {
		**base_fields(row, "GL Entry", ctx),
		"transaction_date": iso_date(row.get("posting_date")),
		"account_id": row.get("account"),
		"debit": debit,
		"credit": credit,
		"net_amount": round(debit - credit, 9),
		"currency": row.get("account_currency"),
		"debit_in_account_currency": number(row.get("debit_in_account_currency")),
		"credit_in_account_currency": number(row.get("credit_in_account_currency")),
		"transaction_currency": row.get("transaction_currency") or None,
		"debit_in_transaction_currency": optional_number(row.get("debit_in_transaction_currency")),
		"credit_in_transaction_currency": optional_number(row.get("credit_in_transaction_currency")),
		"contact": contact_ref(row.get("party_type"), row.get("party")),
		"underlying_transaction": {
			"type": UNDERLYING_TYPES.get(voucher_type) or snake(voucher_type),
			"erpnext_doctype": voucher_type,
			"id": row.get("voucher_no"),
		},
		"description": row.get("remarks") or None,
		"is_cancelled": bool(row.get("is_cancelled")),
		"tracking_categories": tracking_categories(row, ctx),
		**trailing_fields(row, "GL Entry", ctx),
	}
