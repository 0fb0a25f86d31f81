"""The MCP tool catalog: one tool per JSON endpoint of this site's OpenAPI document, with its input schema."""

import copy
import re

import frappe

from unified_accounting.openapi.document import get_spec, spec_version
from unified_accounting.openapi.endpoints import discover_endpoints

SCHEMA_PREFIX = "#/components/schemas/"
# Endpoints whose answer is not one JSON envelope a model can read (files, NDJSON streams, the spec).
NOT_TOOLS = frozenset({"openapi"})
# Writes that take something away or undo a posting: an agent's host should ask before these.
DESTRUCTIVE = re.compile(r"^(delete|cancel|close|unallocate|unapply|unreconcile|revoke|purge)_")
WRITE_NOTE = (
	"Writes are two calls: the first (without confirmation_token) runs a dry run and returns the would-be "
	"record (with gl_preview when it posts) and a confirmation_token; call again with the same arguments "
	"and that token to commit, exactly once."
)
CATALOG: dict[tuple[str, str], list[dict]] = {}  # (site, spec version) -> tools; a few kept per process


def tools() -> list[dict]:
	"""Every tool of this site, as MCP `Tool` objects (plain dicts) with what the server needs to call it
	under `call` (removed before listing), rebuilt when the spec changes."""
	return catalog()[1]


def catalog() -> tuple[tuple[str, str], list[dict]]:
	"""(version key, tools): the key changes with the code and the site's Custom Fields and Dimensions."""
	key = (frappe.local.site, spec_version())
	if key not in CATALOG:
		if len(CATALOG) > 8:
			CATALOG.clear()
		CATALOG[key] = build_tools(get_spec())
	return key, CATALOG[key]


def tool_named(name: str) -> dict | None:
	return next((tool for tool in tools() if tool["name"] == name), None)


def build_tools(spec: dict) -> list[dict]:
	resources = {endpoint.path: endpoint.resource for endpoint in discover_endpoints()}
	found = []
	for path, methods in spec["paths"].items():
		method, op = next(iter(methods.items()))
		if is_tool(op):
			tool = tool_of(path, method, op, spec["components"]["schemas"])
			tool["call"]["resource"] = resources.get(path)
			found.append(tool)
	return sorted(found, key=lambda t: t["name"])


def is_tool(op: dict) -> bool:
	success = next(iter(op["responses"].values()))
	return op["operationId"] not in NOT_TOOLS and "application/json" in success.get("content", {})


def tool_of(path: str, method: str, op: dict, components: dict) -> dict:
	"""One MCP tool, and under `call` the endpoint behind it."""
	write = any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
	schema = input_schema(op, method, components)
	if write:
		schema["properties"]["confirmation_token"] = {
			"type": "string",
			"maxLength": 200,
			"description": "From this tool's dry run: commits exactly what was previewed.",
		}
	name = op["operationId"]
	title = name.replace("_", " ").capitalize()
	return {
		"name": name,
		"title": title,
		"description": description(op, write),
		"inputSchema": schema,
		"annotations": {
			"title": title,
			"readOnlyHint": not write,
			"destructiveHint": bool(write and DESTRUCTIVE.match(name)),
			"idempotentHint": True,  # reads; writes commit once per confirmation token
			"openWorldHint": False,
		},
		"call": {
			"method": path.removeprefix("/api/method/"),
			"write": write,
			"dry_run": "dry_run" in schema["properties"],
			"tag": op["tags"][0],
		},
	}


def description(op: dict, write: bool) -> str:
	"""The summary and the first paragraph of the description: what a model needs to choose the tool."""
	text = (op.get("description") or "").split("\n\n")[0].strip() or op["summary"]
	if any(p["name"] == "cursor" for p in op.get("parameters", [])):
		text += " Paged: pass next_cursor back as cursor for the next page."
	return f"{text} {WRITE_NOTE}" if write else text


def input_schema(op: dict, method: str, components: dict) -> dict:
	"""A self-contained JSON schema: the request body (writes) or the query parameters (reads), with the
	components it refers to copied under `$defs`."""
	if method == "get":
		params = [p for p in op.get("parameters", []) if p["in"] == "query"]
		schema = {
			"type": "object",
			"properties": {p["name"]: parameter_schema(p) for p in params},
			"required": [p["name"] for p in params if p.get("required")],
		}
	else:
		body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
		schema = copy.deepcopy(resolve_top(body, components))
		schema.setdefault("type", "object")
		schema.setdefault("properties", {})
	defs = {}
	collect_refs(schema, components, defs)
	schema = rewrite_refs(schema)
	if defs:
		schema["$defs"] = {name: rewrite_refs(value) for name, value in defs.items()}
	if not schema.get("required"):
		schema.pop("required", None)
	return schema


def parameter_schema(param: dict) -> dict:
	schema = dict(param.get("schema", {}))
	if param.get("description"):
		schema.setdefault("description", param["description"])
	return schema


def resolve_top(schema: dict, components: dict) -> dict:
	ref = schema.get("$ref", "")
	return components[ref.removeprefix(SCHEMA_PREFIX)] if ref.startswith(SCHEMA_PREFIX) else schema


def collect_refs(node, components: dict, defs: dict) -> None:
	"""Every component `node` refers to, transitively."""
	if isinstance(node, dict):
		ref = node.get("$ref", "")
		if ref.startswith(SCHEMA_PREFIX) and (name := ref.removeprefix(SCHEMA_PREFIX)) not in defs:
			defs[name] = copy.deepcopy(components[name])
			collect_refs(defs[name], components, defs)
		for value in node.values():
			collect_refs(value, components, defs)
	elif isinstance(node, list):
		for value in node:
			collect_refs(value, components, defs)


def rewrite_refs(node):
	if isinstance(node, dict):
		return {
			key: (value.replace(SCHEMA_PREFIX, "#/$defs/") if key == "$ref" else rewrite_refs(value))
			for key, value in node.items()
		}
	if isinstance(node, list):
		return [rewrite_refs(value) for value in node]
	return node
