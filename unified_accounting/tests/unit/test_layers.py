"""The layering the code relies on, checked without a site: pure modules never import frappe, nothing below
the api package imports it (the OpenAPI generator and the MCP server sit above it), and the object types
agree with the registry."""

import ast
import subprocess
import sys
from pathlib import Path

from unified_accounting import resources
from unified_accounting.object_types import object_type

PACKAGE = Path(resources.__file__).resolve().parent
PURE = ("unified_accounting.resources", "unified_accounting.object_types", "unified_accounting.filtering")
ABOVE_API = ("unified_accounting.api", "unified_accounting.openapi", "unified_accounting.agents")


def imported_modules(path: Path) -> set[str]:
	found = set()
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.Import):
			found.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module:
			found.add(node.module)
			found.update(f"{node.module}.{alias.name}" for alias in node.names)
	return found


def test_mappers_and_the_registry_import_without_frappe():
	mappers = sorted(f"unified_accounting.mappers.{p.stem}" for p in (PACKAGE / "mappers").glob("*.py"))
	code = "import sys; sys.modules['frappe'] = None\n" + "".join(f"import {m}\n" for m in (*PURE, *mappers))
	run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
	assert run.returncode == 0, run.stderr[-2000:]


def test_services_and_mappers_never_import_the_api_or_what_sits_above_it():
	upward = {
		str(path.relative_to(PACKAGE)): sorted(m for m in imported_modules(path) if m.startswith(ABOVE_API))
		for folder in ("services", "mappers")
		for path in (PACKAGE / folder).rglob("*.py")
	}
	assert {path: found for path, found in upward.items() if found} == {}


def test_each_attachable_resources_records_are_of_its_object_type():
	"""What an attachment's `attached_to.type` says is the resource's own record type."""
	attachable = [r for r in resources.RESOURCES if r.attachable]
	assert {r.name for r in attachable} >= {"invoices", "journal_entries", "payments"}
	for resource in attachable:
		for doctype in resource.doctypes:
			assert object_type(doctype) == resource.spec.noun.replace(" ", "_"), doctype
	assert resources.ATTACHABLE == tuple(dt for r in attachable for dt in r.doctypes)
