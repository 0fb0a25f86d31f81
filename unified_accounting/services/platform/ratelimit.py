"""Per-user request rate limits from Unified Accounting Settings: a token bucket (GCRA) kept in Redis.

Frappe's own `frappe.rate_limiter.rate_limit` counts a fixed window per IP or form key, gives no
remaining-quota headers and is a per-function decorator with fixed numbers; an API that promises
`RateLimit-*` headers on every response needs the bucket state, and the numbers come from settings.
"""

import math
import time
from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import RateLimitedError
from unified_accounting.services.core.settings import get_settings

# One atomic step of the generic cell rate algorithm: the key holds the "theoretical arrival time" (TAT)
# of the next request; a request is allowed while TAT stays within `capacity` of now. Integer
# milliseconds, because Lua prints numbers with 14 significant digits.
GCRA = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
local new_tat = tat + interval
if new_tat - now > capacity then
	return {0, tostring(tat)}
end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', capacity + 1000)
return {1, tostring(new_tat)}
"""
FLAG = "unified_accounting_rate_limit"


@dataclass
class Decision:
	allowed: bool
	limit: int  # requests per minute
	remaining: int  # requests that could be sent right now
	reset: int  # seconds until the bucket is full again
	retry_after: int  # seconds until the next request is allowed (0 when allowed)

	def headers(self) -> dict:
		headers = {
			"RateLimit-Limit": str(self.limit),
			"RateLimit-Remaining": str(self.remaining),
			"RateLimit-Reset": str(self.reset),
		}
		if not self.allowed:
			headers["Retry-After"] = str(self.retry_after)
		return headers


def limits() -> tuple[int, int]:
	"""(requests per minute, burst) from settings; 0 requests per minute means no limit."""
	settings = get_settings()
	per_minute = int(settings.get("rate_limit_per_minute") or 0)
	burst = int(settings.get("rate_limit_burst") or 0) or per_minute
	return per_minute, max(burst, 1)


def enforce(user: str | None = None) -> None:
	"""Spend one request of the caller's bucket; raise 429 when it is empty. The headers are kept for
	the after_request hook. Fails open when Redis is unreachable: a cache outage is not the caller's fault."""
	per_minute, burst = limits()
	if per_minute <= 0:
		return
	try:
		decision = take(user or frappe.session.user, per_minute, burst)
	except Exception:
		frappe.logger("unified_accounting").warning("rate limit skipped: Redis unavailable", exc_info=True)
		return
	frappe.flags[FLAG] = decision.headers()
	if not decision.allowed:
		raise RateLimitedError(
			f"Too many requests: the limit is {per_minute} per minute (burst {burst}). "
			f"Retry after {decision.retry_after} s.",
			[{"field": "rate_limit", "message": f"{per_minute}/min, burst {burst}"}],
		)


def take(user: str, per_minute: int, burst: int, now: float | None = None) -> Decision:
	"""One request against `user`'s bucket (atomic in Redis)."""
	interval = 60_000 // per_minute  # milliseconds
	capacity = interval * burst
	now_ms = int((time.time() if now is None else now) * 1000)
	key = frappe.cache.make_key(f"unified_accounting:rate_limit:{user}")
	allowed, tat = frappe.cache.eval(GCRA, 1, key, now_ms, interval, capacity)
	backlog = int(float(tat)) - now_ms  # milliseconds of requests already queued in the bucket
	return Decision(
		allowed=bool(allowed),
		limit=per_minute,
		remaining=max(0, (capacity - backlog) // interval),
		reset=math.ceil(max(backlog, 0) / 1000),
		retry_after=0 if allowed else max(1, math.ceil((backlog + interval - capacity) / 1000)),
	)


def add_headers(response=None, request=None) -> None:
	"""after_request hook: the caller's rate limit state on every response of ours, errors included."""
	headers = frappe.flags.get(FLAG) if getattr(frappe.local, "flags", None) else None
	if response is not None and headers:
		response.headers.update(headers)
