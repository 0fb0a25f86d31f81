"""DB-free unit tests of the pure pieces: cursors, error classification, value mapping."""

import datetime
from zoneinfo import ZoneInfo

import pytest

import frappe

from unified_accounting.exceptions import InvalidCursorError, classify
from unified_accounting.mappers.accounts import (
	account_types_by_unified,
	to_unified_account,
	unified_account_type,
)
from unified_accounting.mappers.common import MapContext, iso_timestamp, snake, tracking_categories
from unified_accounting.mappers.custom_fields import typed_value
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


def test_typed_custom_field_values():
	assert typed_value("Check", 1) is True
	assert typed_value("Int", "7") == 7
	assert typed_value("Currency", 1.5) == 1.5
	assert typed_value("Date", datetime.date(2026, 1, 2)) == "2026-01-02"
	assert typed_value("Data", "") is None


def test_account_type_names():
	assert unified_account_type("Receivable") == "accounts_receivable"
	assert unified_account_type("Cost of Goods Sold") == "cost_of_goods_sold"
	assert unified_account_type(None) is None
	assert account_types_by_unified(["", "Bank", "Payable"]) == {
		"bank": "Bank",
		"accounts_payable": "Payable",
	}
	assert snake("Bank Entry") == "bank_entry"


def test_timestamps_carry_the_site_offset():
	value = datetime.datetime(2026, 7, 1, 12, 0)
	assert iso_timestamp(value, ZoneInfo("America/New_York")) == "2026-07-01T12:00:00-04:00"


def test_account_mapping_and_tracking_categories():
	ctx = MapContext(
		tz=ZoneInfo("UTC"),
		custom_fields={"Account": [("ua_code", "Int")]},
		dimensions=[("region", "Territory")],
		balances={"Cash - WP": 10.0},
	)
	row = {
		"name": "Cash - WP",
		"company": "WP",
		"creation": datetime.datetime(2026, 1, 1),
		"modified": datetime.datetime(2026, 1, 2),
		"account_name": "Cash",
		"root_type": "Income",
		"account_type": "Cash",
		"disabled": 1,
		"is_group": 0,
		"ua_code": "5",
	}
	account = to_unified_account("Account", row, {}, ctx)
	assert (account["classification"], account["type"], account["status"]) == ("revenue", "cash", "inactive")
	assert account["custom_fields"] == {"ua_code": 5} and account["current_balance"] == 10.0
	assert account["number"] is None and account["remote_data"] is None
	refs = tracking_categories({"cost_center": "Main - WP", "region": "EU"}, ctx)
	assert refs == [
		{"type": "cost_center", "id": "Main - WP", "name": "Main - WP"},
		{"type": "region", "id": "EU", "name": "EU"},
	]
