"""Shared pieces of every unified shape: custom fields, tracking categories, contact references, deletes."""

from typing import Annotated, Any, TypedDict

from pydantic import WithJsonSchema


def custom_fields_on(*doctypes: str):
	"""The type of a `custom_fields` object: a dict at runtime; in the OpenAPI spec, this site's Custom
	Fields on these doctypes, typed (`@dimensions`: each Accounting Dimension's doctype)."""
	return Annotated[dict[str, Any], WithJsonSchema({"type": "object", "x-custom-fields-of": list(doctypes)})]


# cost_center | project | an Accounting Dimension's fieldname: a str at runtime, this site's live enum in
# the OpenAPI spec.
TrackingCategoryType = Annotated[
	str, WithJsonSchema({"type": "string", "x-live-enum": "TrackingCategoryType"})
]


class TrackingCategoryRef(TypedDict):
	type: TrackingCategoryType  # cost_center | project | the Accounting Dimension's fieldname (e.g. "department")
	id: str  # the ERPNext record name
	name: str  # its display name


class Deleted(TypedDict):
	id: str  # the deleted document's name
	deleted: bool  # always true


class ContactRef(TypedDict):
	id: str  # Customer / Supplier / Employee name
	name: str | None  # customer_name / supplier_name when known
	type: str  # customer | supplier | employee | ... (ERPNext party type in snake_case)
