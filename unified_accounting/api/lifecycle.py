"""Steps every submittable resource's endpoints share: act on the document, answer with it as it stands."""

from collections.abc import Callable

from unified_accounting.inputs import DocumentAction
from unified_accounting.resources import Resource
from unified_accounting.schemas import Deleted
from unified_accounting.services.core import documents
from unified_accounting.services.core.documents import Written


def result(record: Callable[[str], dict], written: Written, dry_run: bool = False) -> dict:
	"""The record as it now stands; dry runs add the GL it would post (then everything is rolled back)."""
	found = record(written.name)
	if dry_run:
		found["gl_preview"] = documents.preview_posting(written)
	return found


def submit(resource: Resource, record: Callable[[str], dict], body: DocumentAction) -> dict:
	return result(record, documents.submit(resource, body.id), body.dry_run)


def cancel(resource: Resource, record: Callable[[str], dict], body: DocumentAction) -> dict:
	return result(record, documents.cancel(resource, body.id))


def delete(resource: Resource, body: DocumentAction) -> Deleted:
	return {"id": documents.delete(resource, body.id).name, "deleted": True}
