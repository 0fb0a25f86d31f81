"""Pure pieces of the OpenAPI document: type conversion for pydantic, field comments, live-metadata schemas."""

import inspect
import io
import tokenize
import types
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import typing_extensions

from unified_accounting.mappers.custom_fields import (
	DATE_FIELDTYPES,
	INTEGER_FIELDTYPES,
	NO_VALUE_FIELDTYPES,
	NUMBER_FIELDTYPES,
)

NULL = {"type": "null"}
# Custom field types whose stored value is free-form (JSON text, GeoJSON): any JSON value.
UNTYPED_FIELDTYPES = frozenset({"JSON", "Geolocation"})
# Frappe's MariaDB columns of the text fieldtypes (frappe/database/mariadb/database.py's type map): the
# longest value a Custom Field of each type can hold. Every other text type is a varchar(140).
TEXT_COLUMN_LENGTHS = {"Small Text": 65_535, "Text": 65_535, "Password": 65_535, "Attach": 65_535}
TEXT_COLUMN_LENGTHS["Attach Image"] = 65_535
LONG_TEXT_LENGTH = 4_294_967_295
LONG_TEXT_FIELDTYPES = frozenset(
	{"Long Text", "Text Editor", "Code", "HTML Editor", "Markdown Editor", "Signature", "Barcode"}
)


def portable(tp: Any) -> Any:
	"""`tp` with every typing.TypedDict swapped for an equal typing_extensions one (pydantic reads only
	those before Python 3.12), through unions, generics and Annotated."""
	if is_typeddict(tp) and type(tp) is not type(typing_extensions.TypedDict("_", {})):
		return portable_typed_dict(tp)
	origin = get_origin(tp)
	if origin is Annotated:
		return Annotated[(portable(tp.__origin__), *tp.__metadata__)]
	if origin in (Union, types.UnionType):
		return Union[tuple(portable(arg) for arg in get_args(tp))]  # noqa: UP007
	if origin in (list, dict, tuple, set, frozenset) and get_args(tp):
		return origin[tuple(portable(arg) for arg in get_args(tp))]
	return tp


@cache
def portable_typed_dict(cls: type) -> type:
	hints = get_type_hints(cls, include_extras=True)
	copy = typing_extensions.TypedDict(
		cls.__name__, {k: portable(v) for k, v in hints.items()}, total=cls.__total__
	)
	copy.__module__, copy.__doc__ = cls.__module__, cls.__doc__
	return copy


def named_classes(tp: Any, found: dict | None = None) -> dict[str, type]:
	"""Every TypedDict / pydantic model reachable from `tp`, by class name (to find their source)."""
	found = {} if found is None else found
	if isinstance(tp, type) and (is_typeddict(tp) or hasattr(tp, "model_fields")):
		if tp.__name__ in found:
			return found
		found[tp.__name__] = tp
		hints = get_type_hints(tp, include_extras=True)
		for hint in hints.values():
			named_classes(hint, found)
		return found
	for arg in get_args(tp):
		named_classes(arg, found)
	return found


@cache
def field_comments(cls: type) -> dict[str, str]:
	"""The trailing `# comment` of each field in a class body: schemas/ and inputs/ document each
	field that way, and the spec shows it as the property's description."""
	try:
		source = inspect.getsource(cls)
	except (OSError, TypeError):
		return {}
	comments, field, depth = {}, None, 0
	for token in tokenize.generate_tokens(io.StringIO(source).readline):
		if token.type == tokenize.OP and token.string in "([{":
			depth += 1
		elif token.type == tokenize.OP and token.string in ")]}":
			depth -= 1
		elif token.type == tokenize.NAME and depth == 0 and token.start[1] == 1 and token.line[:1] == "\t":
			field = token.string
		elif token.type == tokenize.NAME and depth == 0 and token.start[1] == 4 and token.line[:4] == "    ":
			field = token.string
		elif token.type == tokenize.COMMENT and field and field not in comments:
			comments[field] = token.string.lstrip("#").strip()
	return comments


@cache
def parameter_comments(fn) -> dict[str, str]:
	"""The trailing `# comment` of each parameter in a function's signature (one parameter a line)."""
	try:
		source = inspect.getsource(fn)
	except (OSError, TypeError):
		return {}
	comments, param, depth, expect_name, in_def = {}, None, 0, False, False
	for token in tokenize.generate_tokens(io.StringIO(source).readline):
		if not in_def:  # skip the decorators
			in_def = token.type == tokenize.NAME and token.string == "def"
		elif token.type == tokenize.OP and token.string in "([{":
			depth += 1
			expect_name = depth == 1
		elif token.type == tokenize.OP and token.string in ")]}":
			depth -= 1
			if depth == 0 and param is not None:
				break
		elif token.type == tokenize.OP and token.string == "," and depth == 1:
			expect_name = True
		elif token.type == tokenize.NAME and depth == 1 and expect_name:
			param, expect_name = token.string, False
		elif token.type == tokenize.COMMENT and param and depth == 1:
			comments.setdefault(param, token.string.lstrip("#").strip())
	return comments


