"""The types a resource is declared with (resources.py holds the declarations), and how the registry's
derived tables are built from them. Pure: no frappe, no mappers."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Child:
	"""A child table read with each record; its rows reach the mapper as children[key]."""

	key: str
	doctype_of: Mapping[str, str]  # parent doctype -> child doctype
	fields: Callable[[str], Sequence[str]]  # parent doctype -> the columns the mapper reads
	custom_fields: bool = True  # also select its custom fields and accounting dimension columns


@dataclass(frozen=True)
class Spec:
	"""How a resource is read: columns per doctype, the filters its list declares, child tables, and the
	mapper `to_unified_<x>(doctype, row, children, ctx)`."""

	noun: str  # one record, in messages ("No invoice X.")
	fields: Callable[[str], Sequence[str]]  # doctype -> the columns the mapper reads
	filters: type  # the filtering.Filters subclass of its list
	mapper: Callable
	children: tuple[Child, ...] = ()
	doctype_by_type: Mapping[str, str] | None = None  # when a `type` chooses among several doctypes
	party: Mapping[str, tuple[str, str]] | None = None  # doctype -> (party doctype, its Link field)
	where: Mapping[str, Mapping] | None = None  # doctype -> the fixed conditions a record of it meets
	# What every read adds beyond columns and child rows (a dotted path: Found -> Found, in services/),
	# applied by services/core/reading.py to lists, gets and change-feed records alike.
	extras: str | None = None


class Resource(NamedTuple):
	name: str  # unified resource name, also the api module name and the settings switch suffix
	doctypes: tuple[str, ...]  # parent doctypes, in the order they are read
	child_doctypes: tuple[str, ...] = ()  # child tables whose custom fields the resource exposes
	switchable: bool = False  # has an enable_<name> switch in Unified Accounting Settings
	spec: Spec | None = None  # for the generic lister/getter/lifecycle
	# change feed and webhooks: "default" (in the feed unless `resources` says otherwise), "asked" (only
	# when named: many rows per voucher), "" (not watched)
	feed: str = ""
	attachable: bool = False  # files may be attached to its records (list/upload/download_attachment)


def fixed(fields: Sequence[str]) -> Callable[[str], Sequence[str]]:
	"""The same columns whatever the doctype."""
	return lambda _doctype: fields


def parent_doctypes(resources: Sequence[Resource]) -> dict[str, str]:
	"""Child tables -> the parent doctype whose permissions govern them (field permission levels included)."""
	return {
		table: parent
		for resource in resources
		if resource.spec
		for child in resource.spec.children
		for parent, table in child.doctype_of.items()
	}


def watched_resources(resources: Sequence[Resource]) -> dict[str, tuple[str, ...]]:
	"""What the change feed and webhooks watch: resource -> its doctypes, the default feed's first."""
	return {r.name: r.doctypes for r in sorted(resources, key=lambda r: r.feed != "default") if r.feed}


def party_fields(resources: Sequence[Resource]) -> dict[str, tuple[str, str]]:
	"""The party a watched document is about, when its party field is a plain Link."""
	return {dt: party for r in resources if r.feed and r.spec.party for dt, party in r.spec.party.items()}


def derived_tables(resources: Sequence[Resource]) -> tuple[dict, dict, dict]:
	"""PARENT_DOCTYPE, WATCHED_RESOURCES and PARTY_FIELD of the registry."""
	return parent_doctypes(resources), watched_resources(resources), party_fields(resources)
