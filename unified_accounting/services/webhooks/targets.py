"""Where webhooks may go (SSRF): refuse internal addresses, resolve a target once and pin its address."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import frappe

ALLOW_PRIVATE_KEY = "unified_accounting_allow_private_webhook_targets"
# Cloud metadata services: named apart from link-local / unique-local so the refusal says what it is.
METADATA = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254"))


@dataclass(frozen=True)
class Target:
	scheme: str  # http or https
	host: str  # the name to send (Host header, TLS SNI and certificate check)
	port: int
	address: str  # the one resolved address the delivery connects to
	netloc: str  # host[:port] as the URL wrote it, for the Host header
	path: str  # path and query


class RefusedTarget(Exception):
	"""The target URL names, or resolves to, an address webhooks may not reach."""


class UnresolvedTarget(RefusedTarget):
	"""The target's host name does not resolve (now)."""


def private_allowed() -> bool:
	"""Site config opt-in for local receivers and tests: `bench --site S set-config <key> 1`."""
	return bool(frappe.conf.get(ALLOW_PRIVATE_KEY))


def refusal(address: str) -> str | None:
	"""What kind of internal address this is (None: a public one)."""
	ip = ipaddress.ip_address(address.split("%", 1)[0])
	if ip.version == 6 and ip.ipv4_mapped:
		ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
	checks = (
		(ip in METADATA, "cloud metadata"),
		(ip.is_unspecified, "unspecified"),
		(ip.is_loopback, "loopback"),
		(ip.is_link_local, "link-local"),
		(ip.is_multicast, "multicast"),
		(ip.is_private, "private"),
		(not ip.is_global, "non-public"),
	)
	return next((kind for refused, kind in checks if refused), None)


def resolve(url: str) -> Target:
	"""Parse and resolve once; RefusedTarget if any address is internal (unless the site allows it).
	A name that resolves to several addresses is refused when any of them is internal."""
	parts = urlsplit(url)
	try:
		port = parts.port or (443 if parts.scheme == "https" else 80)
	except ValueError as exc:
		raise RefusedTarget(f"invalid port ({exc})") from exc
	if parts.scheme not in ("http", "https") or not parts.hostname:
		raise RefusedTarget("must be an http:// or https:// URL with a host")
	try:
		infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
	except (socket.gaierror, UnicodeError) as exc:
		raise UnresolvedTarget(f"{parts.hostname} does not resolve ({exc})") from exc
	addresses = list(dict.fromkeys(info[4][0] for info in infos))
	if not private_allowed():
		for address in addresses:
			if kind := refusal(address):
				where = address if address == parts.hostname else f"{parts.hostname} resolves to {address}"
				raise RefusedTarget(f"{where}: {kind} address")
	path = parts.path or "/"
	return Target(
		scheme=parts.scheme,
		host=parts.hostname,
		port=port,
		address=addresses[0],
		netloc=parts.netloc.rpartition("@")[2],
		path=path + (f"?{parts.query}" if parts.query else ""),
	)


def subscription_refusal(url: str) -> str | None:
	"""The check at subscription time. A name that does not resolve yet is accepted: every delivery
	resolves again and checks the address it connects to."""
	try:
		resolve(url)
	except UnresolvedTarget:
		return None
	except RefusedTarget as exc:
		return f"refused: {exc} (a site that delivers to local receivers sets {ALLOW_PRIVATE_KEY})"
	return None
