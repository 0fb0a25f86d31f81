"""Cursors and error classification: pure functions, but over Frappe's exception classes (they need
frappe importable, not a site)."""

import pytest

import frappe

from unified_accounting.exceptions import InvalidCursorError, classify
from unified_accounting.pagination import NEXT, decode_cursor, encode_cursor, fingerprint

SECRET = "not-a-real-secret"


def test_cursor_round_trip_and_binding():
	bound = fingerprint("invoices", {"company": "A"})
	token = encode_cursor(("2026-01-01T00:00:00", "SINV-1"), NEXT, bound, SECRET)
	assert decode_cursor(token, bound, SECRET) == (("2026-01-01T00:00:00", "SINV-1"), NEXT)
	with pytest.raises(InvalidCursorError, match="other filters"):
		decode_cursor(token, fingerprint("invoices", {"company": "B"}), SECRET)
	with pytest.raises(InvalidCursorError, match="not valid"):
		decode_cursor(token, bound, "another-site-secret")
	with pytest.raises(InvalidCursorError):
		decode_cursor("garbage", bound, SECRET)
	for forged in ("(.\x11\u00cd\u0097\u00e5U\U000f4937", "\u00e9." + token.partition(".")[2]):
		with pytest.raises(InvalidCursorError, match="not valid"):
			decode_cursor(forged, bound, SECRET)


def test_fingerprint_ignores_key_order_but_not_values():
	assert fingerprint("a", {"x": 1, "y": 2}) == fingerprint("a", {"y": 2, "x": 1})
	assert fingerprint("a", {"x": 1}) != fingerprint("a", {"x": 2})
	assert fingerprint("a", {"x": 1}) != fingerprint("b", {"x": 1})


@pytest.mark.parametrize(
	"exc, expected",
	[
		(frappe.PermissionError(), ("permission_denied", 403)),
		(frappe.DoesNotExistError(), ("not_found", 404)),
		(frappe.TimestampMismatchError(), ("conflict", 409)),
		(frappe.MandatoryError(), ("validation_error", 422)),
		(frappe.AuthenticationError(), ("unauthenticated", 401)),
		(KeyError("x"), ("internal_error", 500)),
	],
)
def test_classify(exc, expected):
	assert classify(exc) == expected
