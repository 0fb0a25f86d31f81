"""Pure mapping of Custom Field values and definitions to typed unified values."""

import datetime
from decimal import Decimal

NUMBER_FIELDTYPES = frozenset({"Currency", "Float", "Percent"})
INTEGER_FIELDTYPES = frozenset({"Int", "Rating", "Duration"})
DATE_FIELDTYPES = frozenset({"Date", "Datetime"})
# Custom fields that carry layout, not data.
NO_VALUE_FIELDTYPES = frozenset(
	{
		"Section Break",
		"Column Break",
		"Tab Break",
		"HTML",
		"Button",
		"Fold",
		"Heading",
		"Image",
		"Table",
		"Table MultiSelect",
	}
)


def custom_field_descriptor(field) -> dict:
	"""How a custom field is described to API clients."""
	return {
		"key": field.fieldname,
		"label": field.label,
		"type": field.fieldtype,
		"options": field.options or None,
		"required": bool(field.reqd),
	}


def typed_value(fieldtype: str, value):
	"""A custom field's stored value as its natural JSON type: numbers, booleans, ISO dates."""
	if value is None or value == "":
		return None
	if fieldtype == "Check":
		return bool(int(value))
	if fieldtype in INTEGER_FIELDTYPES:
		return int(value)
	if fieldtype in NUMBER_FIELDTYPES:
		return float(value) if isinstance(value, Decimal | int | float) else float(str(value))
	if fieldtype in DATE_FIELDTYPES and isinstance(value, datetime.date | datetime.datetime):
		return value.isoformat()
	return value


def custom_fields_of(row: dict, fields: list[tuple[str, str]]) -> dict:
	"""The `custom_fields` object of one record, from (fieldname, fieldtype) pairs."""
	return {name: typed_value(fieldtype, row.get(name)) for name, fieldtype in fields}
