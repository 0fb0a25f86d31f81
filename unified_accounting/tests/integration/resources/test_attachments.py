"""Attachments over HTTP: upload (JSON base64 and multipart), list, get, download; parent permissions,
size limit from System Settings, nothing left behind on refusal."""

import base64
import io
import json
import threading

import pytest

import frappe

from unified_accounting.inputs import InvoiceCreate, JournalEntryCreate
from unified_accounting.schemas import Attachment
from unified_accounting.services.ledger.journal_writes import create_journal_entry
from unified_accounting.services.trade.invoice_writes import create_invoice
from unified_accounting.tests.support.utils import ApiClient, ensure_api_user, ensure_company, user_permission
from unified_accounting.tests.support.write_fixtures import CUSTOMER, accounts, ensure_parties, first_company

API = "unified_accounting.api.attachments"
ROLES = ["Accounts Manager", "Accounts User"]


def blank_pdf() -> bytes:
	from pypdf import PdfWriter

	writer, out = PdfWriter(), io.BytesIO()
	writer.add_blank_page(width=72, height=72)
	writer.add_metadata({"/Title": "unified accounting test"})
	writer.write(out)
	return out.getvalue()


PDF = blank_pdf()


@pytest.fixture(scope="module")
def parents():
	ensure_parties()
	company, second = first_company(), ensure_company("UA Second Company", "UA2")

	def invoice(in_company: str) -> str:
		books = accounts(in_company)
		body = {
			"type": "accounts_receivable",
			"company": in_company,
			"contact_id": CUSTOMER,
			"line_items": [{"name": "Attached work", "unit_price": 10, "account_id": books["income"]}],
			"submit": True,
		}
		return create_invoice(InvoiceCreate.model_validate(body)).name

	books = accounts(company)
	journal = create_journal_entry(
		JournalEntryCreate.model_validate(
			{
				"company": company,
				"lines": [
					{"account_id": books["expense"], "debit": 5},
					{"account_id": books["cash"], "credit": 5},
				],
			}
		)
	).name
	made = {"company": company, "invoice": invoice(company), "other": invoice(second), "journal": journal}
	frappe.db.commit()
	return made


@pytest.fixture(scope="module")
def client():
	return ApiClient(frappe.local.site, ensure_api_user("ua-files@example.com", ROLES).token)


def upload(client: ApiClient, kind: str, record: str, content: bytes = PDF, **extra):
	body = {
		"attached_to_type": kind,
		"attached_to_id": record,
		"file_name": "receipt.pdf",
		"content_base64": base64.b64encode(content).decode(),
		**extra,
	}
	return client.post(f"{API}.upload_attachment", body)


def upload_multipart(client: ApiClient, kind: str, record: str, content: bytes, name: str):
	kwargs = {
		"headers": {"Accept": "application/json", "Authorization": f"token {client.token}"},
		"data": {"attached_to_type": kind, "attached_to_id": record, "file": (io.BytesIO(content), name)},
		"content_type": "multipart/form-data",
	}
	return client.run_in_thread("POST", f"/api/method/{API}.upload_attachment", kwargs)


def files_on(record: str) -> int:
	return frappe.db.count("File", {"attached_to_name": record})


def test_upload_base64_get_and_download(client, parents):
	created = upload(client, "invoice", parents["invoice"])
	assert created.status == 201, created.body
	attachment = created.json["result"]
	assert list(attachment) == list(Attachment.__annotations__)
	assert attachment["is_private"] is True and attachment["size"] == len(PDF)
	assert attachment["content_type"] == "application/pdf"
	assert attachment["attached_to"] == {
		"type": "invoice",
		"erpnext_doctype": "Sales Invoice",
		"id": parents["invoice"],
	}
	assert frappe.db.get_value("File", attachment["id"], "file_url").startswith("/private/files/")
	got = client.get(f"{API}.get_attachment", {"id": attachment["id"]}).json["result"]
	assert got == attachment
	status, headers, data = download(client, attachment["id"])
	assert (status, headers["Content-Type"], data) == (200, "application/pdf", PDF)
	assert headers["Content-Disposition"].startswith("attachment;")


def test_download_is_byte_exact(client, parents):
	content = bytes(range(256)) * 4
	attachment = upload(client, "invoice", parents["invoice"], content, file_name="data.bin").json["result"]
	assert download(client, attachment["id"])[2] == content


