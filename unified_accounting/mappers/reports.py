"""Pure mapping of ERPNext's financial statement and trial balance rows to the unified report shapes."""

import datetime
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from unified_accounting.mappers.accounts import CLASSIFICATION_MAP

Periodicity = Literal["monthly", "quarterly", "half_yearly", "yearly"]


class StatementPeriod(BaseModel):
	"""The period and columns balance_sheet, profit_and_loss and cash_flow take: one group, sent as flat
	query parameters (api/binding.py binds them)."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	from_date: datetime.date | None = None  # first day of the period (with to_date)
	to_date: datetime.date | None = None  # last day of the period (with from_date)
	fiscal_year: str | None = None  # the period as a Fiscal Year (instead of from/to dates)
	to_fiscal_year: str | None = None  # last Fiscal Year of a multi-year period (with fiscal_year)
	periodicity: Periodicity = "yearly"  # one amount column per month, quarter, half year or year

	def dates(self) -> dict:
		"""from_date, to_date, fiscal_year, to_fiscal_year: what the service resolves into report filters."""
		return self.model_dump(exclude={"periodicity"})


# ERPNext's summary lines, by their English label -> (unified id, line type, section). Labels reach the
# mapper translated (the service applies `_`), as ERPNext builds them in the caller's language.
STATEMENT_LINES: dict[str, tuple[str, str, str | None]] = {
	"Unclosed Fiscal Years Profit / Loss (Credit)": ("unclosed_profit_loss", "total", "equity"),
	"Provisional Profit / Loss (Credit)": ("provisional_profit_loss", "total", "equity"),
	"Total (Credit)": ("total_liabilities_and_equity", "total", None),
	"Profit for the year": ("net_profit", "total", None),
	"Cash Flow from Operations": ("operating", "section", "operating"),
	"Cash Flow from Investing": ("investing", "section", "investing"),
	"Cash Flow from Financing": ("financing", "section", "financing"),
	"Depreciation": ("depreciation", "line", "operating"),
	"Net Change in Accounts Receivable": ("change_in_accounts_receivable", "line", "operating"),
	"Net Change in Accounts Payable": ("change_in_accounts_payable", "line", "operating"),
	"Net Change in Inventory": ("change_in_inventory", "line", "operating"),
	"Net Change in Fixed Asset": ("change_in_fixed_assets", "line", "investing"),
	"Net Change in Equity": ("change_in_equity", "line", "financing"),
	"Net Cash from Operations": ("net_cash_from_operating", "total", "operating"),
	"Net Cash from Investing": ("net_cash_from_investing", "total", "investing"),
	"Net Cash from Financing": ("net_cash_from_financing", "total", "financing"),
	"Net Change in Cash": ("net_change_in_cash", "total", None),
	"Opening": ("opening_cash", "total", None),
	"Closing (Opening + Total)": ("closing_cash", "total", None),
}
# ERPNext's "Total {root type} ({normal balance})" lines: (root type, normal balance) -> unified id.
SECTION_TOTALS: dict[tuple[str, str], str] = {
	("Asset", "Debit"): "total_assets",
	("Liability", "Credit"): "total_liabilities",
	("Equity", "Credit"): "total_equity",
	("Income", "Credit"): "total_revenue",
	("Expense", "Debit"): "total_expenses",
}
# The headline figures each statement reports in `totals` (every key always present).
STATEMENT_TOTALS: dict[str, tuple[str, ...]] = {
	"balance_sheet": (
		"total_assets",
		"total_liabilities",
		"total_equity",
		"provisional_profit_loss",
		"unclosed_profit_loss",
		"total_liabilities_and_equity",
	),
	"profit_and_loss": ("total_revenue", "total_expenses", "net_profit"),
	"cash_flow": (
		"net_profit",
		"net_cash_from_operating",
		"net_cash_from_investing",
		"net_cash_from_financing",
		"net_change_in_cash",
		"opening_cash",
		"closing_cash",
	),
}
# ERPNext rounds report amounts to 3 digits; lines it computes afterwards carry float noise, rounded alike.
AMOUNT_DIGITS = 3
TRIAL_BALANCE_AMOUNTS = (
	"opening_debit",
	"opening_credit",
	"debit",
	"credit",
	"closing_debit",
	"closing_credit",
)


@dataclass
class StatementContext:
	"""What the statement mapper needs besides ERPNext's rows, gathered by the service."""

	report: str  # balance_sheet | profit_and_loss | cash_flow
	periods: list[dict]  # {key, label, from_date, to_date}, oldest first
	accumulated: bool  # amounts are running totals: a line's total is its last period
	accounts: dict[str, dict]  # Account.name -> {account_name, account_number, root_type, is_group}
	labels: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # translated label -> line


def summary_label(row: dict) -> str:
	"""ERPNext quotes its summary labels ("'Total Asset (Debit)'") so Desk shows them unlinked."""
	return str(row.get("account") or row.get("section") or "").strip("'")


