"""Binding request parameters to an endpoint's declared signature: one 400 naming every bad field."""

import inspect
import re
from collections.abc import Callable
from typing import get_type_hints

from pydantic import BaseModel, TypeAdapter, ValidationError

from unified_accounting.exceptions import InvalidRequestError

# Keys Frappe itself puts in form_dict, never the caller's arguments.
FRAPPE_PARAMS = frozenset({"cmd", "_"})


def is_model(hint) -> bool:
	return isinstance(hint, type) and issubclass(hint, BaseModel)


def grouped_parameters(fn: Callable) -> dict[str, type[BaseModel]]:
	"""Parameters taken as a group: `filters: <Filters>`, `paging: Paging` (any pydantic model but a
	write's `body`). Their fields are flat query parameters."""
	hints = get_type_hints(fn)
	return {
		name: hints[name]
		for name in inspect.signature(fn).parameters
		if name != "body" and is_model(hints.get(name))
	}


def query_parameters(fn: Callable) -> list[tuple[str, object, object]]:
	"""(name, type, default) of every query parameter a read endpoint takes, groups flattened: what the
	caller sends (and what the OpenAPI spec lists)."""
	hints, groups = get_type_hints(fn), grouped_parameters(fn)
	found = []
	for name, parameter in inspect.signature(fn).parameters.items():
		if name in groups:
			found += [(f, info.annotation, info.default) for f, info in groups[name].model_fields.items()]
		else:
			found.append((name, hints.get(name), parameter.default))
	return found


def argument_binder(fn: Callable) -> Callable[[dict], dict]:
	"""Build, once per endpoint, a function that checks and converts request parameters against `fn`'s
	signature: unknown names, missing required ones and malformed values are one 400 naming each."""
	hints = get_type_hints(fn)
	if is_model(hints.get("body")):
		return body_binder(hints["body"])
	groups = grouped_parameters(fn)
	owner = {field: group for group, model in groups.items() for field in model.model_fields}
	single = {n: p for n, p in inspect.signature(fn).parameters.items() if n not in groups}
	adapters = {name: TypeAdapter(hints[name]) for name in single if name in hints}
	required = [name for name, p in single.items() if p.default is inspect.Parameter.empty]

	def bind(params: dict) -> dict:
		details, bound, given = [], {}, {group: {} for group in groups}
		for name, value in params.items():
			if name in FRAPPE_PARAMS:
				continue
			if name in owner:
				given[owner[name]][name] = value
			elif name not in single:
				details.append({"field": name, "message": "unknown parameter"})
			else:
				try:
					bound[name] = adapters[name].validate_python(value) if name in adapters else value
				except ValidationError as exc:
					details.append({"field": name, "message": error_message(exc.errors()[0])})
		for group, model in groups.items():
			bound[group] = bind_group(model, given[group], details)
		details += [{"field": name, "message": "required"} for name in required if name not in params]
		if details:
			raise InvalidRequestError(f"Invalid parameters: {field_names(details)}.", details)
		return bound

	return bind


def bind_group(model: type[BaseModel], values: dict, details: list) -> BaseModel | None:
	"""Validate one group; its problems (and live-metadata enum problems) join `details`."""
	try:
		bound = model.model_validate(values)
	except ValidationError as exc:
		details += [{"field": field_path(e["loc"]), "message": error_message(e)} for e in exc.errors()]
		failed = {e["loc"][0] for e in exc.errors() if e["loc"]}
		valid = model.model_validate({k: v for k, v in values.items() if k not in failed})
		details += valid.problems() if hasattr(valid, "problems") else []
		return None
	details += bound.problems() if hasattr(bound, "problems") else []
	return bound


def body_binder(model: type[BaseModel]) -> Callable[[dict], dict]:
	"""For write endpoints taking `body: <Model>`: the whole JSON body is validated at once, and each
	problem is named by its path (`line_items[1].account_id`)."""

	def bind(params: dict) -> dict:
		data = {k: v for k, v in params.items() if k not in FRAPPE_PARAMS}
		try:
			return {"body": model.model_validate(data)}
		except ValidationError as exc:
			details = [{"field": field_path(e["loc"]), "message": error_message(e)} for e in exc.errors()]
			raise InvalidRequestError(f"Invalid request body: {field_names(details)}.", details) from None

	return bind


def field_names(details: list[dict]) -> str:
	return ", ".join(dict.fromkeys(d["field"] for d in details))


def field_path(loc: tuple) -> str:
	path = ""
	for part in loc:
		path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
	return path or "body"


def error_message(error: dict) -> str:
	"""Pydantic's words, except where ours are plainer; enums read like every other enum error."""
	if error["type"] == "literal_error":
		choices = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
		return f"must be one of: {', '.join(sorted(choices))}"
	return {"extra_forbidden": "unknown field", "missing": "required"}.get(error["type"], error["msg"])
