"""Guards for the Frappe internals this app leans on (unified_accounting/frappe_internals.py): each test
fails loudly when a Frappe upgrade changes what the lean relies on."""

import functools

import frappe

from unified_accounting.frappe_internals import (
	commit_callback_marks,
	drop_commit_callbacks_since,
	expose_every_argument,
)


def test_commit_callbacks_are_a_private_deque_we_can_trim():
	"""frappe.db.before_commit / after_commit keep queued callbacks in `_functions`, run in order."""
	ran = []
	marks = commit_callback_marks()
	frappe.db.before_commit.add(lambda: ran.append("dropped"))
	frappe.db.after_commit.add(lambda: ran.append("dropped too"))
	assert commit_callback_marks() == (marks[0] + 1, marks[1] + 1)
	drop_commit_callbacks_since(marks)
	assert commit_callback_marks() == marks
	frappe.db.before_commit.add(lambda: ran.append("kept"))
	frappe.db.before_commit.run()
	assert ran == ["kept"]


def test_frappe_drops_undeclared_arguments_through_wrapped_and_not_without_it():
	"""frappe.call filters keyword arguments by the signature it finds through `__wrapped__`: a wrapper
	that keeps it loses parameters the wrapped function does not declare; deleting it passes them all."""

	def declared(a=None):
		return a

	def wrapper_of(fn):
		@functools.wraps(fn)
		def wrapper(**params):
			return params

		return wrapper

	kept = wrapper_of(declared)
	assert frappe.get_newargs(kept, {"a": 1, "unknown": 2}) == {"a": 1}
	exposed = wrapper_of(declared)
	expose_every_argument(exposed)
	assert frappe.get_newargs(exposed, {"a": 1, "unknown": 2}) == {"a": 1, "unknown": 2}
	assert not hasattr(exposed, "__wrapped__")
