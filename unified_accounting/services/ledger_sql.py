"""The unified Transaction as one SQL expression per GL Entry row giving its JSON text (the export path).

It mirrors mappers/transactions.py field by field; tests/test_exports.py checks that both give equal
records for the same rows, so a change to one that the other misses fails the suite. The text is built
with CONCAT and JSON_QUOTE: MariaDB's JSON_OBJECT re-parses every nested object and costs three times as
much. Amounts are written as the stored decimals, which parse to the same floats the mapper returns."""

import datetime
import json
from functools import lru_cache
from zoneinfo import ZoneInfo

from unified_accounting.mappers.common import snake as snake_case
from unified_accounting.mappers.custom_fields import INTEGER_FIELDTYPES, NUMBER_FIELDTYPES
from unified_accounting.mappers.transactions import UNDERLYING_TYPES

TIMESTAMP_FORMAT = "IF(MICROSECOND({0}), '%Y-%m-%dT%H:%i:%s.%f', '%Y-%m-%dT%H:%i:%s')"
# Offsets are looked up for wall-clock times in this span; outside it the span's edge offset applies.
OFFSET_YEARS = (2000, 2045)
# Party types spelled out, so most rows skip the regular expression.
PARTY_TYPES = ("Customer", "Supplier", "Employee", "Shareholder", "Student", "Member")


def transaction_json(alias: str, tz: ZoneInfo, dimensions: list[str], custom: list[tuple[str, str]]) -> str:
	"""SQL for the JSON text of the unified Transaction of GL Entry row `alias`."""
	g = alias
	pairs = [
		("id", text(f"{g}.name")),
		("company", text(f"{g}.company")),
		("created_at", timestamp(f"{g}.creation", tz)),
		("updated_at", timestamp(f"{g}.modified", tz)),
		("transaction_date", date(f"{g}.posting_date")),
		("account_id", text(f"{g}.account")),
		("debit", amount(f"{g}.debit")),
		("credit", amount(f"{g}.credit")),
		("net_amount", amount(f"IFNULL({g}.debit, 0) - IFNULL({g}.credit, 0)")),
		("currency", text(f"{g}.account_currency")),
		("debit_in_account_currency", amount(f"{g}.debit_in_account_currency")),
		("credit_in_account_currency", amount(f"{g}.credit_in_account_currency")),
		("transaction_currency", text(f"NULLIF({g}.transaction_currency, '')")),
		("debit_in_transaction_currency", nullable(f"{g}.debit_in_transaction_currency")),
		("credit_in_transaction_currency", nullable(f"{g}.credit_in_transaction_currency")),
		("contact", contact(g)),
		("underlying_transaction", underlying(g)),
		("description", text(f"NULLIF({g}.remarks, '')")),
		("is_cancelled", boolean(f"{g}.is_cancelled")),
		("tracking_categories", tracking(g, dimensions)),
		(
			"custom_fields",
			json_object([(name, custom_value(f"{g}.`{name}`", kind)) for name, kind in custom]),
		),
		("remote_data", "'null'"),
	]
	return json_object(pairs)


def json_object(pairs: list[tuple[str, str]]) -> str:
	"""CONCAT of `"key":` literals and the JSON-text expression of each value."""
	if not pairs:
		return "'{}'"
	parts = []
	for i, (key, expr) in enumerate(pairs):
		parts += [quote(("{" if i == 0 else ",") + json.dumps(key) + ":"), expr]
	return f"CONCAT({', '.join(parts)}, '}}')"


def quote(value: str) -> str:
	"""An SQL string literal."""
	return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def text(expr: str) -> str:
	return f"IFNULL(JSON_QUOTE({expr}), 'null')"


def amount(expr: str) -> str:
	return f"CAST(IFNULL({expr}, 0) AS CHAR)"


def nullable(expr: str) -> str:
	return f"IFNULL(CAST({expr} AS CHAR), 'null')"


def boolean(expr: str) -> str:
	return f"IF({expr}, 'true', 'false')"


