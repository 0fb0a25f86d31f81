"""Browser test helpers (not tests): a real gunicorn serving the test site, headless Chromium, screenshots."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import frappe

from unified_accounting.tests.support.site import BENCH_DIR, SITE, SITES_PATH

CHROMIUM = os.environ.get("UA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("UA_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS_DIR = os.environ.get("UA_ARTIFACTS_DIR", os.path.join(BENCH_DIR, "ua-artifacts", SITE))
CHROMIUM_FLAGS = (
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--window-size=1440,1000",
)


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@dataclass
class Response:
	status: int
	body: dict | str


@dataclass
class DeskServer:
	"""A gunicorn serving the test site on 127.0.0.1:port, /assets included, as scripts/setup.sh runs it."""

	port: int
	process: subprocess.Popen

	@property
	def base_url(self) -> str:
		# Chromium resolves *.localhost to 127.0.0.1 itself; Frappe picks the site from the Host header.
		return f"http://{SITE}:{self.port}"

	def request(self, method: str, path: str, token: str | None = None, body: dict | None = None) -> Response:
		"""One HTTP request to the server. Python does not resolve *.localhost: connect to 127.0.0.1 and
		name the site in the Host header."""
		connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
		headers = {"Host": SITE, "Accept": "application/json"}
		if token:
			headers["Authorization"] = f"token {token}"
		data = None
		if body is not None:
			data, headers["Content-Type"] = json.dumps(body), "application/json"
		try:
			connection.request(method, path, body=data, headers=headers)
			response = connection.getresponse()
			text = response.read().decode()
		finally:
			connection.close()
		# A fresh snapshot, so the test sees what the request (or the browser before it) committed.
		frappe.db.rollback()
		try:
			return Response(response.status, json.loads(text))
		except ValueError:
			return Response(response.status, text)


@contextmanager
def desk_server():
	"""Start gunicorn (two workers) and stop it afterwards, whatever happens."""
	port = free_port()
	os.makedirs(ARTIFACTS_DIR, exist_ok=True)
	log = open(os.path.join(ARTIFACTS_DIR, "gunicorn.log"), "ab")
	process = subprocess.Popen(
		[
			os.path.join(BENCH_DIR, "env", "bin", "gunicorn"),
			*("--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120"),
			"frappe.app:application_with_statics()",
		],
		cwd=SITES_PATH,
		env={**os.environ, "SITES_PATH": SITES_PATH},
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	server = DeskServer(port, process)
	try:
		wait_until_up(server)
		yield server
	finally:
		process.terminate()
		try:
			process.wait(timeout=20)
		except subprocess.TimeoutExpired:
			process.kill()
			process.wait()
		log.close()


def wait_until_up(server: DeskServer, timeout: float = 60) -> None:
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		if server.process.poll() is not None:
			raise RuntimeError(
				f"gunicorn exited ({server.process.returncode}); see {ARTIFACTS_DIR}/gunicorn.log"
			)
		try:
			if server.request("GET", "/api/method/ping").status == 200:
				return
		except OSError:
			pass
		time.sleep(0.3)
	raise RuntimeError(f"gunicorn did not answer within {timeout}s")


@contextmanager
def chromium():
	"""Headless Chromium driven by chromedriver, with its own throw-away profile."""
	profile = tempfile.mkdtemp(prefix="ua-chromium-")
	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for flag in CHROMIUM_FLAGS:
		options.add_argument(flag)
	options.add_argument(f"--user-data-dir={profile}")
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	driver.set_page_load_timeout(60)
	try:
		yield driver
	finally:
		driver.quit()
		shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name: str) -> str:
	"""Save a PNG of the current page as a test artifact and return its path."""
	os.makedirs(ARTIFACTS_DIR, exist_ok=True)
	path = os.path.join(ARTIFACTS_DIR, f"{name}.png")
	driver.save_screenshot(path)
	return path


def wait(driver, timeout: float = 30) -> WebDriverWait:
	return WebDriverWait(driver, timeout, poll_frequency=0.2)


def visible(driver, css: str, timeout: float = 30):
	return wait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def log_in(driver, base_url: str, user: str, password: str) -> None:
	"""Log in through the login page, as a person would, and wait for Desk."""
	driver.get(f"{base_url}/login")
	visible(driver, "#login_email").send_keys(user)
	driver.find_element(By.CSS_SELECTOR, "#login_password").send_keys(password)
	driver.find_element(By.CSS_SELECTOR, ".page-card-actions .btn-login").click()
	wait(driver).until(lambda d: "/app" in d.current_url)
	desk_ready(driver)


def desk_ready(driver, timeout: float = 60) -> None:
	"""Desk has booted and finished routing (no request in flight)."""
	wait(driver, timeout).until(
		lambda d: d.execute_script(
			"return !!(window.frappe && frappe.boot && frappe.router && frappe.container && frappe.container.page)"
			" && !frappe.request.ajax_count"
		)
	)


def open_route(driver, base_url: str, route: str) -> None:
	driver.get(f"{base_url}/app/{route}")
	desk_ready(driver)
