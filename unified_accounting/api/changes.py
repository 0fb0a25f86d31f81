"""The change feed endpoint: created, updated, submitted, cancelled and deleted records across resources."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.changes import ChangeFilters
from unified_accounting.pagination import Page
from unified_accounting.schemas import ChangeEvent
from unified_accounting.services.changes import feed as service


# Not `paging: Paging`: the feed only goes forward in commit order (no `order`, no `prev_cursor`) and has
# no total (`include_count`); `since` takes a cursor or a timestamp.
@frappe.whitelist(methods=["GET"])
@unified_api()
def list_changes(
	filters: ChangeFilters, cursor: str | None = None, limit: int | None = None
) -> Page[ChangeEvent]:
	"""Return the next change events in commit order, only those the caller may read; `record` is the
	record as it is now (null once deleted). `next_cursor` is always set: keep it and poll with it.
	410 `gone` when `since`/`cursor` is older than the retention: resync."""
	return service.list_changes(filters, cursor, limit)
