"""Connect the test session to the real test site of the bench (scripts/test.sh sets the two variables)."""

import os
import random

import pytest

BENCH_DIR = os.environ.get("UA_BENCH_DIR", os.path.expanduser("~/frappe-bench"))
SITE = os.environ.get("UA_TEST_SITE", "ua-test.localhost")
SITES_PATH = os.path.join(BENCH_DIR, "sites")
# frappe.app reads this once, at import, to find sites for the requests the HTTP tests send.
os.environ["SITES_PATH"] = SITES_PATH


def pytest_configure(config):
	import frappe

	# Frappe writes logs to ../logs relative to the working directory, as bench runs it from sites/.
	os.chdir(SITES_PATH)
	frappe.init(site=SITE, sites_path=SITES_PATH)
	frappe.connect()
	if not frappe.conf.allow_tests:
		pytest.exit(f"{SITE} does not allow tests: bench --site {SITE} set-config -p allow_tests True", 2)
	frappe.set_user("Administrator")


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
	if SEED is not None:
		modules = sorted({item.nodeid.split("::")[0] for item in items})
		random.Random(SEED).shuffle(modules)
		rank = {module: i for i, module in enumerate(modules)}
		items.sort(key=lambda item: rank[item.nodeid.split("::")[0]])
	items.sort(key=lambda item: item.get_closest_marker("uninstall") is not None)


def pytest_unconfigure(config):
	import frappe

	if getattr(frappe.local, "db", None):
		frappe.db.rollback()
		frappe.destroy()


@pytest.fixture(autouse=True)
def _isolated_transaction():
	"""Each test starts as Administrator and whatever it leaves uncommitted is rolled back."""
	import frappe

	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")


@pytest.fixture
def api(api_user):
	from unified_accounting.tests.utils import ApiClient

	return ApiClient(SITE, api_user.token)


@pytest.fixture
def guest():
	from unified_accounting.tests.utils import ApiClient

	return ApiClient(SITE, None)


@pytest.fixture(scope="session")
def api_user():
	from unified_accounting.tests.utils import ensure_api_user

	return ensure_api_user("ua-api@example.com", ["Accounts Manager", "Accounts User"])


@pytest.fixture(scope="session")
def sequencer():
	"""A real `bench worker` for the short queue, where the change sequencer's jobs (and deliveries) go."""
	from unified_accounting.tests.webhook_receiver import Worker

	running = Worker().start()
	yield running
	running.stop()


@pytest.fixture
def settings():
	"""The settings document; every change a test saves is put back afterwards."""
	from unified_accounting.tests.utils import restore_settings

	with restore_settings() as doc:
		yield doc


# The webhook modules' fixtures (imported last: that module needs SITES_PATH set above).
from unified_accounting.tests.webhook_fixtures import (  # noqa: E402, F401
	allow_local_receivers,
	books,
	receiver,
	subscribe,
	worker,
)
