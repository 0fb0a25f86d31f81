"""This site's OpenAPI 3.1 document, generated from the endpoints' code and the site's live metadata, cached."""

import copy
import hashlib
import inspect
import json
import sys
from functools import cache
from typing import Any

from pydantic import TypeAdapter

import frappe
from frappe.query_builder import CustomFunction
from frappe.query_builder.functions import Concat, Count, Sum

from unified_accounting.mappers import custom_fields
from unified_accounting.openapi import bounds, frame, parts
from unified_accounting.openapi import operations as ops
from unified_accounting.openapi.endpoints import Endpoint, discover_endpoints
from unified_accounting.openapi.frame import info, security_schemes, tags
from unified_accounting.openapi.parts import (
	custom_fields_component,
	field_comments,
	is_data_field,
	named_classes,
	portable,
)
from unified_accounting.services.core.settings import get_settings

CACHE_SECONDS = 6 * 3600
Crc32 = CustomFunction("CRC32", ["value"])  # MariaDB's
# (site, key) -> document, the last few this process served: skips unpickling ~250 KB from Redis per call.
RECENT: dict[tuple[str, str], dict] = {}
RECENT_SIZE = 4
DIMENSIONS = "@dimensions"


def get_spec() -> dict:
	"""The document for this site, from frappe.cache under a key that changes with the code and with the
	site's metadata (Custom Fields, Accounting Dimensions, the custom-fields setting): never stale."""
	key = f"unified_accounting:openapi:{spec_version()}"
	if (frappe.local.site, key) in RECENT:
		return RECENT[(frappe.local.site, key)]
	# expires=True: the key expires, and without it a miss would be kept as None in frappe.local.cache
	# (for the rest of a long-lived process: a test session, where the next read saw None).
	spec = frappe.cache.get_value(key, expires=True)
	if spec is None:
		spec = build_spec()
		frappe.cache.set_value(key, spec, expires_in_sec=CACHE_SECONDS)
	for stale in list(RECENT)[: max(0, len(RECENT) - RECENT_SIZE + 1)]:
		RECENT.pop(stale, None)  # threads of one worker may race here: never raise
	RECENT[(frappe.local.site, key)] = spec
	return spec


def spec_version() -> str:
	"""Code version + metadata version: a checksum over every Custom Field and Accounting Dimension row's
	name and modified (a deleted and a re-added field differ; clocks may disagree, so not max(modified))
	and the custom-fields setting. Two aggregate queries."""
	versions = [code_version(), bool(get_settings().expose_custom_fields)]
	for doctype in ("Custom Field", "Accounting Dimension"):
		table = frappe.qb.DocType(doctype)
		checksum = Sum(Crc32(Concat(table.name, table.modified)))
		versions += frappe.qb.from_(table).select(Count("*"), checksum).run()[0]
	return hashlib.sha1(repr(versions).encode()).hexdigest()[:16]


@cache
def code_version() -> str:
	"""A digest of the code's part of the document as this process generated it: processes running other
	code (a deploy, a reload) never share a cache entry, even while files change under a running one."""
	text = json.dumps(code_spec(), sort_keys=True, default=str)
	# ... and the generator's own code, which turns the code part into a site's document.
	generator = [sys.modules[__name__], parts, bounds, custom_fields, frame]
	text += "".join(inspect.getsource(module) for module in generator)
	return hashlib.sha1(text.encode()).hexdigest()[:16]


def build_spec() -> dict:
	"""The code's part (the same for every site, built once per process) + this site's live metadata."""
	spec = copy.deepcopy(code_spec())
	apply_live_metadata(spec)
	# The site's own URL (its host_name, else the host it was first asked on): generators need a base.
	site = {
		"url": frappe.utils.get_url(),
		"description": "This site (production: its books).",
		"x-internal": False,
	}
	spec["servers"] = [site]
	return bounds.optional_defaults(bounds.bound(spec))


@cache
def code_spec() -> dict:
	endpoints = discover_endpoints()
	schemas = SchemaSet()
	for endpoint in endpoints:
		schemas.collect(endpoint)
	schemas.generate()
	table = ops.error_table()
	error_schemas, error_responses = ops.error_components(table)
	spec = {
		"openapi": "3.1.0",
		"info": info(table),
		"servers": [{"url": "/", "description": "This site (paths are absolute on its host)."}],
		"security": [{"tokenAuth": []}, {"oauth2": ["all"]}, {"sessionCookie": []}],
		"tags": tags(endpoints),
		"paths": paths(endpoints, schemas, sorted(table)),
		"components": {
			"schemas": {**schemas.defs, **error_schemas},
			"responses": error_responses,
			"securitySchemes": security_schemes(),
		},
	}
	return spec


class SchemaSet:
	"""Every type the endpoints name, turned into JSON schemas in one pydantic pass (shared $defs)."""

	def __init__(self):
		self.types: dict[tuple[str, str], tuple[str, Any]] = {}
		self.refs: dict[tuple[str, str], dict] = {}
		self.defs: dict[str, dict] = {}

	def collect(self, endpoint: Endpoint) -> None:
		for param in endpoint.query_parameters:
			self.add(param.hint, "validation")
		self.add(endpoint.body, "validation")
		self.add(endpoint.result, "serialization")

	def add(self, hint: Any, mode: str) -> None:
		if hint is not None:
			self.types[(repr(hint), mode)] = (mode, hint)

	def generate(self) -> None:
		inputs = [(key, mode, TypeAdapter(portable(hint))) for key, (mode, hint) in self.types.items()]
		refs, top = TypeAdapter.json_schemas(inputs, ref_template=ops.REF)
		self.refs = {key: schema for (key, _mode), schema in refs.items()}
		self.defs = dict(sorted(top.get("$defs", {}).items()))
		classes = {}
		for _mode, hint in self.types.values():
			named_classes(hint, classes)
		for name, schema in self.defs.items():
			cls = classes.get(name.removesuffix("-Input").removesuffix("-Output"))
			comments = field_comments(cls) if cls else {}
			for field, prop in schema.get("properties", {}).items():
				if comments.get(field):
					prop.setdefault("description", comments[field])

	def schema_of(self, hint: Any, mode: str) -> dict:
		return self.refs.get((repr(hint), mode), {}) if hint is not None else {}