def statement_lines(rows: list[dict], ctx: StatementContext) -> list[dict]:
	"""ERPNext's rows in order, blank separator rows dropped, each summary line once."""
	lines, seen, section = [], set(), None
	for row in rows:
		if not row:
			continue
		account = ctx.accounts.get(row.get("account")) if "parent_account" in row else None
		if account is not None:
			section = CLASSIFICATION_MAP.get(account["root_type"])
			line = account_line(row, account, section, ctx)
		else:
			line = summary_line(row, section, ctx)
			if line["id"] in seen:
				continue
			section = line["section"] if line["type"] == "section" else section
		seen.add(line["id"])
		lines.append(line)
	return lines


def account_line(row: dict, account: dict, section: str | None, ctx: StatementContext) -> dict:
	amounts = period_amounts(row, ctx)
	return {
		"id": row["account"],
		"type": "account",
		"section": section,
		"account_id": row["account"],
		"name": account["account_name"],
		"number": account.get("account_number") or None,
		"parent_id": row.get("parent_account") or None,
		"depth": int(row.get("indent") or 0),
		"is_group": bool(account.get("is_group")),
		"amounts": amounts,
		"total": line_total(row, amounts, ctx),
		"opening_balance": round(float(row.get("opening_balance") or 0), AMOUNT_DIGITS)
		if ctx.report == "balance_sheet"
		else None,
	}


def summary_line(row: dict, section: str | None, ctx: StatementContext) -> dict:
	"""A total, section header or computed line; unknown labels keep their text as id (ERPNext added one)."""
	label = summary_label(row)
	line_id, line_type, line_section = ctx.labels.get(label, (label, "total", section))
	parent = ctx.labels.get(row.get("parent_section") or "")
	if parent and line_type == "total":
		line_type = "line"  # the cash flow's net profit line, inside its operating section
	amounts = period_amounts(row, ctx) if line_type != "section" else []
	return {
		"id": line_id,
		"type": line_type,
		"section": parent[2] if parent else line_section,
		"account_id": None,
		"name": label,
		"number": None,
		"parent_id": parent[0] if parent else None,
		"depth": int(row.get("indent") or 0),
		"is_group": line_type == "section",
		"amounts": amounts,
		"total": line_total(row, amounts, ctx) if amounts else None,
		"opening_balance": None,
	}


def period_amounts(row: dict, ctx: StatementContext) -> list[float]:
	return [round(float(row.get(period["key"]) or 0), AMOUNT_DIGITS) for period in ctx.periods]


def line_total(row: dict, amounts: list[float], ctx: StatementContext) -> float | None:
	"""Balances and running totals: the last period; flows: ERPNext's sum of the periods."""
	if ctx.accumulated or ctx.report == "balance_sheet":
		return amounts[-1] if amounts else None
	return round(float(row.get("total") or 0), AMOUNT_DIGITS)


def statement_totals(lines: list[dict], report: str) -> dict[str, float | None]:
	by_id = {line["id"]: line for line in lines}
	return {key: by_id[key]["total"] if key in by_id else None for key in STATEMENT_TOTALS[report]}


def to_financial_statement(rows: list[dict], ctx: StatementContext, meta: dict) -> dict:
	"""`meta` carries the report's facts: company, currency, company_currency, from_date, to_date,
	periodicity, filters, warnings, generated_at."""
	lines = statement_lines(rows, ctx)
	return {
		"report": ctx.report,
		"company": meta["company"],
		"currency": meta["currency"],
		"company_currency": meta["company_currency"],
		"from_date": meta["from_date"],
		"to_date": meta["to_date"],
		"periodicity": meta["periodicity"],
		"accumulated": ctx.accumulated or ctx.report == "balance_sheet",
		"periods": ctx.periods,
		"lines": lines,
		"totals": statement_totals(lines, ctx.report),
		"filters": meta["filters"],
		"warnings": meta["warnings"],
		"generated_at": meta["generated_at"],
	}


def trial_balance_line(row: dict, account: dict | None) -> dict:
	is_account = account is not None
	return {
		"id": row["account"] if is_account else "total",
		"account_id": row["account"] if is_account else None,
		"name": account["account_name"] if is_account else summary_label(row),
		"number": (account.get("account_number") or None) if is_account else None,
		"classification": CLASSIFICATION_MAP.get(account["root_type"]) if is_account else None,
		"parent_id": (row.get("parent_account") or None) if is_account else None,
		"depth": int(row.get("indent") or 0),
		"is_group": bool(account.get("is_group")) if is_account else False,
		**{key: float(row.get(key) or 0) for key in TRIAL_BALANCE_AMOUNTS},
	}


def to_trial_balance(rows: list[dict], accounts: dict[str, dict], meta: dict) -> dict:
	"""ERPNext's account rows, then a blank row and the totals row; `meta` as for statements plus
	fiscal_year and net_values."""
	lines, totals = [], None
	for row in rows:
		if not row:
			continue
		account = accounts.get(row.get("account"))
		if account is None:
			totals = trial_balance_line(row, None)
		else:
			lines.append(trial_balance_line(row, account))
	empty = {"account": "Total", **dict.fromkeys(TRIAL_BALANCE_AMOUNTS, 0.0)}
	return {
		"report": "trial_balance",
		**{key: meta[key] for key in ("company", "currency", "company_currency", "fiscal_year")},
		**{key: meta[key] for key in ("from_date", "to_date", "net_values")},
		"lines": lines,
		"totals": totals or trial_balance_line(empty, None),
		"filters": meta["filters"],
		"generated_at": meta["generated_at"],
	}
