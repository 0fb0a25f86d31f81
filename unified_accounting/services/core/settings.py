"""Reading Unified Accounting Settings and enforcing its gates (enabled, per-resource, page size)."""

from functools import cache

import frappe

from unified_accounting.exceptions import DisabledError, InvalidRequestError
from unified_accounting.resources import RESOURCES

SETTINGS_DOCTYPE = "Unified Accounting Settings"


def get_settings():
	"""The cached settings document (Frappe invalidates the cache on save)."""
	return frappe.get_cached_doc(SETTINGS_DOCTYPE)


def resource_enabled(settings, resource: str) -> bool:
	return bool(settings.get(f"enable_{resource}"))


def ensure_enabled(resource: str | None = None) -> None:
	"""Raise 503 `disabled` when the app, or the resource an endpoint serves, is switched off."""
	settings = get_settings()
	if not settings.enabled:
		raise DisabledError(
			"Unified Accounting is disabled. An administrator can enable it in Unified Accounting Settings."
		)
	if resource and resource in switchable() and not resource_enabled(settings, resource):
		raise DisabledError(
			f"The {resource} resource is disabled. An administrator can enable it in Unified Accounting Settings."
		)


@cache
def switchable() -> frozenset[str]:
	"""Resources with an `enable_<resource>` switch in the settings (declared in the registry; the settings
	DocType's fields are checked against it by tests/integration/platform/test_settings.py)."""
	return frozenset(resource.name for resource in RESOURCES if resource.switchable)


def resolve_page_size(limit: int | None) -> int:
	"""The page size for a list request: the settings default, bounded by the settings maximum."""
	settings = get_settings()
	if limit is None:
		return settings.default_page_size
	if limit < 1 or limit > settings.max_page_size:
		raise InvalidRequestError(
			f"limit must be between 1 and {settings.max_page_size}.",
			[{"field": "limit", "message": f"must be between 1 and {settings.max_page_size}"}],
		)
	return limit
