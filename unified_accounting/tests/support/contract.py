"""Contract checks (not tests): a response to one of our methods must match this site's OpenAPI document."""

import copy
import json
import os
import re

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import frappe

from unified_accounting.envelope import NDJSON
from unified_accounting.openapi import document as openapi

METHOD_PATH = re.compile(r"^/api/(?:v2/)?method/(unified_accounting\.api\.[\w.]+)")
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


class ContractError(AssertionError):
	"""A response that the served OpenAPI document does not describe."""


class Contract:
	"""One version of the document and the validators built from it (one per response schema)."""

	def __init__(self, spec: dict, closed: bool = False):
		self.spec = closed_shapes(spec) if closed else spec
		self.validators: dict[str, Draft202012Validator] = {}

	def check(self, http_method: str, path: str, status: int, body) -> None:
		"""Raise ContractError unless `body` is what the document promises for this call and status."""
		match = METHOD_PATH.match(path.split("?", 1)[0])
		if not match:
			return
		where = f"{http_method} {match.group(1)} -> {status}"
		operation = self.spec["paths"].get(f"/api/method/{match.group(1)}", {}).get(http_method.lower())
		if operation is None:
			if status < 400:
				raise ContractError(f"{where}: succeeded, but the spec has no such operation")
			schema = ERROR_SCHEMA  # unknown method, wrong HTTP method: still the one error shape
		else:
			schema = self.response_schema(operation, status, where)
			if isinstance(body, str) and (lines := self.stream_schema(operation, status)):
				self.check_lines(lines, body, where)
				return
		if not isinstance(body, dict | list) and schema:
			raise ContractError(f"{where}: body is not JSON: {str(body)[:200]!r}")
		if not schema:
			return
		error = body.get("error") if isinstance(body, dict) else None
		if status >= 400 and isinstance(error, dict) and error.get("status") != status:
			raise ContractError(f"{where}: error.status is {error.get('status')}, the HTTP status {status}")
		error = best_match(self.validator(schema).iter_errors(body))
		if error is not None:
			at = "/".join(str(p) for p in error.absolute_path) or "(body)"
			raise ContractError(f"{where}: {at}: {error.message[:300]}")

	def response_schema(self, operation: dict, status: int, where: str) -> dict:
		response = operation["responses"].get(str(status)) or operation["responses"].get("default")
		if response is None:
			raise ContractError(f"{where}: status not in the spec")
		if "$ref" in response:
			response = self.spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
		# A download answers a file, not JSON: only its status is checked.
		return response["content"].get("application/json", {}).get("schema", {})

	def stream_schema(self, operation: dict, status: int) -> dict | None:
		response = operation["responses"].get(str(status), {})
		return response.get("content", {}).get(NDJSON, {}).get("schema")

	def check_lines(self, schema: dict, body: str, where: str) -> None:
		"""An NDJSON body: every line is one JSON record of the schema, and the body ends with a newline."""
		if body and not body.endswith("\n"):
			raise ContractError(f"{where}: NDJSON body does not end with a newline")
		for number, line in enumerate(body.splitlines(), 1):
			error = best_match(self.validator(schema).iter_errors(json.loads(line)))
			if error is not None:
				at = "/".join(str(p) for p in error.absolute_path) or "(line)"
				raise ContractError(f"{where}: line {number}: {at}: {error.message[:300]}")

	def validator(self, schema: dict) -> Draft202012Validator:
		key = repr(schema)
		if key not in self.validators:
			# `#/components/...` refs resolve against the root schema, so the components ride along.
			root = {**schema, "components": self.spec["components"]}
			self.validators[key] = Draft202012Validator(root)
		return self.validators[key]


def closed_shapes(spec: dict) -> dict:
	"""The spec with every record shape closed (`additionalProperties: false`; custom fields stay open):
	a key the code returns but the TypedDict does not declare becomes a failure."""
	spec = copy.deepcopy(spec)
	for schema in spec["components"]["schemas"].values():
		if "properties" in schema and "additionalProperties" not in schema:
			schema["additionalProperties"] = False
	return spec


# UA_CONTRACT_CLOSED=1: also refuse keys the shapes do not declare (stricter than the served spec, which
# lets clients tolerate additions). Last whole-suite run with it: only `gl_preview` (dry runs) was extra.
CLOSED = os.environ.get("UA_CONTRACT_CLOSED") == "1"
_contracts: dict[str, Contract] = {}


def current_contract() -> Contract:
	"""The contract for the site's current code and metadata: the same document `api.meta.openapi` serves
	(get_spec, under the same version key), rebuilt only when Custom Fields, dimensions or settings change."""
	version = openapi.spec_version()
	if version not in _contracts:
		_contracts.clear()
		_contracts[version] = Contract(openapi.get_spec(), closed=CLOSED)
	return _contracts[version]


# On for every HTTP test; UA_CONTRACT=0 switches it off for a whole run (e.g. while bisecting a failure).
ENABLED = os.environ.get("UA_CONTRACT", "1") != "0"


def check_response(http_method: str, path: str, status: int, body) -> None:
	# While the app is uninstalled (tests marked `uninstall`) there is no site spec to check against.
	if ENABLED and "unified_accounting" in frappe.get_installed_apps():
		current_contract().check(http_method, path, status, body)