def download(client: ApiClient, attachment_id: str) -> tuple[int, dict, bytes]:
	"""GET download_attachment and keep the body as bytes (ApiClient decodes JSON text)."""
	received = {}

	def fetch():
		response = client.client.get(
			f"/api/method/{API}.download_attachment?id={attachment_id}",
			base_url=f"http://{client.site}",
			headers={"Authorization": f"token {client.token}"},
		)
		received["result"] = (response.status_code, dict(response.headers), response.get_data())
		response.close()

	thread = threading.Thread(target=fetch)
	thread.start()
	thread.join()
	frappe.db.rollback()
	return received["result"]


def test_upload_multipart_and_list_by_parent(client, parents):
	created = upload_multipart(
		client, "journal_entry", parents["journal"], b"col1,col2\n1,2\n", "payroll.csv"
	)
	assert created.status == 201, created.body
	attachment = created.json["result"]
	assert attachment["name"].startswith("payroll") and attachment["attached_to"]["type"] == "journal_entry"
	listed = client.get(
		f"{API}.list_attachments", {"attached_to_type": "journal_entry", "attached_to_id": parents["journal"]}
	).json["result"]
	assert [a["id"] for a in listed] == [attachment["id"]]
	payments = client.get(f"{API}.list_attachments", {"attached_to_type": "payment", "limit": 100}).json
	assert attachment["id"] not in {a["id"] for a in payments["result"]}


def test_list_pages_with_cursors_and_count(client, parents):
	for i in range(3):
		content = b"line %d" % i
		assert upload(client, "invoice", parents["invoice"], content, file_name=f"p{i}.txt").status == 201
	params = {"attached_to_id": parents["invoice"], "attached_to_type": "invoice"}
	first = client.get(f"{API}.list_attachments", {**params, "limit": 2, "include_count": 1}).json
	total = first["result_count"]
	assert total == files_on(parents["invoice"]) and total >= 3
	seen, body = [a["id"] for a in first["result"]], first
	while body["next_cursor"]:
		body = client.get(
			f"{API}.list_attachments", {**params, "limit": 2, "cursor": body["next_cursor"]}
		).json
		seen += [a["id"] for a in body["result"]]
	assert len(seen) == len(set(seen)) == total
	back = client.get(f"{API}.list_attachments", {**params, "limit": 2, "cursor": body["prev_cursor"]}).json
	assert [a["id"] for a in back["result"]] == seen[-len(body["result"]) - 2 : -len(body["result"])]


def test_parent_permissions_decide(client, parents):
	other = upload(client, "invoice", parents["other"]).json["result"]
	mine = upload(client, "invoice", parents["invoice"]).json["result"]
	user = ensure_api_user("ua-files-restricted@example.com", ROLES)
	with user_permission(user.name, "Company", parents["company"]):
		restricted = ApiClient(frappe.local.site, user.token)
		listed = {a["id"] for a in every_page(restricted, {"attached_to_type": "invoice"})}
		assert mine["id"] in listed and other["id"] not in listed
		denied = restricted.get(f"{API}.get_attachment", {"id": other["id"]})
		assert denied.status == 403 and denied.json["error"]["type"] == "permission_denied"
		status, _headers, data = download(restricted, other["id"])
		assert status == 403 and json.loads(data)["error"]["type"] == "permission_denied"
		before = files_on(parents["other"])
		refused = upload(restricted, "invoice", parents["other"])
		assert refused.status == 403 and files_on(parents["other"]) == before


def frappe_download(client: ApiClient, attachment_id: str) -> tuple[int, str]:
	"""Frappe's own answer for the same user and File: GET /private/files/<name>?fid=<File>."""
	url = frappe.db.get_value("File", attachment_id, "file_url")
	headers = {"Authorization": f"token {client.token}"}
	response = client.run_in_thread("GET", f"{url}?fid={attachment_id}", {"headers": headers}, validate=False)
	return response.status, response.body


def test_download_answers_as_frappes_private_file_download(client, parents):
	"""A user restricted to one Account reads the journal entry through a list (its header links no
	Account) but not as a document (a line's account is another): Frappe's /private/files/ refuses them
	the file, and so does download_attachment. An unrestricted user and the uploader (Frappe lets the
	owner of a file download it) get the file from both."""
	content = b"ua private %s\n" % frappe.generate_hash().encode()  # unique: no File shares its URL
	kwargs = {"file_name": "ledger-note.txt"}
	attachment = upload(client, "journal_entry", parents["journal"], content, **kwargs).json["result"]
	books = accounts(parents["company"])
	restricted = ApiClient(frappe.local.site, ensure_api_user("ua-files-account@example.com", ROLES).token)
	reader = ApiClient(frappe.local.site, ensure_api_user("ua-files-reader@example.com", ROLES).token)
	uploader = frappe.db.get_value("File", attachment["id"], "owner")
	with (
		user_permission("ua-files-account@example.com", "Account", books["expense"]),
		user_permission(uploader, "Account", books["expense"]),
	):
		# our visibility logic (the parent's permission query) still lets them see the attachment
		assert restricted.get(f"{API}.get_attachment", {"id": attachment["id"]}).status == 200
		assert frappe_download(restricted, attachment["id"])[0] == 403
		status, _headers, data = download(restricted, attachment["id"])
		assert status == 403 and json.loads(data)["error"]["type"] == "permission_denied"
		for allowed in (reader, client):
			assert frappe_download(allowed, attachment["id"]) == (200, content.decode())
			assert download(allowed, attachment["id"])[::2] == (200, content)