def doc_parts(doc: str | None) -> tuple[str, str]:
	"""(summary, description) from a docstring: the first sentence-paragraph, then the whole text."""
	text = inspect.cleandoc(doc or "")
	summary = " ".join(text.split("\n\n")[0].split()).split(". ")[0].rstrip(".")
	return (summary if len(summary) <= 120 else summary[:117].rsplit(" ", 1)[0] + "..."), text


def without_null(schema: dict) -> dict:
	"""A query parameter cannot be JSON null: `X | None` is X, optional."""
	if "default" in schema and schema["default"] is None:
		schema = {k: v for k, v in schema.items() if k != "default"}
	options = schema.get("anyOf")
	if not options or NULL not in options:
		return schema
	rest = [option for option in options if option != NULL]
	others = {k: v for k, v in schema.items() if k != "anyOf"}
	return {**rest[0], **others} if len(rest) == 1 else {**others, "anyOf": rest}


def nullable(schema: dict) -> dict:
	return {"anyOf": [schema, NULL]}


def custom_field_schema(field: dict) -> dict:
	"""The JSON schema of one Custom Field's value, as mappers/custom_fields.typed_value returns it."""
	fieldtype = field["type"]
	if fieldtype in UNTYPED_FIELDTYPES or " or " in fieldtype:
		return {"description": field_description(field)}
	return {
		**nullable(value_schema(fieldtype, field.get("options"))),
		"description": field_description(field),
	}


def value_schema(fieldtype: str, options: str | None) -> dict:
	if fieldtype == "Check":
		return {"type": "boolean"}
	if fieldtype in INTEGER_FIELDTYPES:
		return {"type": "integer"}
	if fieldtype in NUMBER_FIELDTYPES:
		return {"type": "number"}
	if fieldtype in DATE_FIELDTYPES:
		return {"type": "string", "format": "date"} if fieldtype == "Date" else {"type": "string"}
	if fieldtype == "Select" and options:
		return {"type": "string", "enum": [o for o in options.split("\n") if o.strip()]}
	if fieldtype in LONG_TEXT_FIELDTYPES:
		return {"type": "string", "maxLength": LONG_TEXT_LENGTH}
	return {"type": "string", "maxLength": TEXT_COLUMN_LENGTHS.get(fieldtype, 140)}


def field_description(field: dict) -> str:
	kind = (
		f"{field['type']} -> {field['options']}"
		if field["type"] in ("Link", "Dynamic Link")
		else field["type"]
	)
	text = f"{field['label'] or field['key']} ({kind}, on {', '.join(field['doctypes'])})"
	if field.get("description"):
		text += f": {' '.join(str(field['description']).split())}"
	return text + (" Mandatory in ERPNext." if field.get("required") else "")


def custom_fields_component(fields: list[dict], doctypes: list[str], exposed: bool) -> dict:
	"""The live `custom_fields` object: one typed property per Custom Field of these doctypes."""
	merged: dict[str, dict] = {}
	for field in fields:
		seen = merged.get(field["key"])
		if seen and (seen["type"], seen.get("options")) == (field["type"], field.get("options")):
			seen["doctypes"] = [*seen["doctypes"], *field["doctypes"]]
		elif seen:  # one fieldname, different types on two doctypes: any of them
			seen["type"], seen["options"] = f"{seen['type']} or {field['type']}", None
			seen["doctypes"] = [*seen["doctypes"], *field["doctypes"]]
		else:
			merged[field["key"]] = dict(field)
	properties = {key: custom_field_schema(field) for key, field in merged.items()}
	where = ", ".join(doctypes) or "no doctype"
	description = f"This site's Custom Fields on {where}, typed; keys you may not read are left out."
	if not exposed:
		description = "Custom fields are switched off in Unified Accounting Settings: always empty."
		properties = {}
	return {
		"type": "object",
		"description": description,
		"properties": properties,
		"additionalProperties": True,
	}


def is_data_field(fieldtype: str) -> bool:
	return fieldtype not in NO_VALUE_FIELDTYPES
