"""DB-free tests of every mapper, both directions, from the golden fixtures in tests/fixtures/; and every
unified output checked key by key and type by type against its TypedDict in schemas/."""

import inspect
import types
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from unified_accounting import resources, schemas
from unified_accounting.mappers import (
	accounts,
	contacts,
	invoices,
	journal_entries,
	payments,
	tracking_categories,
	transactions,
)
from unified_accounting.tests.support.golden import RESOURCES, cases, context, decode, encode, load

MODULES = {
	"accounts": accounts,
	"invoices": invoices,
	"journal_entries": journal_entries,
	"payments": payments,
	"transactions": transactions,
	"contacts": contacts,
	"tracking_categories": tracking_categories,
}
SHAPES = {
	"accounts": schemas.Account,
	"invoices": schemas.Invoice,
	"journal_entries": schemas.JournalEntry,
	"payments": schemas.Payment,
	"transactions": schemas.Transaction,
	"contacts": schemas.Contact,
	"tracking_categories": schemas.TrackingCategory,
}


def to_unified(resource: str, case: dict) -> dict:
	"""The mapper's output for a fixture case, through the resource's spec where it has one."""
	row, ctx = decode(case["row"]), context(case["ctx"])
	if resource == "tracking_categories":
		source = tracking_categories.CategorySource(**case["source"])
		return tracking_categories.to_unified_tracking_category(source, row, ctx)
	spec = getattr(resources, resource.upper()).spec
	return spec.mapper(case["doctype"], row, decode(case["children"]), ctx)


def ids(found: list[tuple[str, dict]]) -> list[str]:
	return [f"{resource}: {case['case']}" for resource, case in found]


@pytest.mark.parametrize("resource, case", cases("to_unified"), ids=ids(cases("to_unified")))
def test_erpnext_rows_to_unified(resource, case):
	assert encode(to_unified(resource, case)) == case["unified"]


@pytest.mark.parametrize("resource, case", cases("to_erpnext"), ids=ids(cases("to_erpnext")))
def test_unified_to_erpnext(resource, case):
	function = getattr(MODULES[resource], case["function"])
	assert encode(function(*decode(case["args"]))) == case["expected"]


@pytest.mark.parametrize("resource, case", cases("to_unified"), ids=ids(cases("to_unified")))
def test_outputs_match_the_schema(resource, case):
	assert shape_problems(to_unified(resource, case), SHAPES[resource], resource) == []


def test_every_mapper_function_has_fixtures_both_ways():
	"""Each public to_unified_* / to_erpnext_* function appears in a fixture, directly or as a spec's mapper."""
	for resource in RESOURCES:
		module, data = MODULES[resource], load(resource)
		assert data["to_unified"], f"{resource}: no to_unified cases"
		tested = {case["function"] for case in data["to_erpnext"]}
		writers = {
			name
			for name, _f in inspect.getmembers(module, inspect.isfunction)
			if name.startswith("to_erpnext")
		}
		assert writers <= tested, f"{resource}: no fixture for {sorted(writers - tested)}"


def test_the_checker_catches_a_missing_key_and_a_wrong_type():
	good = to_unified(*cases("to_unified")[0])
	broken = {**good, "is_group": "yes"}
	del broken["currency"]
	assert shape_problems(broken, schemas.Account, "account") == [
		"account: missing keys ['currency']",
		"account.is_group: 'yes' is not bool",
	]


def shape_problems(value, hint, path: str) -> list[str]:
	"""Where `value` departs from the type `hint` (TypedDicts checked key by key, recursively)."""
	origin = get_origin(hint)
	if hint is Any:
		return []
	if origin is Annotated:
		return shape_problems(value, get_args(hint)[0], path)
	if origin in (Union, types.UnionType):
		options = get_args(hint)
		if value is None:
			return [] if type(None) in options else [f"{path}: None is not allowed"]
		found = [shape_problems(value, option, path) for option in options if option is not type(None)]
		return [] if any(not f for f in found) else found[0]
	if is_typeddict(hint):
		return typeddict_problems(value, hint, path)
	if origin is list:
		if not isinstance(value, list):
			return [f"{path}: {value!r} is not a list"]
		return [
			p for i, item in enumerate(value) for p in shape_problems(item, get_args(hint)[0], f"{path}[{i}]")
		]
	expected = origin or hint
	if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
		return [f"{path}: {value!r} is not {expected.__name__}"]
	return []


def typeddict_problems(value, shape, path: str) -> list[str]:
	if not isinstance(value, dict):
		return [f"{path}: {value!r} is not an object"]
	hints = get_type_hints(shape, include_extras=True)
	problems = []
	if missing := sorted(set(hints) - set(value)):
		problems.append(f"{path}: missing keys {missing}")
	if extra := sorted(set(value) - set(hints)):
		problems.append(f"{path}: unknown keys {extra}")
	for key, hint in hints.items():
		if key in value:
			problems += shape_problems(value[key], hint, f"{path}.{key}")
	return problems
