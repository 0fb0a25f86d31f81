"""The unified Transaction as one SQL expression per GL Entry row giving its JSON text (the export path).

It mirrors mappers/transactions.py field by field; tests/integration/resources/test_exports.py checks that both give equal
records for the same rows, so a change to one that the other misses fails the suite. The text is built
with CONCAT and JSON_QUOTE: MariaDB's JSON_OBJECT re-parses every nested object and costs three times as
much. Amounts are written as the stored decimals, which parse to the same floats the mapper returns."""

import datetime
import json
from functools import lru_cache
from zoneinfo import ZoneInfo

from unified_accounting.mappers.common import snake as snake_case
from unified_accounting.mappers.custom_fields import INTEGER_FIELDTYPES, NUMBER_FIELDTYPES
from unified_accounting.object_types import RENAMED

TIMESTAMP_FORMAT = "IF(MICROSECOND({0}), '%Y-%m-%dT%H:%i:%s.%f', '%Y-%m-%dT%H:%i:%s')"
# Offsets are looked up for wall-clock times in this span; outside it the span's edge offset applies.
OFFSET_YEARS = (2000, 2045)
# Party types spelled out, so most rows skip the regular expression.
PARTY_TYPES = ("Customer", "Supplier", "Employee", "Shareholder", "Student", "Member")


class Columns:
	"""The columns of GL Entry row `alias` as the caller may read them: a column above the caller's field
	permission level reads as NULL, as get_list leaves it out of list_transactions' rows."""

	def __init__(self, alias: str, readable: frozenset[str]):
		self.alias, self.readable = alias, readable

	def __call__(self, fieldname: str) -> str:
		return f"{self.alias}.`{fieldname}`" if fieldname in self.readable else "NULL"


def transaction_json(
	alias: str,
	tz: ZoneInfo,
	dimensions: list[str],
	custom: list[tuple[str, str]],
	readable: frozenset[str],
) -> str:
	"""SQL for the JSON text of the unified Transaction of GL Entry row `alias`; `readable`: the columns
	the caller may read (frappe.model.get_permitted_fields)."""
	c = Columns(alias, readable)
	pairs = [
		("id", text(c("name"))),
		("company", text(c("company"))),
		("created_at", timestamp(c("creation"), tz)),
		("updated_at", timestamp(c("modified"), tz)),
		("transaction_date", date(c("posting_date"))),
		("account_id", text(c("account"))),
		("debit", amount(c("debit"))),
		("credit", amount(c("credit"))),
		("net_amount", amount(f"IFNULL({c('debit')}, 0) - IFNULL({c('credit')}, 0)")),
		("currency", text(c("account_currency"))),
		("debit_in_account_currency", amount(c("debit_in_account_currency"))),
		("credit_in_account_currency", amount(c("credit_in_account_currency"))),
		("transaction_currency", text(f"NULLIF({c('transaction_currency')}, '')")),
		("debit_in_transaction_currency", nullable(c("debit_in_transaction_currency"))),
		("credit_in_transaction_currency", nullable(c("credit_in_transaction_currency"))),
		("contact", contact(c)),
		("underlying_transaction", underlying(c)),
		("description", text(f"NULLIF({c('remarks')}, '')")),
		("is_cancelled", boolean(c("is_cancelled"))),
		("tracking_categories", tracking(c, dimensions)),
		(
			"custom_fields",
			json_object([(name, custom_value(c(name), kind)) for name, kind in custom if name in readable]),
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


def contact(c: Columns) -> str:
	party_type, party = c("party_type"), c("party")
	ref = json_object([("id", text(party)), ("name", "'null'"), ("type", text(snake(party_type)))])
	return f"IF(LENGTH({party_type}) AND LENGTH({party}), {ref}, 'null')"


def underlying(c: Columns) -> str:
	known = " ".join(f"WHEN {quote(doctype)} THEN {quote(kind)}" for doctype, kind in RENAMED.items())
	voucher_type = c("voucher_type")
	kind = f"CASE BINARY {voucher_type} {known} ELSE {snake(voucher_type)} END"
	return json_object(
		[("type", text(kind)), ("erpnext_doctype", text(voucher_type)), ("id", text(c("voucher_no")))]
	)


def tracking(c: Columns, dimensions: list[str]) -> str:
	"""Cost center, project, then each dimension that is set, as the mapper lists them (names are ids);
	one the caller may not read is left out, as the mapper leaves out a column get_list did not select."""
	kinds = [("cost_center", "cost_center"), ("project", "project")] + [(d, d) for d in dimensions]
	entries = [
		f"IF(LENGTH({c(field)}), "
		f"{json_object([('type', quote(json.dumps(kind))), ('id', text(c(field))), ('name', text(c(field)))])}, NULL)"
		for field, kind in kinds
		if field in c.readable
	]
	return f"CONCAT('[', CONCAT_WS(',', {', '.join(entries)}), ']')" if entries else "'[]'"


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
