"""The lifecycle every submittable document shares: find, submit, cancel, delete, update-in-place, and the
GL a (dry-run) posting makes."""

from dataclasses import dataclass

import frappe

from unified_accounting.exceptions import ConflictError
from unified_accounting.mappers.transactions import PREVIEW_FIELDS, to_unified_gl_preview
from unified_accounting.resources import Resource
from unified_accounting.services.core.reading import find_doctype
from unified_accounting.services.core.records import ensure_readable

STATE = {0: "a draft", 1: "submitted", 2: "cancelled"}
# Posted in one validation pass (inserted already submitted) only where that ends where insert() +
# submit() ends: ERPNext's validate is not idempotent after one pass in general (invoices set the due date
# before the payment schedule that moves it; a return's status is set only once it is not new; journal
# entries set against accounts and tax withholding on drafts only; Payment Entry's before_save links payment
# requests). Statement lines, and paid purchase invoices that are not returns (expenses: no schedule, no
# stock), where tests/integration/resources/test_one_pass_posting.py compares both paths.
ONE_PASS = ("Bank Transaction", "Purchase Invoice")


@dataclass
class Written:
	"""The document a write created or changed."""

	doctype: str
	name: str


def insert(doc, submit: bool) -> None:
	"""Insert `doc` and, with `submit`, post it in the same transaction: in one validation pass where
	posts_in_one_pass says the result is the same (as frappe.client.submit does with a new document; Frappe
	asks the submit permission then too), else inserted as a draft and submitted."""
	if submit and posts_in_one_pass(doc):
		doc.docstatus = 1
		doc.insert()
		return
	doc.insert()
	if submit:
		doc.submit()


def posts_in_one_pass(doc) -> bool:
	if doc.doctype == "Purchase Invoice":
		return bool(doc.get("is_paid")) and not doc.get("is_return") and not doc.get("update_stock")
	return doc.doctype in ONE_PASS


def load(resource: Resource, name: str):
	"""The resource's document with this id, after the 404/403 checks for reading it (ERPNext checks
	write/submit/cancel/delete permission when acting)."""
	doctype = find_doctype(resource, name)
	ensure_readable(doctype, name)
	return frappe.get_doc(doctype, name)


def submit(resource: Resource, name: str) -> Written:
	doc = load(resource, name)
	if doc.docstatus != 0:
		raise ConflictError(f"{doc.doctype} {name} is {STATE[doc.docstatus]}; only drafts can be submitted.")
	doc.submit()
	return Written(doc.doctype, doc.name)


def cancel(resource: Resource, name: str) -> Written:
	"""ERPNext refuses while submitted documents link to it; that refusal names them (409)."""
	doc = load(resource, name)
	if doc.docstatus != 1:
		raise ConflictError(
			f"{doc.doctype} {name} is {STATE[doc.docstatus]}; only submitted documents can be cancelled."
		)
	doc.cancel()
	return Written(doc.doctype, doc.name)


def delete(resource: Resource, name: str) -> Written:
	doc = load(resource, name)
	if doc.docstatus == 1:
		raise ConflictError(
			f"{doc.doctype} {name} is submitted; cancel it first, then delete it (or keep it cancelled for the record)."
		)
	if doc.docstatus == 2 and not frappe.db.get_single_value(
		"Accounts Settings", "delete_linked_ledger_entries"
	):
		raise ConflictError(
			f"{doc.doctype} {name} is cancelled and its ledger entries are kept for the record. To delete cancelled "
			"documents, an administrator enables 'Delete Accounting and Stock Ledger Entries on deletion of "
			"Transaction' in Accounts Settings."
		)
	frappe.delete_doc(doc.doctype, doc.name)
	return Written(doc.doctype, doc.name)


def ensure_draft_for_update(doc, changing: set[str]) -> None:
	"""Drafts take any change; submitted documents only fields ERPNext allows on submit."""
	if doc.docstatus == 0:
		return
	allowed = {f.fieldname for f in doc.meta.fields if f.allow_on_submit}
	refused = sorted(changing - allowed)
	if doc.docstatus == 2 or refused:
		raise ConflictError(
			f"{doc.doctype} {doc.name} is {STATE[doc.docstatus]}: it can no longer be edited. Cancel it and create "
			"an amended copy (ERPNext's cancel-and-amend) to change "
			+ (", ".join(refused) if refused else "it")
			+ ".",
			[{"field": field, "message": "not editable after submit"} for field in refused],
		)


def apply_update(doc, fields: dict, children: dict[str, list[dict]] | None = None, prepare=None) -> Written:
	"""Set fields (and replace child tables) after the draft/allow-on-submit check, then save; `prepare`
	(a draft's last step before saving, e.g. an expense's paid amount) runs on drafts only."""
	ensure_draft_for_update(doc, set(fields) | set(children or {}))
	doc.update(fields)
	for table, rows in (children or {}).items():
		doc.set(table, [])
		for row in rows:
			doc.append(table, row)
	if prepare and doc.docstatus == 0:
		prepare(doc)
	doc.save()
	return Written(doc.doctype, doc.name)


def preview_posting(written: Written) -> list[dict]:
	"""For dry runs: submit (if still a draft) so every submit-time check runs, and return the GL it
	posted, read back before the caller's transaction is rolled back."""
	doc = frappe.get_doc(written.doctype, written.name)
	if doc.docstatus == 0:
		doc.submit()
	rows = frappe.get_list(
		"GL Entry",
		filters={"voucher_type": written.doctype, "voucher_no": written.name, "is_cancelled": 0},
		fields=list(PREVIEW_FIELDS),
		order_by="creation asc, name asc",
		limit_page_length=0,
	)
	return [to_unified_gl_preview(row) for row in rows]
