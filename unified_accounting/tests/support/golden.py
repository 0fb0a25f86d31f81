"""Golden fixtures of the mappers (tests/fixtures/*.json): loading them, with dates tagged as
{"$date": ...} / {"$datetime": ...}, and the MapContext a case describes."""

import datetime
import json
import os
from zoneinfo import ZoneInfo

from unified_accounting.mappers.common import MapContext
from unified_accounting.tests.support import TESTS

FIXTURES = os.path.join(TESTS, "fixtures")
RESOURCES = (
	"accounts",
	"invoices",
	"journal_entries",
	"payments",
	"transactions",
	"contacts",
	"tracking_categories",
)


class Row(dict):
	"""A row as frappe.get_list returns it (frappe._dict: keys read as attributes, a missing one as None),
	without importing frappe: unit tests run with no bench."""

	__getattr__ = dict.get
	__setattr__ = dict.__setitem__


def decode(value):
	"""JSON as loaded -> rows as frappe.get_list returns them (Row, date and datetime values)."""
	if isinstance(value, list):
		return [decode(v) for v in value]
	if not isinstance(value, dict):
		return value
	if set(value) == {"$date"}:
		return datetime.date.fromisoformat(value["$date"])
	if set(value) == {"$datetime"}:
		return datetime.datetime.fromisoformat(value["$datetime"])
	return Row({k: decode(v) for k, v in value.items()})


def encode(value):
	"""The reverse of `decode`, for writing fixtures."""
	if isinstance(value, list | tuple):
		return [encode(v) for v in value]
	if isinstance(value, dict):
		return {k: encode(v) for k, v in value.items()}
	if isinstance(value, datetime.datetime):
		return {"$datetime": value.isoformat()}
	if isinstance(value, datetime.date):
		return {"$date": value.isoformat()}
	return value


def load(resource: str) -> dict:
	with open(os.path.join(FIXTURES, f"{resource}.json")) as f:
		return json.load(f)


def context(spec: dict) -> MapContext:
	"""The MapContext a fixture case describes."""
	return MapContext(
		tz=ZoneInfo(spec["tz"]),
		custom_fields={
			doctype: [tuple(f) for f in fields] for doctype, fields in spec.get("custom_fields", {}).items()
		},
		dimensions=[tuple(d) for d in spec.get("dimensions", [])],
		names={(doctype, record): name for doctype, record, name in spec.get("names", [])},
		balances=spec.get("balances"),
		currencies=spec.get("currencies", {}),
	)


def cases(direction: str) -> list[tuple[str, dict]]:
	"""(resource, case) for every case of one direction (`to_unified` or `to_erpnext`), for parametrize."""
	return [(resource, case) for resource in RESOURCES for case in load(resource)[direction]]