def paths(endpoints: list[Endpoint], schemas: SchemaSet, statuses: list[int]) -> dict:
	names = [e.name for e in endpoints]
	found = {}
	for endpoint in endpoints:
		base = endpoint.name if names.count(endpoint.name) == 1 else f"{endpoint.module}_{endpoint.name}"
		success = success_schema(endpoint, schemas)
		found[endpoint.path] = {
			method.lower(): ops.operation(
				endpoint,
				method,
				schemas.schema_of,
				success,
				statuses,
				base if i == 0 else f"{base}_{method.lower()}",
			)
			for i, method in enumerate(endpoint.http_methods)
		}
	return found


def success_schema(endpoint: Endpoint, schemas: SchemaSet) -> dict:
	"""The success body: the list envelope, `{"result": ...}`, or (envelope=False) the value itself. Named
	records get named envelopes (`InvoicePage`, `InvoiceResult`) for generated clients."""
	record = schemas.schema_of(endpoint.result, "serialization")
	if endpoint.stream:
		return record  # each line of the NDJSON body
	if not endpoint.envelope:
		return record or {"type": "object"}
	name = record.get("$ref", "").rsplit("/", 1)[-1]
	body = ops.page_component(record) if endpoint.is_page else ops.result_component(record)
	if not name:
		return body
	component = f"{name}{'Page' if endpoint.is_page else 'Result'}"
	schemas.defs.setdefault(component, body)
	return {"$ref": ops.REF.format(model=component)}


def apply_live_metadata(spec: dict) -> None:
	"""Swap the markers schemas/ leaves (`x-custom-fields-of`, `x-live-enum`) for this site's typed
	custom fields and its tracking category types."""
	components = spec["components"]["schemas"]
	live = LiveMetadata(components, bool(get_settings().expose_custom_fields), dimension_doctypes())
	spec["paths"] = live.replace(spec["paths"])
	for name in list(components):
		components[name] = live.replace(components[name])
	spec["x-site"] = {
		"custom_fields_exposed": live.exposed,
		"tracking_category_types": components["TrackingCategoryType"]["enum"],
	}


class LiveMetadata:
	"""Builds the live components once each and replaces every marker by a $ref to them."""

	def __init__(self, components: dict, exposed: bool, dimensions: dict[str, str]):
		self.components, self.exposed, self.dimensions = components, exposed, dimensions
		components["TrackingCategoryType"] = {
			"type": "string",
			"enum": ["cost_center", "project", *dimensions],
			"description": "cost_center, project, or the fieldname of one of this site's Accounting Dimensions.",
		}

	def replace(self, node):
		if isinstance(node, list):
			return [self.replace(item) for item in node]
		if not isinstance(node, dict):
			return node
		if "x-live-enum" in node:
			return self.ref(node["x-live-enum"], node)
		if "x-custom-fields-of" in node:
			return self.ref(self.custom_fields(node["x-custom-fields-of"]), node)
		return {k: self.replace(v) for k, v in node.items()}

	def custom_fields(self, declared: list[str]) -> str:
		name = "CustomFields" + "".join(d.title().replace(" ", "") for d in declared).replace("@", "")
		if name not in self.components:
			doctypes = expand(declared, self.dimensions)
			fields = live_custom_fields(doctypes)
			self.components[name] = custom_fields_component(fields, doctypes, self.exposed)
		return name

	@staticmethod
	def ref(name: str, marker: dict) -> dict:
		"""A $ref keeping the marked property's own description (its comment in schemas/)."""
		found = {"$ref": ops.REF.format(model=name)}
		return {**found, "description": marker["description"]} if marker.get("description") else found


def dimension_doctypes() -> dict[str, str]:
	"""fieldname -> document type of each enabled Accounting Dimension (read fresh, not request-cached)."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import get_dimensions

	dimensions, _defaults = get_dimensions(with_cost_center_and_project=False)
	return {d.fieldname: d.document_type for d in dimensions}


def expand(doctypes: list[str], dimensions: dict[str, str]) -> list[str]:
	found = []
	for doctype in doctypes:
		found += list(dimensions.values()) if doctype == DIMENSIONS else [doctype]
	return list(dict.fromkeys(found))


def live_custom_fields(doctypes: list[str]) -> list[dict]:
	"""Every data-carrying Custom Field on these doctypes, as described to clients."""
	found = []
	for doctype in doctypes:
		for field in frappe.get_meta(doctype).get_custom_fields():
			if is_data_field(field.fieldtype):
				found.append(
					{
						"key": field.fieldname,
						"label": field.label,
						"type": field.fieldtype,
						"options": field.options or None,
						"required": bool(field.reqd),
						"description": field.description,
						"doctypes": [doctype],
					}
				)
	return found
