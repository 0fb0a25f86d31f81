"""Unit tests of the pure value mapping (no site, no frappe): account types, timestamps, custom-field values."""

import datetime
from zoneinfo import ZoneInfo

from unified_accounting.mappers.accounts import (
	account_types_by_unified,
	to_unified_account,
	unified_account_type,
)
from unified_accounting.mappers.common import MapContext, iso_timestamp, snake, tracking_categories
from unified_accounting.mappers.custom_fields import typed_value


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
