"""Reading Sales and Purchase Invoices with lines, taxes and applied payments in a constant number of queries."""

from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import InvalidRequestError, PermissionDeniedError
from unified_accounting.mappers.common import MapContext
from unified_accounting.mappers.invoices import (
	DOCTYPE_BY_TYPE,
	ERPNEXT_STATUSES_BY_STATUS,
	ITEM_DOCTYPE,
	PARTY,
	TAX_DOCTYPE,
	TAX_FIELDS,
	header_fields,
	item_fields,
)
from unified_accounting.services.listing import ListRequest, children_by_parent, common_filters, list_page
from unified_accounting.services.records import data_fields, ensure_readable, load_remote_data, map_context

DOCTYPES = ("Sales Invoice", "Purchase Invoice")
DATE_FILTERS = {
	"issue_date_from": ("posting_date", ">="),
	"issue_date_to": ("posting_date", "<="),
	"due_date_from": ("due_date", ">="),
	"due_date_to": ("due_date", "<="),
}


@dataclass
class InvoiceRows:
	rows: list[tuple[str, dict]]  # (doctype, header row)
	children: dict[
		tuple[str, str], dict
	]  # (doctype, name) -> {"items": [...], "taxes": [...], "payments": [...]}
	ctx: MapContext


def readable() -> list[str]:
	"""The invoice doctypes the caller may read; none at all is a 403."""
	doctypes = [doctype for doctype in DOCTYPES if frappe.has_permission(doctype, "read")]
	if not doctypes:
		raise PermissionDeniedError("You may not read Sales Invoices or Purchase Invoices.")
	return doctypes


def list_invoices(filters: dict, paging: dict, include_remote_data: bool):
	doctypes = readable()
	ctx = context(doctypes)
	request = ListRequest(
		resource="invoices",
		fields_by_doctype={dt: data_fields(dt, header_fields(dt), ctx) for dt in doctypes},
		filters_by_doctype={dt: invoice_filters(dt, filters) for dt in doctypes},
		bound_filters=filters,
		**paging,
	)
	pairs, page = list_page(request)
	return with_children(pairs, ctx, include_remote_data), page


def get_invoice(name: str, include_remote_data: bool = False) -> InvoiceRows:
	doctype = next((dt for dt in DOCTYPES if frappe.db.exists(dt, name)), DOCTYPES[0])
	ensure_readable(doctype, name)
	ctx = context([doctype])
	rows = frappe.get_list(
		doctype, fields=["name", *data_fields(doctype, header_fields(doctype), ctx)], filters={"name": name}
	)
	return with_children([(doctype, row) for row in rows], ctx, include_remote_data)


def context(doctypes: list[str]) -> MapContext:
	return map_context([*doctypes, *(ITEM_DOCTYPE[dt] for dt in doctypes)])


def invoice_filters(doctype: str, filters: dict) -> list | None:
	"""Frappe filters for one invoice doctype, or None when the filters exclude it (e.g. type)."""
	if filters.get("type") and DOCTYPE_BY_TYPE[filters["type"]] != doctype:
		return None
	dates = {
		k: filters.get(k) for k in ("updated_after", "updated_before", "created_after", "created_before")
	}
	result = common_filters(filters.get("company"), **dates)
	if status := filters.get("status"):
		result.append(["status", "in", ERPNEXT_STATUSES_BY_STATUS[status]])
	if contact := filters.get("contact_id"):
		result.append([PARTY[doctype][0], "=", contact])
	if number := filters.get("number"):
		result.append(["name", "=", number])
	for name, (field, operator) in DATE_FILTERS.items():
		if filters.get(name) is not None:
			result.append([field, operator, filters[name]])
	return result


def validate_filters(filters: dict) -> None:
	problems = []
	if filters.get("type") and filters["type"] not in DOCTYPE_BY_TYPE:
		problems.append({"field": "type", "message": f"must be one of: {', '.join(DOCTYPE_BY_TYPE)}"})
	if filters.get("status") and filters["status"] not in ERPNEXT_STATUSES_BY_STATUS:
		problems.append(
			{"field": "status", "message": f"must be one of: {', '.join(ERPNEXT_STATUSES_BY_STATUS)}"}
		)
	if problems:
		raise InvalidRequestError(
			"Invalid filter values: " + ", ".join(p["field"] for p in problems) + ".", problems
		)


def with_children(pairs: list, ctx: MapContext, include_remote_data: bool) -> InvoiceRows:
	"""Items, taxes and applied payments for every invoice of the page: a fixed number of queries per doctype."""
	children: dict = {
		(doctype, row.name): {"items": [], "taxes": [], "payments": []} for doctype, row in pairs
	}
	for doctype in DOCTYPES:
		names = [row.name for dt, row in pairs if dt == doctype]
		if not names:
			continue
		item_doctype = ITEM_DOCTYPE[doctype]
		items = children_by_parent(
			item_doctype, doctype, names, data_fields(item_doctype, item_fields(doctype), ctx)
		)
		taxes = children_by_parent(TAX_DOCTYPE[doctype], doctype, names, list(TAX_FIELDS))
		payments = applied_payments(doctype, names)
		for name in names:
			children[(doctype, name)].update(
				items=items.get(name, []), taxes=taxes.get(name, []), payments=payments.get(name, [])
			)
	if include_remote_data:
		load_remote_data(ctx, [(doctype, row.name) for doctype, row in pairs])
	return InvoiceRows(pairs, children, ctx)


def allocated(row) -> float:
	return abs(row.allocated_amount or 0)


def journal_amount(row) -> float:
	return abs((row.credit_in_account_currency or 0) - (row.debit_in_account_currency or 0))


# Where settlements of an invoice are recorded: (doctype, child table, link field, amount columns, amount, type).
SETTLEMENTS = (
	(
		"Payment Entry",
		"Payment Entry Reference",
		"reference_doctype",
		("allocated_amount",),
		allocated,
		"payment",
	),
	(
		"Journal Entry",
		"Journal Entry Account",
		"reference_type",
		("debit_in_account_currency", "credit_in_account_currency"),
		journal_amount,
		"journal_entry",
	),
)


def applied_payments(doctype: str, names: list[str]) -> dict[str, list[dict]]:
	"""Submitted Payment Entries and Journal Entries allocated to these invoices: one query each, under the
	caller's read permission on those doctypes (a caller who may not read payments sees none)."""
	found: dict[str, list[dict]] = {}
	for source, child, link_field, columns, amount, kind in SETTLEMENTS:
		if not frappe.has_permission(source, "read"):
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
				[child, "reference_name", "in", names],
				["docstatus", "=", 1],
			],
			order_by="posting_date asc",
			limit_page_length=0,
		)
		for row in rows:
			found.setdefault(row.invoice, []).append(
				{"payment_id": row.name, "type": kind, "amount": amount(row), "date": row.posting_date}
			)
	return found
