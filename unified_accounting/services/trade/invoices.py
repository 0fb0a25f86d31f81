"""Reading Sales and Purchase Invoices with lines, taxes and applied payments in a constant number of queries."""

import frappe

from unified_accounting.mappers.invoices import SETTLEMENTS
from unified_accounting.resources import INVOICES
from unified_accounting.services.core.reading import Found


def with_payments(found: Found) -> Found:
	for doctype in INVOICES.doctypes:
		names = [row.name for dt, row in found.rows if dt == doctype]
		payments = applied_payments(doctype, names) if names else {}
		for name in names:
			found.children[(doctype, name)]["payments"] = payments.get(name, [])
	return found


def applied_payments(doctype: str, names: list[str]) -> dict[str, list[dict]]:
	"""Submitted Payment Entries and Journal Entries allocated to these invoices: one query each, under the
	caller's read permission on those doctypes (a caller who may not read payments sees none). An index
	lookup first finds which invoices have any: a kind that none has costs no permission check and no
	list query (and no loading of its metadata)."""
	found: dict[str, list[dict]] = {}
	referenced = settled(doctype, names)
	for source, child, link_field, columns, _amount, kind in SETTLEMENTS:
		names_with = referenced.get(child)
		if not names_with or not frappe.has_permission(source, "read"):
			continue
		rows = frappe.get_list(
			source,
			fields=[
				"name",
				"posting_date",
				f"`tab{child}`.reference_name as invoice",
				*(f"`tab{child}`.{c} as {c}" for c in columns),
			],
			filters=[
				[child, link_field, "=", doctype],
				[child, "reference_name", "in", names_with],
				["docstatus", "=", 1],
			],
			order_by="posting_date asc",
			limit_page_length=0,
		)
		for row in rows:
			found.setdefault(row.invoice, []).append({**row, "kind": kind})
	return found


def settled(doctype: str, names: list[str]) -> dict[str, list[str]]:
	"""child table (Payment Entry Reference, Journal Entry Account) -> which of these invoices a submitted
	row of it references, in one query. Only decides which permission-checked queries run: nothing of it
	reaches the caller."""
	parts = [
		f"""(select distinct %s, reference_name from `tab{child}`
		where {link_field} = %s and reference_name in %s and docstatus = 1)"""
		for _source, child, link_field, *_rest in SETTLEMENTS
	]
	values = [value for _source, child, *_rest in SETTLEMENTS for value in (child, doctype, names)]
	found: dict[str, list[str]] = {}
	for child, name in frappe.db.sql(" union all ".join(parts), values):
		found.setdefault(child, []).append(name)
	return found
