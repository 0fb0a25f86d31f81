"""State changes every submittable document shares: submit, cancel, delete, and the GL a posting makes."""

import frappe

from unified_accounting.exceptions import ConflictError
from unified_accounting.services.records import ensure_readable

STATE = {0: "a draft", 1: "submitted", 2: "cancelled"}


def load_for(doctype: str, name: str, permission: str):
	"""The document, after 404/403 checks for reading it; ERPNext checks `permission` when acting."""
	ensure_readable(doctype, name)
	return frappe.get_doc(doctype, name)


def submit_document(doctype: str, name: str) -> None:
	doc = load_for(doctype, name, "submit")
	if doc.docstatus != 0:
		raise ConflictError(f"{doctype} {name} is {STATE[doc.docstatus]}; only drafts can be submitted.")
	doc.submit()


def cancel_document(doctype: str, name: str) -> None:
	"""ERPNext refuses while submitted documents link to it; that refusal names them (409)."""
	doc = load_for(doctype, name, "cancel")
	if doc.docstatus != 1:
		raise ConflictError(
			f"{doctype} {name} is {STATE[doc.docstatus]}; only submitted documents can be cancelled."
		)
	doc.cancel()


def delete_document(doctype: str, name: str) -> None:
	doc = load_for(doctype, name, "delete")
	if doc.docstatus == 1:
		raise ConflictError(
			f"{doctype} {name} is submitted; cancel it first, then delete it (or keep it cancelled for the record)."
		)
	if doc.docstatus == 2 and not frappe.db.get_single_value(
		"Accounts Settings", "delete_linked_ledger_entries"
	):
		raise ConflictError(
			f"{doctype} {name} is cancelled and its ledger entries are kept for the record. To delete cancelled "
			"documents, an administrator enables 'Delete Accounting and Stock Ledger Entries on deletion of "
			"Transaction' in Accounts Settings."
		)
	frappe.delete_doc(doctype, name)


def ensure_draft_for_update(doc, allowed_on_submit: set[str], changing: set[str]) -> None:
	"""Drafts take any change; submitted documents only fields ERPNext allows on submit."""
	if doc.docstatus == 0:
		return
	refused = sorted(changing - allowed_on_submit)
	if doc.docstatus == 2 or refused:
		raise ConflictError(
			f"{doc.doctype} {doc.name} is {STATE[doc.docstatus]}: it can no longer be edited. Cancel it and create "
			"an amended copy (ERPNext's cancel-and-amend) to change "
			+ (", ".join(refused) if refused else "it")
			+ ".",
			[{"field": field, "message": "not editable after submit"} for field in refused],
		)


def gl_preview(doctype: str, name: str) -> list[dict]:
	"""The GL entries a (dry-run) posting made, read back before the rollback."""
	rows = frappe.get_list(
		"GL Entry",
		filters={"voucher_type": doctype, "voucher_no": name, "is_cancelled": 0},
		fields=["account", "debit", "credit", "party_type", "party", "cost_center", "project", "against"],
		order_by="creation asc, name asc",
		limit_page_length=0,
	)
	return [
		{
			"account_id": row.account,
			"debit": float(row.debit),
			"credit": float(row.credit),
			"net_amount": float(row.debit - row.credit),
			"contact": {"id": row.party, "type": frappe.scrub(row.party_type)} if row.party else None,
			"cost_center": row.cost_center,
			"project": row.project,
		}
		for row in rows
	]


def apply_update(doc, fields: dict, children: dict[str, list[dict]] | None = None) -> None:
	"""Set fields (and replace child tables) after the draft/allow-on-submit check, then save."""
	allowed = {f.fieldname for f in doc.meta.fields if f.allow_on_submit}
	ensure_draft_for_update(doc, allowed, set(fields) | set(children or {}))
	doc.update(fields)
	for table, rows in (children or {}).items():
		doc.set(table, [])
		for row in rows:
			doc.append(table, row)
	doc.save()


def preview_posting(doctype: str, name: str) -> list[dict]:
	"""For dry runs: submit (if still a draft) so every submit-time check runs, and return the GL it posted.
	The caller's transaction is rolled back afterwards."""
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus == 0:
		doc.submit()
	return gl_preview(doctype, name)
