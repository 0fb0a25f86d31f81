"""Pure mapping of capability facts to the unified `capabilities` shape."""

from unified_accounting.mappers.custom_fields import custom_field_descriptor


def to_unified_capabilities(facts: dict) -> dict:
	settings = facts["settings"]
	return {
		"app": "unified_accounting",
		"version": facts["version"],
		"frappe_version": facts["frappe_version"],
		"erpnext_version": facts["erpnext_version"],
		"user": facts["user"],
		"default_company": settings.default_company or None,
		"page_size": {"default": settings.default_page_size, "max": settings.max_page_size},
		"custom_fields_exposed": bool(settings.expose_custom_fields),
		"resources": [to_unified_resource(r) for r in facts["resources"]],
		"companies": [to_unified_company(c) for c in facts["companies"]],
		"custom_fields": {
			doctype: [custom_field_descriptor(f) for f in fields]
			for doctype, fields in facts["custom_fields"].items()
		},
	}


def to_unified_resource(facts: dict) -> dict:
	resource = facts["resource"]
	return {
		"name": resource.name,
		"enabled": facts["enabled"],
		"erpnext_doctypes": list(resource.doctypes),
		"operations": [
			{
				"name": fn.__name__,
				"method": f"{fn.__module__}.{fn.__name__}",
				"http_methods": list(http_methods),
			}
			for fn, http_methods in facts["operations"]
		],
	}


def to_unified_company(row: dict) -> dict:
	return {
		"id": row["name"],
		"name": row["name"],
		"abbreviation": row.get("abbr"),
		"currency": row.get("default_currency"),
		"country": row.get("country"),
	}
