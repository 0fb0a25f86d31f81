"""Pure mapping of Cost Center, Project and Accounting Dimension records to the unified TrackingCategory."""

from dataclasses import dataclass
from typing import Annotated

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import MapContext, base_fields, trailing_fields
from unified_accounting.schemas import TrackingCategory, TrackingCategoryType

PROJECT_ACTIVE_STATUSES = frozenset({"Open"})


@dataclass(frozen=True)
class CategorySource:
	"""How one doctype's records read as tracking categories (built from its metadata)."""

	type: str  # cost_center | project | the dimension's fieldname
	doctype: str
	name_field: str | None  # the display-name column, when the doctype has one
	parent_field: str | None  # tree parent column
	has_company: bool
	has_disabled: bool

	def fields(self) -> list[str]:
		wanted = ["creation", "modified", self.name_field, self.parent_field]
		wanted += ["company"] if self.has_company else []
		wanted += ["disabled"] if self.has_disabled else []
		wanted += ["status"] if self.doctype == "Project" else []
		return [f for f in wanted if f]


class TrackingCategoryFilters(CommonFilters):
	# Both choose sources (the service applies them): doctypes without a company belong to every company.
	company: Annotated[str | None, Filter(None)] = None
	type: Annotated[TrackingCategoryType | None, Filter(None)] = None  # cost_center | project | a dimension


def status(source: CategorySource, row: dict) -> str:
	if source.doctype == "Project":
		return "active" if row.get("status") in PROJECT_ACTIVE_STATUSES else "inactive"
	return "inactive" if row.get("disabled") else "active"


def to_unified_tracking_category(source: CategorySource, row: dict, ctx: MapContext) -> TrackingCategory:
	return {
		**base_fields(row, source.doctype, ctx),
		"company": row.get("company") if source.has_company else None,
		"type": source.type,
		"name": (row.get(source.name_field) if source.name_field else None) or row["name"],
		"status": status(source, row),
		"parent_id": row.get(source.parent_field) if source.parent_field else None,
		**trailing_fields(row, source.doctype, ctx),
	}
