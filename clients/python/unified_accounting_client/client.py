"""The HTTP client: auth, retries honouring Retry-After, idempotent writes, cursor iterators, feed, stream."""

import time
import uuid
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

import requests

from unified_accounting_client.errors import error_from

API = "/api/method/unified_accounting.api"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
STREAM_CHUNK = 1 << 20  # 1 MB reads: requests' default iter_lines reads 512 bytes (2.5x slower parsing)
# module -> (singular, plural) of the method names: `invoices.get_invoice`, `company_info.list_companies`.
RESOURCES = {
	"accounts": ("account", "accounts"),
	"attachments": ("attachment", "attachments"),
	"bank_accounts": ("bank_account", "bank_accounts"),
	"bank_transactions": ("bank_transaction", "bank_transactions"),
	"company_info": ("company", "companies"),
	"contacts": ("contact", "contacts"),
	"currencies": ("currency", "currencies"),
	"employees": ("employee", "employees"),
	"expenses": ("expense", "expenses"),
	"invoices": ("invoice", "invoices"),
	"items": ("item", "items"),
	"journal_entries": ("journal_entry", "journal_entries"),
	"payment_methods": ("payment_method", "payment_methods"),
	"payment_terms": ("payment_terms", "payment_terms"),
	"payments": ("payment", "payments"),
	"purchase_orders": ("purchase_order", "purchase_orders"),
	"quotes": ("quote", "quotes"),
	"sales_orders": ("sales_order", "sales_orders"),
	"tax_rates": ("tax_rate", "tax_rates"),
	"tracking_categories": ("tracking_category", "tracking_categories"),
	"transactions": ("transaction", "transactions"),
	"webhooks": ("webhook", "webhooks"),
}


class Client:
	"""One site. `api_key`/`api_secret` (an ERPNext user's API access) or `bearer` (an OAuth token).
	`host` names the site when `base_url` is an address (`http://127.0.0.1:8000`, Host: site)."""

	def __init__(
		self,
		base_url: str,
		api_key: str | None = None,
		api_secret: str | None = None,
		*,
		bearer: str | None = None,
		host: str | None = None,
		timeout: float = 60,
		max_retries: int = 4,
		max_retry_wait: float = 60,
		session: requests.Session | None = None,
	):
		self.base_url = base_url.rstrip("/")
		self.timeout, self.max_retries, self.max_retry_wait = timeout, max_retries, max_retry_wait
		self.http = session or requests.Session()
		self.http.headers["Accept"] = "application/json"
		if bearer:
			self.http.headers["Authorization"] = f"Bearer {bearer}"
		elif api_key:
			self.http.headers["Authorization"] = f"token {api_key}:{api_secret}"
		if host:
			self.http.headers["Host"] = host

	def __getattr__(self, name: str) -> "Resource":
		if name in RESOURCES:
			return Resource(self, name)
		raise AttributeError(name)

	# the calls
	def get(self, method: str, **params) -> dict:
		"""GET `unified_accounting.api.<method>`: the whole answer (`result`, cursors)."""
		return self.request("GET", method, params=clean(params)).json()

	def post(self, method: str, body: dict | None = None, *, idempotency_key: str | None = None) -> dict:
		"""POST a write with an Idempotency-Key (a fresh one unless given), the same on every retry: a
		retried write is answered from the first, never done twice."""
		headers = {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}
		return self.request("POST", method, json=body or {}, headers=headers).json()

	def request(self, http_method: str, method: str, **kwargs) -> requests.Response:
		"""Send, retrying 429/502/503/504 (after Retry-After when given, else backoff) and connection
		errors; a unified error answer raises its typed error."""
		url = f"{self.base_url}{API}.{method}"
		for attempt in range(self.max_retries + 1):
			try:
				response = self.http.request(http_method, url, timeout=self.timeout, **kwargs)
			except requests.ConnectionError:
				if attempt == self.max_retries:
					raise
				time.sleep(self.backoff(attempt, None))
				continue
			if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
				time.sleep(self.backoff(attempt, response.headers.get("Retry-After")))
				continue
			if response.status_code >= 400:
				raise error_from(response.status_code, safe_json(response), response)
			return response
		raise AssertionError("unreachable")

	def backoff(self, attempt: int, retry_after: str | None) -> float:
		return min(self.max_retry_wait, retry_seconds(retry_after) or 0.5 * 2**attempt)

	# pages
	def pages(self, method: str, **params) -> Iterator[dict]:
		"""Every page of a list, following next_cursor with the same filters."""
		while True:
			page = self.get(method, **params)
			yield page
			if not page.get("next_cursor"):
				return
			params["cursor"] = page["next_cursor"]

	def iterate(self, method: str, **params) -> Iterator[dict]:
		"""Every record of a list, page after page."""
		for page in self.pages(method, **params):
			yield from page["result"]

	# the change feed and the ledger stream
	def changes(self, since: str = "now", **params) -> "Feed":
		"""The change feed from `since` (a cursor you kept, `now`, or an ISO timestamp): a generator of
		events; `.position` is the cursor to keep after the events you have applied."""
		return Feed(self, since, params)

	def stream_transactions(self, chunk_size: int = STREAM_CHUNK, **filters) -> "LedgerStream":
		"""The general ledger as NDJSON, read in `chunk_size` reads; `.next_cursor` continues it."""
		return LedgerStream(self, chunk_size, filters)


