"""No guest reaches app code: every whitelisted method of the app refuses with 401 in the unified shape."""

import importlib
import pkgutil

import pytest

import frappe

import unified_accounting
from unified_accounting.api.mcp import GUEST_OPEN, METADATA, SERVE


def app_methods() -> list:
	for module in pkgutil.walk_packages(unified_accounting.__path__, "unified_accounting."):
		importlib.import_module(module.name)
	return [fn for fn in frappe.whitelisted if fn.__module__.startswith("unified_accounting.")]


def dotted(fn) -> str:
	return f"{fn.__module__}.{fn.__name__}"


def test_the_walk_finds_the_api():
	names = {dotted(fn) for fn in app_methods()}
	assert "unified_accounting.api.meta.capabilities" in names


def unified_methods() -> list:
	return [fn for fn in app_methods() if dotted(fn) not in GUEST_OPEN]


def test_no_app_method_is_open_to_guests_but_the_two_mcp_needs():
	assert {dotted(fn) for fn in app_methods() if fn in frappe.guest_methods} == set(GUEST_OPEN)


def test_every_app_method_wears_the_unified_decorator():
	# Desk widgets (number cards, dashboard chart sources) answer frappe.call in Frappe's own shape; they
	# live in the module folder beside their DocType or chart source, never in api/.
	desk = "unified_accounting.unified_accounting."
	api = [fn for fn in unified_methods() if not fn.__module__.startswith(desk)]
	assert api and all(hasattr(fn, "unified_resource") for fn in api)


@pytest.mark.parametrize("http_method", ["GET", "POST"])
def test_the_mcp_endpoint_answers_a_guest_401_with_the_oauth_challenge(guest, http_method):
	response = guest.call(http_method, SERVE, {} if http_method == "POST" else None)
	assert (response.status, response.json["error"]["type"]) == (401, "unauthenticated")
	assert response.headers["WWW-Authenticate"].startswith('Bearer resource_metadata="')
	metadata = guest.call("GET", METADATA, validate=False)  # not in the unified API's spec
	assert metadata.status == 200 and metadata.json["resource"].endswith(SERVE)


@pytest.mark.parametrize("http_method", ["GET", "POST"])
def test_every_app_method_refuses_guests_with_401(guest, http_method):
	for fn in unified_methods():
		response = guest.call(http_method, dotted(fn), {} if http_method == "POST" else None)
		assert response.status == 401, (dotted(fn), http_method, response.body)
		assert response.json["error"]["type"] == "unauthenticated"
		assert response.headers.get("WWW-Authenticate") == "token"
