"""Finding every endpoint in unified_accounting.api and reading what its code declares: methods, hints, shapes."""

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin, get_type_hints, is_typeddict

from pydantic import BaseModel
from werkzeug.wrappers import Response

import frappe

import unified_accounting.api
from unified_accounting.envelope import NdjsonStream, Page
from unified_accounting.openapi.parts import field_comments, parameter_comments

API_PACKAGE = "unified_accounting.api"
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE")


@dataclass
class QueryParameter:
	name: str
	hint: Any
	required: bool
	description: str | None
	default: Any = None


@dataclass
class Endpoint:
	module: str  # short module name: accounts, invoices, meta ...
	name: str  # function name
	http_methods: list[str]
	source: Callable  # the undecorated function: signature, hints, docstring
	write: bool
	status: int
	envelope: bool
	hints: dict[str, Any]
	body: type[BaseModel] | None  # `body: <Model>` of write endpoints
	result: Any  # the record type (TypedDict), the raw return hint, or None when untyped
	is_page: bool
	binary: bool  # answers a file (a werkzeug Response), not JSON
	stream: bool  # answers NDJSON, one `result` record per line (`-> NdjsonStream[Record]`)
	resource: str | None = None  # the resource its settings switch and API scopes name (None: platform)

	@property
	def dotted(self) -> str:
		return f"{API_PACKAGE}.{self.module}.{self.name}"

	@property
	def path(self) -> str:
		return f"/api/method/{self.dotted}"

	@property
	def query_parameters(self) -> list[QueryParameter]:
		"""What the caller sends, as api/binding.py binds it: plain parameters, and the fields of grouped
		ones (`filters: <Filters>`, `paging: Paging`: any pydantic model but a write's `body`) flattened."""
		found = []
		for name, param in inspect.signature(self.source).parameters.items():
			hint = self.hints.get(name)
			if name == "body" or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
				continue
			if isinstance(hint, type) and issubclass(hint, BaseModel):
				comments = field_comments(hint)
				for field, info in hint.model_fields.items():
					doc = info.description or comments.get(field)
					found.append(
						QueryParameter(field, Annotated[info.annotation, info], info.is_required(), doc)
					)
			else:
				required = param.default is inspect.Parameter.empty
				doc = parameter_comments(self.source).get(name)
				found.append(QueryParameter(name, hint, required, doc, None if required else param.default))
		return found


def discover_endpoints() -> list[Endpoint]:
	"""Every whitelisted function defined in a module of unified_accounting.api, sorted by path: walking the
	package means endpoints added later appear without registering them anywhere."""
	for module in pkgutil.iter_modules(unified_accounting.api.__path__):
		importlib.import_module(f"{API_PACKAGE}.{module.name}")
	found = []
	for fn in list(frappe.whitelisted):
		module = getattr(fn, "__module__", "") or ""
		if not module.startswith(f"{API_PACKAGE}."):
			continue
		short = module.removeprefix(f"{API_PACKAGE}.")
		if not hasattr(fn, "unified_source"):
			continue  # not the unified API (the MCP transport, its OAuth metadata: docs/mcp.md)
		if getattr(importlib.import_module(module), fn.__name__, None) is fn:
			found.append(endpoint_of(short, fn))
	return sorted(found, key=lambda e: (e.module, e.name))


def endpoint_of(module: str, fn: Callable) -> Endpoint:
	source = getattr(fn, "unified_source", fn)
	hints = get_type_hints(source, include_extras=True)
	body = hints.get("body")
	result, is_page = result_type(hints.get("return"))
	allowed = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or list(HTTP_METHODS)
	return Endpoint(
		module=module,
		name=fn.__name__,
		http_methods=[m for m in HTTP_METHODS if m in allowed],
		source=source,
		write=bool(getattr(fn, "unified_write", False)),
		status=int(getattr(fn, "unified_status", 200)),
		envelope=bool(getattr(fn, "unified_envelope", True)),
		hints=hints,
		body=body if isinstance(body, type) and issubclass(body, BaseModel) else None,
		result=result,
		is_page=is_page and not is_response(hints.get("return")),
		binary=is_response(hints.get("return")),
		stream=get_origin(hints.get("return")) is NdjsonStream,
		resource=getattr(fn, "unified_resource", None),
	)


def is_response(hint: Any) -> bool:
	return isinstance(hint, type) and issubclass(hint, Response)


def result_type(hint: Any) -> tuple[Any, bool]:
	"""(record type, is a page) from a return annotation: `Page[Invoice]`, `Invoice`, `list[X]` ... A
	werkzeug Response (a download) is answered as it is: no record type."""
	if hint is Page or (isinstance(hint, type) and issubclass(hint, Response)):
		return None, True
	if get_origin(hint) is NdjsonStream:
		return get_args(hint)[0], False
	if get_origin(hint) is Page:
		return (get_args(hint) or (None,))[0], True
	if hint in (None, dict, Any, inspect.Signature.empty) or hint is type(None):
		return None, False
	return hint, False


def is_typed(endpoint: Endpoint) -> bool:
	"""Whether the endpoint names its output shape as the convention asks (docs/openapi.md)."""
	if not endpoint.envelope or endpoint.binary:
		return True
	return endpoint.result is not None and (
		is_typeddict(endpoint.result) or get_origin(endpoint.result) is not None
	)
