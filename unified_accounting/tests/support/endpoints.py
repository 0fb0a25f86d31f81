"""Test helper (not tests): every endpoint of ours, found by importing each api module."""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

from pydantic_core import PydanticUndefined

import frappe

import unified_accounting.api
from unified_accounting.api.binding import query_parameters


@dataclass
class Endpoint:
	path: str  # dotted path after /api/method/
	source: object  # the undecorated function
	write: bool

	def parameters(self) -> list[tuple[str, object, object]]:
		return [] if self.write else query_parameters(self.source)

	def needs_arguments(self) -> bool:
		return any(d in (inspect.Parameter.empty, PydanticUndefined) for _n, _h, d in self.parameters())

	def string_parameters(self) -> list[str]:
		return [name for name, hint, _default in self.parameters() if "str" in str(hint)]


def endpoints() -> list[Endpoint]:
	for module in pkgutil.iter_modules(unified_accounting.api.__path__):
		importlib.import_module(f"unified_accounting.api.{module.name}")
	found = [
		Endpoint(
			f"{fn.__module__}.{fn.__name__}", fn.unified_source, bool(getattr(fn, "unified_write", False))
		)
		for fn in list(frappe.whitelisted)
		if getattr(fn, "unified_source", None) and fn.__module__.startswith("unified_accounting.api.")
	]
	return sorted(found, key=lambda e: e.path)


def reads() -> list[Endpoint]:
	return [e for e in endpoints() if not e.write]
