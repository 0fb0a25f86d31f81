"""What the api package offers, read from the code itself: the whitelisted functions of each resource."""

import importlib
import importlib.util

import frappe


def operations(resource_name: str) -> list[tuple]:
	"""(function, HTTP methods) of every whitelisted function in `unified_accounting.api.<resource>`."""
	module_name = f"unified_accounting.api.{resource_name}"
	if importlib.util.find_spec(module_name) is None:
		return []
	module = importlib.import_module(module_name)
	return [
		(fn, frappe.allowed_http_methods_for_whitelisted_func[fn])
		for fn in frappe.whitelisted
		if fn.__module__ == module_name and getattr(module, fn.__name__, None) is fn
	]
