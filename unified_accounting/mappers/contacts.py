"""Pure mapping of Customer and Supplier rows to the unified Contact."""

from unified_accounting.mappers.common import MapContext, base_fields, trailing_fields

TYPE_BY_DOCTYPE = {"Customer": "customer", "Supplier": "supplier"}
DOCTYPE_BY_TYPE = {unified: doctype for doctype, unified in TYPE_BY_DOCTYPE.items()}
COMMON_FIELDS = ("creation", "modified", "tax_id", "default_currency", "disabled", "email_id", "mobile_no")


def contact_fields(doctype: str) -> list[str]:
	prefix = "customer" if doctype == "Customer" else "supplier"
	return [*COMMON_FIELDS, f"{prefix}_name", f"{prefix}_group"]


def to_unified_contact(doctype: str, row: dict, ctx: MapContext) -> dict:
	prefix = "customer" if doctype == "Customer" else "supplier"
	return {
		**base_fields(row, doctype, ctx),
		"company": None,
		"type": TYPE_BY_DOCTYPE[doctype],
		"name": row.get(f"{prefix}_name"),
		"group": row.get(f"{prefix}_group") or None,
		"tax_id": row.get("tax_id") or None,
		"currency": row.get("default_currency") or None,
		"status": "inactive" if row.get("disabled") else "active",
		"email": row.get("email_id") or None,
		"phone": row.get("mobile_no") or None,
		**trailing_fields(row, doctype, ctx),
	}