def date(expr: str) -> str:
	return f"IFNULL(CONCAT('\"', DATE_FORMAT({expr}, '%Y-%m-%d'), '\"'), 'null')"


def snake(expr: str) -> str:
	known = " ".join(f"WHEN {quote(name)} THEN {quote(snake_case(name))}" for name in PARTY_TYPES)
	fallback = f"TRIM(BOTH '_' FROM REGEXP_REPLACE(LOWER({expr}), '[^a-z0-9]+', '_'))"
	return f"CASE BINARY {expr} {known} ELSE {fallback} END"


def timestamp(column: str, tz: ZoneInfo) -> str:
	"""ISO 8601 with the site time zone's UTC offset at that wall-clock time (as datetime.isoformat)."""
	formatted = f"DATE_FORMAT({column}, {TIMESTAMP_FORMAT.format(column)})"
	return f"IFNULL(CONCAT('\"', {formatted}, {offset_case(column, tz.key)}, '\"'), 'null')"


def contact(g: str) -> str:
	ref = json_object(
		[("id", text(f"{g}.party")), ("name", "'null'"), ("type", text(snake(f"{g}.party_type")))]
	)
	return f"IF(LENGTH({g}.party_type) AND LENGTH({g}.party), {ref}, 'null')"


def underlying(g: str) -> str:
	known = " ".join(
		f"WHEN {quote(doctype)} THEN {quote(kind)}" for doctype, kind in UNDERLYING_TYPES.items()
	)
	kind = f"CASE BINARY {g}.voucher_type {known} ELSE {snake(f'{g}.voucher_type')} END"
	return json_object(
		[
			("type", text(kind)),
			("erpnext_doctype", text(f"{g}.voucher_type")),
			("id", text(f"{g}.voucher_no")),
		]
	)


def tracking(g: str, dimensions: list[str]) -> str:
	"""Cost center, project, then each dimension that is set, as the mapper lists them (names are ids)."""
	kinds = [("cost_center", "cost_center"), ("project", "project")] + [(d, d) for d in dimensions]
	entries = [
		f"IF(LENGTH({g}.`{field}`), "
		f"{json_object([('type', quote(json.dumps(kind))), ('id', text(f'{g}.`{field}`')), ('name', text(f'{g}.`{field}`'))])}, NULL)"
		for field, kind in kinds
	]
	return f"CONCAT('[', CONCAT_WS(',', {', '.join(entries)}), ']')"


def custom_value(column: str, fieldtype: str) -> str:
	"""A custom field typed as mappers/custom_fields.typed_value types it (numeric columns are never '':
	comparing them to '' would match 0)."""
	if fieldtype == "Check":
		return f"IF({column} IS NULL, 'null', {boolean(column)})"
	if fieldtype in INTEGER_FIELDTYPES:
		return f"IFNULL(CAST(CAST({column} AS SIGNED) AS CHAR), 'null')"
	if fieldtype in NUMBER_FIELDTYPES:
		return nullable(column)
	if fieldtype == "Date":
		return date(column)
	if fieldtype == "Datetime":
		return text(f"DATE_FORMAT({column}, {TIMESTAMP_FORMAT.format(column)})")
	return text(f"NULLIF({column}, '')")


def offset_case(column: str, tz_name: str) -> str:
	"""The UTC offset ('-05:00') of naive wall-clock `column` in `tz_name`: a balanced tree of IFs over the
	zone's transitions, so any row costs about log2(transitions) comparisons."""
	return offset_tree(column, offset_segments(tz_name))


def offset_tree(column: str, segments: list[tuple[datetime.datetime, str]]) -> str:
	if len(segments) == 1:
		return quote(segments[0][1])
	middle = len(segments) // 2
	start = segments[middle][0]
	later, earlier = offset_tree(column, segments[middle:]), offset_tree(column, segments[:middle])
	return f"IF({column} >= '{start:%Y-%m-%d %H:%M:%S}', {later}, {earlier})"


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