class Resource:
	"""`client.invoices.list(status="overdue")`, `.get(id)`, `.create({...})`, `.submit(id=...)`: the
	resource's `<verb>_<singular>` methods (lists and gets are GETs, everything else a POST)."""

	def __init__(self, client: Client, module: str):
		self.client, self.module = client, module
		self.singular, self.plural = RESOURCES[module]

	def list(self, **filters) -> Iterator[dict]:
		return self.client.iterate(f"{self.module}.list_{self.plural}", **filters)

	def get(self, id: str, **params) -> dict:
		return self.client.get(f"{self.module}.get_{self.singular}", id=id, **params)["result"]

	def __getattr__(self, verb: str):
		method = f"{self.module}.{verb}_{self.singular}"

		def call(body: dict | None = None, *, idempotency_key: str | None = None, **fields) -> dict:
			answer = self.client.post(method, {**(body or {}), **fields}, idempotency_key=idempotency_key)
			return answer["result"]

		return call


class Feed:
	def __init__(self, client: Client, since: str, params: dict):
		self.client, self.position, self.params = client, since, params

	def __iter__(self) -> Iterator[dict]:
		"""The events up to the end of the feed now; iterate again later to continue from `.position`.
		An empty page that moved the position is not the end (the server bounds each request's reading)."""
		while True:
			page = self.client.get("changes.list_changes", since=self.position, **self.params)
			yield from page["result"]
			moved, self.position = page["next_cursor"] != self.position, page["next_cursor"]
			if not page["result"] and not moved:
				return


class LedgerStream:
	def __init__(self, client: Client, chunk_size: int, filters: dict):
		self.client, self.chunk_size, self.filters = client, chunk_size, filters
		self.next_cursor: str | None = None

	def __iter__(self) -> Iterator[dict]:
		import json

		response = self.client.request(
			"GET", "exports.stream_transactions", params=clean(self.filters), stream=True
		)
		self.next_cursor = response.headers.get("Next-Cursor")
		rest = b""
		with response:
			for chunk in response.iter_content(self.chunk_size):
				lines = (rest + chunk).split(b"\n")
				rest = lines.pop()
				for line in lines:
					if line:
						yield json.loads(line)
		if rest.strip():
			yield json.loads(rest)


def clean(params: dict) -> dict:
	"""Query parameters as the API reads them: booleans as 1/0, lists comma-joined, None dropped."""
	found = {}
	for key, value in params.items():
		if value is None:
			continue
		if isinstance(value, bool):
			value = int(value)
		elif isinstance(value, list | tuple):
			value = ",".join(map(str, value))
		found[key] = value
	return found


def retry_seconds(value: str | None) -> float | None:
	"""Retry-After as seconds or an HTTP date."""
	if not value:
		return None
	try:
		return max(0.0, float(value))
	except ValueError:
		try:
			return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
		except (TypeError, ValueError):
			return None


def safe_json(response: requests.Response):
	try:
		return response.json()
	except ValueError:
		return response.text
