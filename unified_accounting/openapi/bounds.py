"""Bounds on every schema of the OpenAPI document, and defaults generators would misread. Pure: dicts in, out.

Every string gets the length its ERPNext column allows, every integer the range of Frappe's Int column,
every array a maximum (OWASP API4, resource limits); defaults of request-only components move into their
description, because TypeScript generators with default options make a property with a default required."""

ID_LENGTH = 140  # Frappe's varchar(140): document names, Data, Link and Select columns
TEXT_LENGTH = 65_535  # Small Text and Text (MariaDB TEXT)
LONG_LENGTH = 4_294_967_295  # Long Text, Text Editor, Code, base64 files (LONGTEXT)
CURSOR_LENGTH = 4096  # signed cursors: a key and a filter digest
DATE_LENGTHS = {"date": 10, "date-time": 32, "time": 16}
INT_RANGE = (-2_147_483_648, 2_147_483_647)  # Frappe's Int column (int(11))
ARRAY_LIMIT = 10_000  # lists the code bounds itself say so (maxItems); no other reaches this
CURSOR_NAMES = frozenset({"cursor", "next_cursor", "prev_cursor", "since", "Next-Cursor"})
ID_NAMES = frozenset(
	{
		"id",
		"name",
		"number",
		"company",
		"currency",
		"type",
		"status",
		"email",
		"user",
		"code",
		"uom",
		"change",
	}
)
LONG_WORDS = ("description", "terms", "notes", "content", "html", "remote_data", "message", "base64")
NO_BOUND = ("maxLength", "enum", "const")


def bound(spec: dict) -> dict:
	"""The document with every string, integer and array bounded (in place; returned for chaining)."""
	walk(spec.get("paths", {}), None)
	walk(spec.get("components", {}), None)
	return spec


def walk(node, name: str | None) -> None:
	if isinstance(node, list):
		for item in node:
			walk(item, name)
		return
	if not isinstance(node, dict):
		return
	bound_schema(node, name)
	for key, value in node.items():
		if key == "properties" and isinstance(value, dict):
			for prop, schema in value.items():
				walk(schema, prop)
		elif key in ("headers", "schemas", "responses", "parameters_by_name") and isinstance(value, dict):
			for child, schema in value.items():
				walk(schema, child)
		elif key == "schema" and "name" in node:  # a parameter or a header object
			walk(value, node["name"])
		else:
			walk(value, name)


def bound_schema(schema: dict, name: str | None) -> None:
	kind = schema.get("type")
	if kind == "string" and not any(key in schema for key in NO_BOUND):
		schema["maxLength"] = string_length(name, schema.get("format"))
	elif kind == "integer":
		schema.setdefault("format", "int32")
		if "minimum" not in schema and "exclusiveMinimum" not in schema:
			schema["minimum"] = INT_RANGE[0]
		if "maximum" not in schema and "exclusiveMaximum" not in schema:
			schema["maximum"] = INT_RANGE[1]
	elif kind == "array":
		schema.setdefault("maxItems", ARRAY_LIMIT)


def string_length(name: str | None, fmt: str | None) -> int:
	"""The ERPNext column a string of this name is kept in, by the API's naming convention."""
	if fmt in DATE_LENGTHS:
		return DATE_LENGTHS[fmt]
	if fmt == "binary" or not name:
		return LONG_LENGTH
	if name in CURSOR_NAMES:
		return CURSOR_LENGTH
	if any(word in name for word in LONG_WORDS):
		return LONG_LENGTH
	if name in ID_NAMES or name.endswith(("_id", "_number", "_type", "_status", "_code")):
		return ID_LENGTH
	return TEXT_LENGTH


def optional_defaults(spec: dict) -> dict:
	"""Move `default` into the description of every property of components only requests use: a client
	may leave them out, and openapi-typescript's defaults type a property with a default as required."""
	components = spec["components"]["schemas"]
	for name in request_only(spec):
		for prop in components[name].get("properties", {}).values():
			if "default" in prop:
				default = prop.pop("default")
				if default is not None:
					shown = str(default).lower() if isinstance(default, bool) else default
					prop["description"] = (
						f"{prop.get('description', '').rstrip('.')}. Default: `{shown}`.".lstrip(". ")
					)
	return spec


def request_only(spec: dict) -> set[str]:
	"""Components reached from request bodies or parameters and never from a response."""
	components = spec["components"]["schemas"]
	requests, responses = set(), set()
	for methods in spec["paths"].values():
		for op in methods.values():
			reach([op.get("requestBody"), op.get("parameters")], components, requests)
			reach(op.get("responses"), components, responses)
	reach(spec["components"].get("responses"), components, responses)
	return requests - responses


def reach(node, components: dict, found: set[str]) -> None:
	if isinstance(node, list):
		for item in node:
			reach(item, components, found)
	elif isinstance(node, dict):
		ref = node.get("$ref", "")
		if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[1]) not in found:
			found.add(name)
			reach(components.get(name), components, found)
		for value in node.values():
			reach(value, components, found)
