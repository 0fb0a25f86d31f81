"""One webhook POST to the address resolved once (never a second lookup: no DNS rebinding), within a
total time and a cap on the bytes read."""

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass

import certifi

from unified_accounting.services.webhooks.targets import Target

TOTAL_SECONDS = 10  # connect, send, the answer's headers and body: all of it
READ_LIMIT = 64 * 1024  # bytes of an answer read at most; the rest is never read
EXCERPT_BYTES = 4 * 1024  # of those, kept in the delivery log


@dataclass
class Answer:
	status: int
	headers: dict[str, str]  # names lower-cased
	excerpt: str


class DeliveryTimeout(Exception):
	"""The receiver did not answer completely within the total time."""


class PinnedHTTPConnection(http.client.HTTPConnection):
	def __init__(self, target: Target, timeout: float):
		super().__init__(target.host, target.port, timeout=timeout)
		self.address = target.address

	def connect(self):
		self.sock = self.pinned = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
	"""TLS to the pinned address; SNI and the certificate check use the URL's host name."""

	def __init__(self, target: Target, timeout: float):
		context = ssl.create_default_context(cafile=certifi.where())
		super().__init__(target.host, target.port, timeout=timeout, context=context)
		self.address = target.address

	def connect(self):
		sock = socket.create_connection((self.address, self.port), self.timeout)
		self.sock = self.pinned = self._context.wrap_socket(sock, server_hostname=self.host)


def post(
	target: Target, body: bytes, headers: dict, total: float = TOTAL_SECONDS, limit: int = READ_LIMIT
) -> Answer:
	"""POST and read at most `limit` bytes of the answer. A watchdog shuts the socket at `total`, so a
	receiver that drips its answer cannot hold a worker longer (socket timeouts alone apply per read)."""
	cls = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
	connection = cls(target, timeout=total)
	deadline = time.monotonic() + total
	watchdog = threading.Timer(total, abort, (connection,))
	watchdog.start()
	response = None
	try:
		connection.request("POST", target.path, body=body, headers={"Host": target.netloc, **headers})
		response = connection.getresponse()
		data = read_capped(response, limit)
	except (OSError, http.client.HTTPException) as exc:
		if time.monotonic() >= deadline:
			raise DeliveryTimeout(f"no complete answer within {total:g} s") from exc
		raise
	finally:
		watchdog.cancel()
		if response is not None:
			response.close()  # the unread rest of the answer is dropped with the connection
		connection.close()
	if time.monotonic() >= deadline:
		raise DeliveryTimeout(f"no complete answer within {total:g} s")
	return Answer(
		status=response.status,
		headers={name.lower(): value for name, value in response.getheaders()},
		excerpt=data[:EXCERPT_BYTES].decode("utf-8", "replace"),
	)


def read_capped(response: http.client.HTTPResponse, limit: int) -> bytes:
	chunks, size = [], 0
	while size < limit:
		chunk = response.read(min(8192, limit - size))
		if not chunk:
			break
		chunks.append(chunk)
		size += len(chunk)
	return b"".join(chunks)


def abort(connection: http.client.HTTPConnection) -> None:
	# The socket as connected: http.client hands it to the response (connection.sock becomes None) when
	# the answer ends with the connection. shutdown (not close) wakes a recv blocked in the delivering
	# thread; the base method also works on a TLS socket, whose own shutdown would drop its SSL state first.
	sock = getattr(connection, "pinned", None)
	if sock is not None:
		with contextlib.suppress(OSError):
			socket.socket.shutdown(sock, socket.SHUT_RDWR)
