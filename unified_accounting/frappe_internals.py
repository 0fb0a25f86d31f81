"""Where this app leans on Frappe internals: each lean in one place, with why, and a guard test
(tests/integration/platform/test_frappe_internals.py) that fails loudly when a Frappe upgrade changes what it relies on."""

import frappe


def commit_callback_marks() -> tuple[int, int]:
	"""How many before/after-commit callbacks are queued now. Rolling back to a savepoint undoes rows
	only; a failed batch item must also drop the callbacks it queued (jobs, realtime events), and Frappe
	has no API for that: its CallbackManager keeps them in a private deque, `_functions`."""
	return len(frappe.db.before_commit._functions), len(frappe.db.after_commit._functions)


def drop_commit_callbacks_since(marks: tuple[int, int]) -> None:
	"""Drop the callbacks queued after `commit_callback_marks()` returned `marks`."""
	for manager, mark in zip((frappe.db.before_commit, frappe.db.after_commit), marks, strict=True):
		while len(manager._functions) > mark:
			manager._functions.pop()


def expose_every_argument(endpoint) -> None:
	"""Frappe's argument filter (frappe.call -> get_newargs) reads the signature through `__wrapped__` and
	silently drops parameters the function does not declare; without it every parameter reaches our
	binder, which names unknown ones in a 400 instead of ignoring them."""
	del endpoint.__wrapped__
