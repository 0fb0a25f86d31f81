"""The platform's shapes: batch results, exports, capabilities, change events, webhooks, integration users."""

from typing import Any, TypedDict

from unified_accounting.schemas.ledger import Invoice, JournalEntry, Payment
from unified_accounting.schemas.orders import Order


class BatchItemError(TypedDict):
	status: int  # the HTTP status the single endpoint would have answered
	type: str  # the unified error type (invalid_request, validation_error, ...)
	message: str  # plain words
	details: list[dict[str, Any]]  # one {field, message} per problem, paths relative to the item


class OrderBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: Order | None  # the created order (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class InvoiceBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: Invoice | None  # the created invoice (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class JournalEntryBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: JournalEntry | None  # the created journal entry (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class PaymentBatchItem(TypedDict):
	index: int  # position of the item in `items`
	status: int  # 201 created, or the error's status
	result: Payment | None  # the created payment (None when it failed)
	error: BatchItemError | None  # why it failed (None when created)
	idempotent_replayed: bool  # the result was replayed from an earlier call with the same key


class Export(TypedDict):
	id: str  # Unified Accounting Export.name
	resource: str  # what is exported: transactions
	format: str  # jsonl | csv
	status: str  # queued | running | done | failed | expired (its File was deleted after the retention)
	rows_written: int  # rows in the file so far
	total_rows: int | None  # rows the export will write (None while queued)
	progress: float  # rows_written / total_rows, 0 to 1
	download_url: str | None  # the private File, once done (same credentials as the API)
	error: str | None  # why it failed
	filters: dict[str, Any]  # the filters it was started with
	expires_at: str  # when its File is deleted (creation + Export File Retention in settings)


class CapabilityOperation(TypedDict):
	name: str  # the endpoint's function name (list_invoices)
	method: str  # its dotted path after /api/method/
	http_methods: list[str]  # GET or POST


class CapabilityResource(TypedDict):
	name: str  # unified resource name (invoices)
	enabled: bool  # switched on in Unified Accounting Settings
	erpnext_doctypes: list[str]  # the ERPNext doctypes it reads and writes
	operations: list[CapabilityOperation]  # its endpoints, read from the code


class CapabilityCompany(TypedDict):
	id: str  # Company.name
	name: str  # Company.name
	abbreviation: str | None  # Company.abbr
	currency: str | None  # Company.default_currency
	country: str | None  # Company.country


class CustomFieldDescriptor(TypedDict):
	key: str  # Custom Field.fieldname: the key in `custom_fields`
	label: str | None  # Custom Field.label
	type: str  # Custom Field.fieldtype (Data, Check, Select, Link, ...)
	options: str | None  # Custom Field.options (Select choices, Link target)
	required: bool  # Custom Field.reqd


class PageSize(TypedDict):
	default: int  # records per page when no limit is given
	max: int  # the largest limit accepted


class Capabilities(TypedDict):
	app: str  # always unified_accounting
	version: str  # the app's version
	frappe_version: str  # Frappe's version
	erpnext_version: str  # ERPNext's version
	user: str  # the caller
	default_company: str | None  # settings' default company
	page_size: PageSize  # settings' page sizes
	custom_fields_exposed: bool  # whether records carry custom_fields
	resources: list[CapabilityResource]  # every resource, enabled or not
	companies: list[CapabilityCompany]  # companies the caller may read
	custom_fields: dict[str, list[CustomFieldDescriptor]]  # doctype -> Custom Fields the caller may read


class ChangeEvent(TypedDict):
	id: str  # the event id: increasing, unique; webhooks send it as X-Unified-Event-Id (de-duplicate on it)
	resource: str  # accounts | invoices | journal_entries | payments | contacts | transactions
	record_id: str  # the record's id in that resource
	record_type: str  # the ERPNext doctype (Sales Invoice, Customer, ...): tells apart ids two doctypes share
	change: str  # created | updated | submitted | cancelled | deleted
	company: str | None  # the record's company (None for contacts)
	occurred_at: str  # when the change committed, with offset
	record: (
		dict[str, Any] | None
	)  # the record in its resource's unified shape as it is now; None once deleted


class Webhook(TypedDict):
	id: str  # the subscription's id
	target_url: str  # where deliveries are POSTed
	status: str  # active | paused (paused after a delivery used every retry)
	events: list[str]  # resource.change patterns: invoices.created, payments.*, *.deleted, *
	company: str | None  # only events of this company (None: every company)
	user: str  # the user whose permissions shape payloads
	description: str | None  # free text
	consecutive_failures: int  # failed attempts since the last success
	last_success_at: str | None  # the last successful delivery, with offset
	paused_reason: str | None  # why it was paused
	created_at: str  # with offset
	secret: str | None  # the signing secret: only in create_webhook's first answer (a replay: None)


class WebhookDelivery(TypedDict):
	id: str  # the delivery's id (X-Unified-Delivery-Id)
	webhook_id: str  # its subscription
	event_id: str  # the change event delivered (X-Unified-Event-Id)
	resource: str  # the event's resource
	change: str | None  # the event's change (None when skipped)
	record_id: str | None  # the event's record (None when skipped: it may be one the user may not read)
	status: str  # pending | delivered | failed | skipped
	attempts: int  # attempts so far
	next_attempt_at: str | None  # when the next retry is due (pending only), with offset
	last_attempt_at: str | None  # with offset
	last_status_code: int | None  # the receiver's HTTP status (None: no answer)
	last_latency_ms: int | None  # how long the last attempt took
	last_error: str | None  # connection error or HTTP status of the last failure
	response_excerpt: str | None  # the first 4 KiB of the receiver's answer
	replay_of: str | None  # the delivery this one replays


class IntegrationUser(TypedDict):
	user: str  # the new User's id (its email)
	roles: list[str]  # the roles it was given
	restricted_to: dict[str, str]  # the User Permissions created, e.g. {"Company": "...", "Customer": "..."}
	read_only: bool  # limited to reads by its API Scope (Unified Accounting Settings)
	resources: list[str] | None  # the only resources its API Scope allows (null: every resource)
	api_key: str  # the API key (Authorization: token <api_key>:<api_secret>)
	api_secret: (
		str | None
	)  # shown only in this response (null in an Idempotency-Key replay): stored encrypted
	curl: str | None  # a ready-to-run request with these credentials (null in a replay, like the secret)
