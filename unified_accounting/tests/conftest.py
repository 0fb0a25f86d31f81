"""Test order and areas. Unit tests (tests/unit) need no site, no bench, not even frappe: a run of only
them never loads tests/support/site.py, which connects to the real test site and holds the fixtures of
integration/ and system/. System tests (servers, a replica, a browser) carry the `system` marker:
`pytest -m "not system"` skips them locally; CI runs everything."""

import os
import random
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parent / "unit"


def pytest_configure(config):
	paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
	if not paths or not all(path.is_relative_to(UNIT) for path in paths):
		config.pluginmanager.import_plugin("unified_accounting.tests.support.site")


def module_order_seed() -> int | None:
	"""UA_TEST_SEED=<n> repeats an order, UA_TEST_SEED=off keeps file order; unset: a new random seed."""
	value = os.environ.get("UA_TEST_SEED", "")
	if value == "off":
		return None
	return int(value) if value else random.SystemRandom().randrange(10**6)


SEED = module_order_seed()


def pytest_report_header(config):
	order = "file order (UA_TEST_SEED=off)" if SEED is None else f"shuffled, UA_TEST_SEED={SEED} repeats it"
	return f"test modules: {order}"


def pytest_collection_modifyitems(config, items):
	"""Modules run in a shuffled order (no test may rely on what another module left), the tests of a module
	in file order; the uninstall/reinstall round trip runs after everything else."""
	for item in items:
		if "/tests/system/" in str(item.path):
			item.add_marker(pytest.mark.system)
	if SEED is not None:
		modules = sorted({item.nodeid.split("::")[0] for item in items})
		random.Random(SEED).shuffle(modules)
		rank = {module: i for i, module in enumerate(modules)}
		items.sort(key=lambda item: rank[item.nodeid.split("::")[0]])
	items.sort(key=lambda item: item.get_closest_marker("uninstall") is not None)
