"""Give the change rows recorded before the sequencer their feed positions: their ids, which earlier cursors
hold, so a follower's cursor goes on exactly where it was."""

import frappe


def execute():
	frappe.db.sql(
		"update `tabUnified Accounting Change` set seq = name, sequenced_at = creation where seq is null or seq = 0"
	)
