"""Desk in a real headless Chromium against a real gunicorn: settings, workspace, API reference, integration user."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

import frappe
from frappe.permissions import AUTOMATIC_ROLES
from frappe.utils.password import update_password

from unified_accounting.services.platform import usage
from unified_accounting.tests.support.browser import (
	chromium,
	desk_ready,
	desk_server,
	log_in,
	open_route,
	screenshot,
	visible,
	wait,
)
from unified_accounting.tests.support.utils import ensure_api_user, restore_settings

DESK_USER = "ua-desk@example.com"
INTEGRATION_USER = "ua-integration-browser@example.com"
CAPABILITIES = "/api/method/unified_accounting.api.meta.capabilities"
LIST_ACCOUNTS = "/api/method/unified_accounting.api.accounts.list_accounts"
LIST_INVOICES_ID = "get-/api/method/unified_accounting.api.invoices.list_invoices"


@pytest.fixture(scope="module")
def server():
	with desk_server() as running:
		yield running


@pytest.fixture(scope="module")
def desk(server):
	"""A Chromium logged in to Desk as a System Manager (through the login form)."""
	password = frappe.generate_hash(length=16)
	ensure_api_user(DESK_USER, ["System Manager", "Accounts Manager", "Accounts User"])
	update_password(DESK_USER, password)
	frappe.db.commit()
	with chromium() as driver:
		log_in(driver, server.base_url, DESK_USER, password)
		yield driver


@pytest.fixture(autouse=True)
def last_screen(request, desk):
	"""Whatever happens, the page as each test left it is an artifact (named after the test)."""
	yield
	screenshot(desk, f"last-{request.node.name}")


def save_form(driver) -> None:
	"""Ctrl+S, as a person saves a form, then wait until the form is clean again."""
	driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "s")
	wait(driver).until(lambda d: d.execute_script("return cur_frm && !cur_frm.is_dirty() && !cur_frm.saving"))
	desk_ready(driver)


def test_settings_page_switches_a_resource_off_and_the_api_obeys(server, desk, api_user):
	with restore_settings():
		open_route(desk, server.base_url, "unified-accounting-settings")
		checkbox = visible(desk, "input[data-fieldname='enable_accounts']")
		assert checkbox.is_selected()
		assert server.request("GET", LIST_ACCOUNTS, api_user.token).status == 200

		checkbox.click()
		save_form(desk)
		screenshot(desk, "settings-accounts-off")
		off = server.request("GET", LIST_ACCOUNTS, api_user.token)
		assert off.status == 503
		assert off.body["error"]["type"] == "disabled"
		assert "accounts" in off.body["error"]["message"]

		visible(desk, "input[data-fieldname='enable_accounts']").click()
		save_form(desk)
		assert server.request("GET", LIST_ACCOUNTS, api_user.token).status == 200


def test_settings_page_links_to_the_api_reference(server, desk):
	open_route(desk, server.base_url, "unified-accounting-settings")
	desk.find_element(By.XPATH, "//button[contains(., 'Open')]").click()
	visible(desk, ".dropdown-menu.show").find_element(By.XPATH, ".//a[contains(., 'API Reference')]").click()
	wait(desk).until(lambda d: d.current_url.endswith("/app/unified-api-reference"))


def test_api_reference_renders_the_live_spec_and_finds_an_endpoint(server, desk):
	open_route(desk, server.base_url, "unified-api-reference")
	# RapiDoc renders into its shadow DOM once the bundle is loaded and the spec fetched.
	doc = wait(desk, 60).until(
		lambda d: d.execute_script(
			"const el = document.querySelector('rapi-doc');"
			"return el && el.shadowRoot && el.shadowRoot.querySelector('#nav-bar-search') ? el : null"
		)
	)
	search = doc.shadow_root.find_element(By.CSS_SELECTOR, "#nav-bar-search")
	search.send_keys("list_invoices", Keys.ENTER)
	found = wait(desk).until(lambda d: shown_operations(d) if shown_operations(d) else None)
	assert found == [LIST_INVOICES_ID]
	doc.shadow_root.find_element(By.CSS_SELECTOR, f"[data-content-id='{LIST_INVOICES_ID}']").click()
	section = wait(desk).until(
		lambda d: d.execute_script(
			"const el = document.querySelector('rapi-doc').shadowRoot.getElementById(arguments[0]);"
			"return el && el.getBoundingClientRect().top < window.innerHeight ? el.innerText : null",
			LIST_INVOICES_ID,
		)
	)
	assert "unified_accounting.api.invoices.list_invoices" in section and "next_cursor" in section
	screenshot(desk, "api-reference-search")
	bundle = desk.execute_script("return frappe.assets.bundled_asset('api_reference.bundle.js')")
	assert bundle.startswith("/assets/unified_accounting/dist/js/api_reference.bundle.")


def shown_operations(driver) -> list[str]:
	"""The operations RapiDoc's navigation bar currently shows (after a search: the matches)."""
	return driver.execute_script(
		"const nav = document.querySelector('rapi-doc').shadowRoot.querySelector('nav');"
		"return [...nav.querySelectorAll('.nav-bar-path')].filter(e => e.offsetParent)"
		"  .map(e => e.getAttribute('data-content-id'));"
	)