def every_page(client: ApiClient, params: dict) -> list[dict]:
	found, cursor = [], None
	while True:
		body = client.get(
			f"{API}.list_attachments", {**params, "limit": 100, **({"cursor": cursor} if cursor else {})}
		).json
		found += body["result"]
		if not (cursor := body["next_cursor"]):
			return found


def test_size_limit_comes_from_system_settings(client, parents):
	previous = frappe.db.get_single_value("System Settings", "max_file_size")
	frappe.db.set_single_value("System Settings", "max_file_size", 1)  # MB
	frappe.db.commit()
	try:
		before = files_on(parents["invoice"])
		refused = upload(client, "invoice", parents["invoice"], b"x" * (1024 * 1024 + 1))
		assert refused.status == 413, refused.body
		assert refused.json["error"]["type"] == "payload_too_large"
		assert str(1024 * 1024) in refused.json["error"]["message"]
		assert files_on(parents["invoice"]) == before
	finally:
		frappe.db.set_single_value("System Settings", "max_file_size", previous)
		frappe.db.commit()


@pytest.mark.parametrize(
	"change, status, field",
	[
		({"content_base64": "not base64!"}, 400, "content_base64"),
		({"content_base64": None}, 400, "content_base64"),
		({"attached_to_type": "order"}, 400, "attached_to_type"),
		({"attached_to_id": "NO-SUCH-INVOICE"}, 404, None),
		({"colour": "red"}, 400, "colour"),
		({"content_base64": base64.b64encode(b"%PDF-1.4 broken").decode()}, 422, "file"),
	],
)
def test_bad_uploads_are_refused_in_our_shape(client, parents, change, status, field):
	before = files_on(parents["invoice"])
	body = {
		"attached_to_type": "invoice",
		"attached_to_id": parents["invoice"],
		"file_name": "x.pdf",
		"content_base64": base64.b64encode(PDF).decode(),
	}
	body = {k: v for k, v in {**body, **change}.items() if v is not None}
	refused = client.post(f"{API}.upload_attachment", body)
	assert refused.status == status, refused.body
	if field:
		assert field in [d["field"] for d in refused.json["error"]["details"]]
	assert files_on(parents["invoice"]) == before


def test_dry_run_keeps_nothing(client, parents):
	before = files_on(parents["invoice"])
	dry = upload(client, "invoice", parents["invoice"], b"dry run", file_name="dry.txt", dry_run=True)
	assert dry.status == 201 and dry.json["result"]["attached_to"]["id"] == parents["invoice"]
	assert files_on(parents["invoice"]) == before
	assert not frappe.db.exists("File", dry.json["result"]["id"])


def test_a_page_is_a_fixed_number_of_queries(client, parents):
	from unified_accounting.api.attachments import list_attachments
	from unified_accounting.tests.support.utils import count_queries

	for i in range(2):
		upload(client, "invoice", parents["invoice"], b"q%d" % i, file_name=f"q{i}.txt")
	frappe.set_user("ua-files@example.com")
	list_attachments(limit=100)  # warm the metadata caches the larger page touches
	with count_queries() as small:
		list_attachments(limit=1, include_count=1)
	with count_queries() as large:
		page = list_attachments(limit=100, include_count=1)
	assert len(json.loads(page.get_data())["result"]) > 1
	assert small.count == large.count


def test_files_above_the_generic_body_limit_upload_up_to_frappes_limit(client, parents):
	"""Other endpoints refuse bodies over 2 MB; attachments take up to Frappe's max file size."""
	content = bytes(range(256)) * (9 * 1024)  # 2.25 MiB
	created = upload_multipart(client, "invoice", parents["invoice"], content, "scan.bin")
	assert created.status == 201, created.body
	assert created.json["result"]["size"] == len(content)
	assert download(client, created.json["result"]["id"])[2] == content
