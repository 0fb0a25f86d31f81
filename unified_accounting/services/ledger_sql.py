"""The unified Transaction as one MariaDB JSON expression per GL Entry row (the export fast path).

It mirrors mappers/transactions.py field by field; tests/test_exports.py checks that both give equal
records for the same rows, so a change to one that the other misses fails the suite."""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from unified_accounting.mappers.custom_fields import INTEGER_FIELDTYPES, NUMBER_FIELDTYPES
from unified_accounting.mappers.transactions import UNDERLYING_TYPES

TIMESTAMP_FORMAT = "IF(MICROSECOND({0}), '%Y-%m-%dT%H:%i:%s.%f', '%Y-%m-%dT%H:%i:%s')"
# Offsets are looked up for wall-clock times in this span; outside it the span's edge offset applies.
OFFSET_YEARS = (2000, 2045)


def transaction_json(alias: str, tz: ZoneInfo, dimensions: list[str], custom: list[tuple[str, str]]) -> str:
	"""SQL for the JSON text of the unified Transaction of GL Entry row `alias`."""
	g = alias
	pairs = [
		("id", f"{g}.name"),
		("company", f"{g}.company"),
		("created_at", timestamp(f"{g}.creation", tz)),
		("updated_at", timestamp(f"{g}.modified", tz)),
		("transaction_date", f"DATE_FORMAT({g}.posting_date, '%Y-%m-%d')"),
		("account_id", f"{g}.account"),
		("debit", double(f"{g}.debit")),
		("credit", double(f"{g}.credit")),
		("net_amount", double(f"{g}.debit - {g}.credit")),
		("currency", f"{g}.account_currency"),
		("debit_in_account_currency", double(f"{g}.debit_in_account_currency")),
		("credit_in_account_currency", double(f"{g}.credit_in_account_currency")),
		("transaction_currency", f"NULLIF({g}.transaction_currency, '')"),
		("debit_in_transaction_currency", f"CAST({g}.debit_in_transaction_currency AS DOUBLE)"),
		("credit_in_transaction_currency", f"CAST({g}.credit_in_transaction_currency AS DOUBLE)"),
		("contact", contact(g)),
		("underlying_transaction", underlying(g)),
		("description", f"NULLIF({g}.remarks, '')"),
		("is_cancelled", boolean(f"{g}.is_cancelled")),
		("tracking_categories", tracking(g, dimensions)),
		(
			"custom_fields",
			json_object([(name, custom_value(f"{g}.`{name}`", kind)) for name, kind in custom]),
		),
		("remote_data", "NULL"),
	]
	return json_object(pairs)


def json_object(pairs: list[tuple[str, str]]) -> str:
	return "JSON_OBJECT(" + ", ".join(f"{quote(key)}, {expr}" for key, expr in pairs) + ")"


def quote(text: str) -> str:
	return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def double(expr: str) -> str:
	return f"CAST(IFNULL({expr}, 0) AS DOUBLE)"


def boolean(expr: str) -> str:
	"""A JSON true/false (MariaDB would otherwise write 1/0)."""
	return f"JSON_EXTRACT(IF({expr}, 'true', 'false'), '$')"


def snake(expr: str) -> str:
	return f"TRIM(BOTH '_' FROM REGEXP_REPLACE(LOWER({expr}), '[^a-z0-9]+', '_'))"


def timestamp(column: str, tz: ZoneInfo) -> str:
	"""ISO 8601 with the site time zone's UTC offset at that wall-clock time (as datetime.isoformat)."""
	return f"CONCAT(DATE_FORMAT({column}, {TIMESTAMP_FORMAT.format(column)}), {offset_case(column, tz.key)})"


def contact(g: str) -> str:
	ref = json_object([("id", f"{g}.party"), ("name", "NULL"), ("type", snake(f"{g}.party_type"))])
	return f"IF(IFNULL({g}.party_type, '') = '' OR IFNULL({g}.party, '') = '', NULL, {ref})"


def underlying(g: str) -> str:
	known = " ".join(
		f"WHEN {quote(doctype)} THEN {quote(kind)}" for doctype, kind in UNDERLYING_TYPES.items()
	)
	kind = f"CASE {g}.voucher_type {known} ELSE {snake(f'{g}.voucher_type')} END"
	return json_object([("type", kind), ("erpnext_doctype", f"{g}.voucher_type"), ("id", f"{g}.voucher_no")])


def tracking(g: str, dimensions: list[str]) -> str:
	"""Cost center, project, then each dimension that is set, as the mapper lists them (names are ids)."""
	kinds = [("cost_center", "cost_center"), ("project", "project")] + [(d, d) for d in dimensions]
	entries = [
		f"IF(IFNULL({g}.`{field}`, '') = '', NULL, "
		f"{json_object([('type', quote(kind)), ('id', f'{g}.`{field}`'), ('name', f'{g}.`{field}`')])})"
		for field, kind in kinds
	]
	return f"JSON_EXTRACT(CONCAT('[', CONCAT_WS(',', {', '.join(entries)}), ']'), '$')"


def custom_value(column: str, fieldtype: str) -> str:
	"""A custom field typed as mappers/custom_fields.typed_value types it (numeric columns are never '':
	comparing them to '' would match 0)."""
	if fieldtype == "Check":
		return f"IF({column} IS NULL, NULL, {boolean(column)})"
	if fieldtype in INTEGER_FIELDTYPES:
		return f"CAST({column} AS SIGNED)"
	if fieldtype in NUMBER_FIELDTYPES:
		return f"CAST({column} AS DOUBLE)"
	if fieldtype == "Date":
		return f"DATE_FORMAT({column}, '%Y-%m-%d')"
	if fieldtype == "Datetime":
		return f"DATE_FORMAT({column}, {TIMESTAMP_FORMAT.format(column)})"
	return f"NULLIF({column}, '')"


def offset_case(column: str, tz_name: str) -> str:
	"""The UTC offset ('-05:00') of naive wall-clock `column` in `tz_name`: one CASE over the zone's
	transitions, newest first, so recent rows match after a comparison or two."""
	segments = offset_segments(tz_name)
	if len(segments) == 1:
		return quote(segments[0][1])
	whens = " ".join(
		f"WHEN {column} >= '{start:%Y-%m-%d %H:%M:%S}' THEN '{offset}'"
		for start, offset in reversed(segments[1:])
	)
	return f"(CASE {whens} ELSE '{segments[0][1]}' END)"


@lru_cache(maxsize=8)
def offset_segments(tz_name: str) -> list[tuple[datetime.datetime, str]]:
	"""(wall-clock start, offset) of each span with one UTC offset, as Python's fold=0 reads wall times."""
	tz = ZoneInfo(tz_name)
	day = datetime.datetime(OFFSET_YEARS[0], 1, 1)
	segments = [(day, iso_offset(day, tz))]
	while day.year < OFFSET_YEARS[1]:
		following = day + datetime.timedelta(days=1)
		if (
			iso_offset(following, tz) != segments[-1][1]
			or iso_offset(day + datetime.timedelta(hours=23, minutes=59), tz) != segments[-1][1]
		):
			minute = day
			while minute <= following:
				if (offset := iso_offset(minute, tz)) != segments[-1][1]:
					segments.append((minute, offset))
				minute += datetime.timedelta(minutes=1)
		day = following
	return segments


def iso_offset(wall: datetime.datetime, tz: ZoneInfo) -> str:
	return wall.replace(tzinfo=tz).isoformat()[19:]