def test_workspace_shows_todays_usage_in_cards_and_chart(server, desk, api_user):
	for _ in range(3):
		assert server.request("GET", CAPABILITIES, api_user.token).status == 200
	assert server.request("GET", f"{LIST_ACCOUNTS}?limit=oops", api_user.token).status == 400
	usage.flush()  # what the scheduler does every five minutes
	frappe.db.commit()
	expected = usage.today_summary()
	assert expected["requests"] >= 4 and expected["error_rate"] > 0 and expected["p95_ms"] > 0

	open_route(desk, server.base_url, "unified-accounting")
	cards = wait(desk, 60).until(lambda d: number_cards(d) if len(number_cards(d)) == 3 else None)
	assert int(cards["API Requests Today"].replace(",", "")) == expected["requests"]
	assert float(cards["API Error Rate Today"].rstrip("% ")) == pytest.approx(
		expected["error_rate"], abs=0.01
	)
	assert float(cards["API p95 Latency Today (ms)"].replace(",", "")) == expected["p95_ms"]
	wait(desk, 60).until(bars_settled())
	busiest = usage.requests_per_endpoint_per_day()["datasets"][0]["name"]
	legend = desk.find_element(By.CSS_SELECTOR, ".widget.dashboard-widget-box").text
	assert busiest[:12] in legend  # the legend shortens long names
	screenshot(desk, "workspace-usage")


def bars_settled():
	"""A wait condition: the chart has bars with height and they stopped growing (frappe-charts animates)."""
	seen = []

	def settled(driver) -> bool:
		heights = driver.execute_script(
			"return [...document.querySelectorAll('.widget.dashboard-widget-box svg .bar-chart rect')]"
			"  .map(r => parseFloat(r.getAttribute('height')) || 0);"
		)
		seen.append(heights)
		return any(heights) and len(seen) > 2 and seen[-2] == heights

	return settled


def number_cards(driver) -> dict[str, str]:
	"""Title -> shown number of each number card that has finished loading."""
	return driver.execute_script(
		"const out = {};"
		"document.querySelectorAll('.widget.number-widget-box').forEach(card => {"
		"  const number = card.querySelector('.number');"
		"  if (number && number.textContent.trim()) out[card.querySelector('.widget-title').textContent.trim()]"
		"    = number.textContent.trim();"
		"});"
		"return out;"
	)


@pytest.fixture
def integration_cleanup():
	remove_integration_user()
	yield
	remove_integration_user()


def remove_integration_user() -> None:
	frappe.db.rollback()  # see what the browser's requests committed
	for name in frappe.get_all("User Permission", filters={"user": INTEGRATION_USER}, pluck="name"):
		frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	if frappe.db.exists("User", INTEGRATION_USER):
		frappe.delete_doc("User", INTEGRATION_USER, ignore_permissions=True, force=True)
	frappe.db.commit()


def test_create_integration_user_then_call_the_api_with_the_shown_key(server, desk, integration_cleanup):
	company = frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	open_route(desk, server.base_url, "unified-accounting-settings")
	desk.find_element(By.XPATH, "//button[contains(., 'Create Integration User')]").click()
	dialog = visible(desk, ".modal.show")
	# Shown (not still fading in) once Frappe has focused its first field.
	wait(desk).until(
		lambda d: d.execute_script("return document.activeElement.dataset.fieldname === 'email'")
	)
	dialog.find_element(By.CSS_SELECTOR, "input[data-fieldname='email']").send_keys(INTEGRATION_USER)
	dialog.find_element(By.CSS_SELECTOR, "input[data-unit='Accounts Manager']").click()
	link = dialog.find_element(By.CSS_SELECTOR, "input[data-fieldname='company']")
	link.click()
	link.send_keys(company[:4])  # pick it from the suggestions, as a person does
	option = (By.CSS_SELECTOR, f".modal.show [role='option'] p[title='{company}']")
	wait(desk).until(EC.element_to_be_clickable(option)).click()
	wait(desk).until(lambda d: d.execute_script("return cur_dialog.get_value('company')") == company)
	screenshot(desk, "integration-user-dialog")
	dialog.find_element(By.CSS_SELECTOR, ".modal-footer .btn-primary").click()

	secret = visible(desk, ".modal.show .ua-api-secret").text
	key = desk.find_element(By.CSS_SELECTOR, ".modal.show .ua-api-key").text
	curl = desk.find_element(By.CSS_SELECTOR, ".modal.show .ua-curl").text
	screenshot(desk, "integration-user-created")
	assert f"token {key}:{secret}" in curl and CAPABILITIES in curl

	frappe.db.rollback()  # see what the browser's request committed
	roles = set(frappe.get_roles(INTEGRATION_USER)) - set(AUTOMATIC_ROLES)
	assert roles == {"Accounts User", "Accounts Manager"}
	caps = server.request("GET", CAPABILITIES, f"{key}:{secret}")
	assert caps.status == 200
	accounts = server.request("GET", f"{LIST_ACCOUNTS}?limit=50", f"{key}:{secret}")
	assert accounts.status == 200 and accounts.body["result"]
	assert {a["company"] for a in accounts.body["result"]} == {company}
	assert server.request("GET", CAPABILITIES, f"{key}:wrong-secret").status == 401
