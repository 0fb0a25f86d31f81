"""Per-user rate limits from settings, kept in Redis: 429 + Retry-After, RateLimit-* headers on every answer."""

import time

import pytest

import frappe

from unified_accounting.services.platform import ratelimit
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, save_settings

CAPABILITIES = "unified_accounting.api.meta.capabilities"
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def forget(user: str) -> None:
	frappe.cache.delete(frappe.cache.make_key(f"unified_accounting:rate_limit:{user}"))


@pytest.fixture
def limited(settings, api_user):
	"""60 requests per minute, a burst of 3, for the duration; buckets start full."""
	forget(api_user.name)
	save_settings(rate_limit_per_minute=60, rate_limit_burst=3)
	yield
	forget(api_user.name)


def test_bucket_refills_at_the_configured_rate():
	"""The algorithm against real Redis, with the clock given: burst, refusal, refill."""
	user, now = f"ua-rl-{frappe.generate_hash(length=6)}", 1_000_000.0
	forget(user)
	first = ratelimit.take(user, 60, 2, now=now)
	second = ratelimit.take(user, 60, 2, now=now)
	third = ratelimit.take(user, 60, 2, now=now)
	assert (first.allowed, first.remaining) == (True, 1)
	assert (second.allowed, second.remaining) == (True, 0)
	assert (third.allowed, third.retry_after, third.remaining) == (False, 1, 0)
	assert third.headers()["Retry-After"] == "1"
	assert ratelimit.take(user, 60, 2, now=now + 1).allowed
	assert not ratelimit.take(user, 60, 2, now=now + 1).allowed
	assert ratelimit.take(user, 60, 2, now=now + 10).remaining == 1  # full again, less this one
	forget(user)


def test_limit_answers_429_with_retry_after_and_headers_on_every_response(api, limited):
	answers = [api.get(CAPABILITIES) for _ in range(3)]
	assert [a.status for a in answers] == [200, 200, 200]
	assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
	assert all(a.headers["RateLimit-Limit"] == "60" for a in answers)
	refused = api.get(CAPABILITIES)
	assert refused.status == 429
	assert refused.json["error"]["type"] == "rate_limited"
	assert 1 <= int(refused.headers["Retry-After"]) <= 2
	assert all(name in refused.headers for name in HEADERS)
	time.sleep(int(refused.headers["Retry-After"]))
	again = api.get(CAPABILITIES)
	assert again.status == 200 and again.headers["RateLimit-Remaining"] == "0"


def test_errors_carry_the_headers_too(api, limited):
	response = api.get(CAPABILITIES, {"unknown": 1})
	assert response.status == 400
	assert response.headers["RateLimit-Remaining"] == "2"


def test_limits_are_per_user(api, limited):
	other = ensure_api_user("ua-rl-other@example.com", ["Accounts User"])
	forget(other.name)
	for _ in range(3):
		api.get(CAPABILITIES)
	assert api.get(CAPABILITIES).status == 429
	response = ApiClient(SITE, other.token).get(CAPABILITIES)
	assert response.status == 200 and response.headers["RateLimit-Remaining"] == "2"
	forget(other.name)


def test_no_limit_no_headers(api, settings):
	save_settings(rate_limit_per_minute=0)
	response = api.get(CAPABILITIES)
	assert response.status == 200
	assert not any(name in response.headers for name in HEADERS)
