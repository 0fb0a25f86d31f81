"""DB-free tests of the pure report mappers on rows shaped like ERPNext's report output."""

from unified_accounting.mappers.aged_reports import ageing_buckets, to_aged_report
from unified_accounting.mappers.reports import StatementContext, statement_lines, to_trial_balance

PERIODS = [
	{"key": "jun_2026", "label": "H1", "from_date": "2026-01-01", "to_date": "2026-06-30"},
	{"key": "dec_2026", "label": "H2", "from_date": "2026-07-01", "to_date": "2026-12-31"},
]
LABELS = {
	"Total Asset (Debit)": ("total_assets", "total", "asset"),
	"Profit for the year": ("net_profit", "total", None),
	"Cash Flow from Operations": ("operating", "section", "operating"),
	"Net Change in Cash": ("net_change_in_cash", "total", None),
}
ACCOUNTS = {
	"Assets - C": {"account_name": "Assets", "account_number": None, "root_type": "Asset", "is_group": 1},
	"Cash - C": {"account_name": "Cash", "account_number": "1100", "root_type": "Asset", "is_group": 0},
}


def test_statement_lines_tree_totals_and_blank_rows():
	rows = [
		{
			"account": "Assets - C",
			"parent_account": "",
			"indent": 0,
			"jun_2026": 5,
			"dec_2026": 7,
			"total": 7,
		},
		{
			"account": "Cash - C",
			"parent_account": "Assets - C",
			"indent": 1,
			"jun_2026": 5,
			"dec_2026": 7.0004,
		},
		{"account": "'Total Asset (Debit)'", "jun_2026": 5, "dec_2026": 7, "total": 7},
		{},
	]
	ctx = StatementContext("balance_sheet", PERIODS, True, ACCOUNTS, LABELS)
	lines = statement_lines(rows, ctx)
	assert [(line["id"], line["type"], line["section"], line["depth"]) for line in lines] == [
		("Assets - C", "account", "asset", 0),
		("Cash - C", "account", "asset", 1),
		("total_assets", "total", "asset", 0),
	]
	cash = lines[1]
	assert (cash["name"], cash["number"], cash["parent_id"], cash["is_group"]) == (
		"Cash",
		"1100",
		"Assets - C",
		False,
	)
	assert (cash["amounts"], cash["total"], cash["opening_balance"]) == ([5, 7.0], 7.0, 0)


def test_flows_total_is_the_sum_and_cash_flow_lines_sit_in_their_section():
	rows = [
		{
			"section_name": "'Cash Flow from Operations'",
			"parent_section": None,
			"indent": 0.0,
			"section": "Cash Flow from Operations",
		},
		{
			"account": "'Profit for the year'",
			"parent_section": "Cash Flow from Operations",
			"indent": 1,
			"jun_2026": 1,
			"dec_2026": 2,
			"total": 3,
		},
		{"section": "'Net Change in Cash'", "jun_2026": 1, "dec_2026": 2, "total": 3},
		{},
		{"section": "'Net Change in Cash'", "jun_2026": 1, "dec_2026": 2, "total": 3},
	]
	lines = statement_lines(rows, StatementContext("cash_flow", PERIODS, False, {}, LABELS))
	assert [(line["id"], line["type"], line["parent_id"], line["total"]) for line in lines] == [
		("operating", "section", None, None),
		("net_profit", "line", "operating", 3.0),
		("net_change_in_cash", "total", None, 3.0),
	]


def test_trial_balance_totals_row_and_missing_totals():
	rows = [
		{
			"account": "Cash - C",
			"parent_account": None,
			"indent": 0,
			"debit": 10,
			"credit": 4,
			"closing_debit": 6,
		},
		{},
		{"account": "'Total'", "debit": 10, "credit": 10},
	]
	meta = dict.fromkeys(
		("company", "currency", "company_currency", "fiscal_year", "from_date", "to_date"), "x"
	)
	result = to_trial_balance(
		rows, ACCOUNTS, {**meta, "net_values": True, "filters": {}, "generated_at": "t"}
	)
	assert [line["id"] for line in result["lines"]] == ["Cash - C"]
	assert (result["totals"]["id"], result["totals"]["debit"], result["totals"]["credit"]) == (
		"total",
		10,
		10,
	)
	empty = to_trial_balance([], ACCOUNTS, {**meta, "net_values": True, "filters": {}, "generated_at": "t"})
	assert empty["totals"]["closing_debit"] == 0.0 and empty["lines"] == []


def test_ageing_buckets_and_per_contact_sums():
	assert [(b["key"], b["label"], b["from_days"], b["to_days"]) for b in ageing_buckets([30, 60])] == [
		("0_30", "0-30", 0, 30),
		("31_60", "31-60", 31, 60),
		("over_60", "60+", 61, None),
	]
	row = {
		"party_type": "Customer",
		"party": "B",
		"customer_name": "Bee",
		"currency": "USD",
		"voucher_type": "Sales Invoice",
	}
	rows = [
		{**row, "voucher_no": "I1", "outstanding": 100, "range2": 100},
		{**row, "voucher_no": "I2", "outstanding": 50},  # not due: no bucket
		{**row, "voucher_no": "R1", "outstanding": -20, "range1": -20},
		{**row, "party": "A", "customer_name": None, "voucher_no": "I3", "outstanding": 5, "range3": 5},
	]
	meta = {
		"report": "aged_receivables",
		"company": "C",
		"currency": "USD",
		"as_of_date": "d",
		"precision": 2,
	}
	meta |= {"ageing_based_on": "due_date", "filters": {}, "generated_at": "t"}
	result = to_aged_report(rows, [30, 60], True, meta)
	a, b = result["contacts"]
	assert (a["contact"]["id"], b["contact"]) == ("A", {"id": "B", "name": "Bee", "type": "customer"})
	assert (b["not_due"], b["buckets"], b["total"]) == (50, [-20, 100, 0], 130)
	assert [i["type"] for i in b["items"]] == ["invoice", "invoice", "credit_note"]
	assert result["totals"] == {"not_due": 50, "buckets": [-20, 100, 5], "total": 135}
	mixed = to_aged_report(
		[*rows, {**row, "party": "Z", "voucher_no": "E", "currency": "EUR", "outstanding": 1}],
		[30, 60],
		False,
		meta,
	)
	assert (
		mixed["currency"] is None
		and mixed["totals"]["total"] is None
		and mixed["contacts"][0]["items"] is None
	)
