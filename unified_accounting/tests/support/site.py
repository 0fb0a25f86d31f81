"""The real test site every integration and system test runs against (scripts/test.sh sets the two
variables), and the fixtures those tests share: a pytest plugin the root conftest loads unless only
tests/unit is run (those run with no site)."""

import os

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
	from unified_accounting.tests.support.utils import ApiClient

	return ApiClient(SITE, api_user.token)


@pytest.fixture
def guest():
	from unified_accounting.tests.support.utils import ApiClient

	return ApiClient(SITE, None)


@pytest.fixture(scope="session")
def api_user():
	from unified_accounting.tests.support.utils import ensure_api_user

	return ensure_api_user("ua-api@example.com", ["Accounts Manager", "Accounts User"])


@pytest.fixture(scope="session")
def sequencer():
	"""A real `bench worker` for the short queue, where the change sequencer's jobs (and deliveries) go."""
	from unified_accounting.tests.support.webhook_receiver import Worker

	running = Worker().start()
	yield running
	running.stop()


@pytest.fixture
def settings():
	"""The settings document; every change a test saves is put back afterwards."""
	from unified_accounting.tests.support.utils import restore_settings

	with restore_settings() as doc:
		yield doc


# The webhook modules' fixtures (imported last: that module needs SITES_PATH set above).
from unified_accounting.tests.support.webhook_fixtures import (  # noqa: E402, F401
	allow_local_receivers,
	books,
	receiver,
	subscribe,
	worker,
)
