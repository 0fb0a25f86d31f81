"""Records of watched doctypes in their unified shape, exactly as each resource's get endpoint returns them,
read for a whole page of events at once: per resource a fixed number of queries, like a list page."""

from unified_accounting.resources import RESOURCE_BY_DOCTYPE, RESOURCE_BY_NAME
from unified_accounting.services.core.reading import Found, get_records, render


def render_records(keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict | None]:
	"""(doctype, name) -> the record as `get_<resource>(id=name)` returns it to the session user, or None
	when it no longer exists or the user may not read it."""
	by_resource: dict[str, dict[str, list[str]]] = {}
	for doctype, name in sorted(keys):
		by_resource.setdefault(RESOURCE_BY_DOCTYPE[doctype], {}).setdefault(doctype, []).append(name)
	records: dict[tuple[str, str], dict | None] = dict.fromkeys(keys)
	for name, names_by_doctype in by_resource.items():
		resource = RESOURCE_BY_NAME[name]
		found: Found = get_records(resource, names_by_doctype)  # with the spec's extras, as its getter
		for (doctype, row), record in zip(found.rows, render(resource, found), strict=True):
			records[(doctype, row.name)] = record
	return records
