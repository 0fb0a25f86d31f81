"""Declared list filters: each filter a typed field carrying its ERPNext correspondence (column, operator,
enum map), turned into Frappe filters in one place."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class Filter:
	"""How one unified filter reads in ERPNext. `field`: the column, or doctype -> column, or None when
	the service applies the filter itself (e.g. a `type` choosing doctypes). `values`: an enum map or a
	function turning the unified value into the ERPNext one. `child`: the child doctype holding the column."""

	field: str | Mapping[str, str] | None
	operator: str = "="
	values: Mapping | Callable | None = None
	child: str | None = None

	def condition(self, doctype: str | None, value) -> list | None:
		"""One Frappe filter for `value`, or None when it does not apply to this doctype."""
		column = self.field.get(doctype) if isinstance(self.field, Mapping) else self.field
		if column is None:
			return None
		converted = self.convert(value)
		if converted is None:  # the value means "no condition" (include_cancelled=1)
			return None
		return (
			[self.child, column, self.operator, converted]
			if self.child
			else [column, self.operator, converted]
		)

	def convert(self, value):
		if isinstance(self.values, OptionsOf):
			return self.values.allowed()[value]
		if isinstance(self.values, Mapping):
			return self.values[value]
		return self.values(value) if callable(self.values) else value


@dataclass(frozen=True)
class OptionsOf:
	"""An enum whose values come from a Select field's options on this site (e.g. Account.account_type):
	unified name = `naming(option)`. Declared in mappers, read from live metadata when a request checks it."""

	doctype: str
	fieldname: str
	naming: Callable[[str], str | None]

	def allowed(self) -> dict[str, str]:
		"""unified value -> ERPNext option."""
		import frappe  # metadata, read lazily: declaring the enum stays pure

		options = frappe.get_meta(self.doctype).get_field(self.fieldname).options or ""
		return {self.naming(option): option for option in options.split("\n") if option}


def choice_problem(field: str, allowed) -> dict:
	"""The one detail every unknown enum value gets (the binder words Literal errors the same way)."""
	return {"field": field, "message": f"must be one of: {', '.join(sorted(allowed))}"}


class Filters(BaseModel):
	"""A list endpoint's filters: subclass it, one annotated field per filter. Its fields arrive as flat
	query parameters (api/policy.py binds them); None means not given."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	def bound(self) -> dict:
		"""The filters as given: what a cursor is bound to."""
		return self.model_dump(exclude_none=True)

	def declared(self) -> dict[str, Filter]:
		"""name -> Filter for every field that declares one."""
		return {
			name: spec
			for name, info in type(self).model_fields.items()
			for spec in info.metadata
			if isinstance(spec, Filter)
		}

	def problems(self) -> list[dict]:
		"""Values outside an enum read from live metadata (static enums are Literal types)."""
		return [
			choice_problem(name, spec.values.allowed())
			for name, spec in self.declared().items()
			if isinstance(spec.values, OptionsOf)
			and getattr(self, name) is not None
			and getattr(self, name) not in spec.values.allowed()
		]

	def frappe_filters(self, doctype: str | None = None) -> list:
		"""The declared filters that were given, as Frappe filters for one doctype."""
		result = []
		for name, spec in self.declared().items():
			value = getattr(self, name)
			if value not in (None, "") and (condition := spec.condition(doctype, value)) is not None:
				result.append(condition)
		return result


class CommonFilters(Filters):
	"""The filters every list takes."""

	company: Annotated[str | None, Filter("company")] = None
	updated_after: Annotated[datetime.datetime | None, Filter("modified", ">")] = None
	updated_before: Annotated[datetime.datetime | None, Filter("modified", "<")] = None
	created_after: Annotated[datetime.datetime | None, Filter("creation", ">")] = None
	created_before: Annotated[datetime.datetime | None, Filter("creation", "<")] = None
