"""Batch create endpoints: up to 100 invoices, journal entries, payments or orders in one request."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

import frappe

from unified_accounting.api import (
	invoices,
	journal_entries,
	lifecycle,
	payments,
	purchase_orders,
	sales_orders,
)
from unified_accounting.api.policy import body_binder, unified_api
from unified_accounting.inputs import InvoiceCreate, JournalEntryCreate, OrderCreate, PaymentCreate
from unified_accounting.schemas import (
	InvoiceBatchItem,
	JournalEntryBatchItem,
	OrderBatchItem,
	PaymentBatchItem,
)
from unified_accounting.services.ledger import journal_writes
from unified_accounting.services.money import payment_writes
from unified_accounting.services.platform.batch import MAX_ITEMS, BatchSpec, run_batch
from unified_accounting.services.trade import invoice_writes, orders


class BatchCreate(BaseModel):
	"""`items`: bodies of the single create endpoint, each with an optional `idempotency_key`."""

	model_config = ConfigDict(extra="forbid")

	items: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_ITEMS)
	all_or_nothing: bool = False  # one transaction: the first failing item rolls every item back


INVOICES = BatchSpec(
	endpoint="unified_accounting.api.invoices.create_invoice",
	bind=body_binder(InvoiceCreate),
	write=lambda body: invoices.result(invoice_writes.create_invoice(body), body.dry_run),
)
JOURNAL_ENTRIES = BatchSpec(
	endpoint="unified_accounting.api.journal_entries.create_journal_entry",
	bind=body_binder(JournalEntryCreate),
	write=lambda body: journal_entries.result(journal_writes.create_journal_entry(body), body.dry_run),
)
PAYMENTS = BatchSpec(
	endpoint="unified_accounting.api.payments.create_payment",
	bind=body_binder(PaymentCreate),
	write=lambda body: payments.result(payment_writes.create_payment(body), body.dry_run),
)

SALES_ORDERS = BatchSpec(
	endpoint="unified_accounting.api.sales_orders.create_sales_order",
	bind=body_binder(OrderCreate),
	write=lambda body: lifecycle.result(
		sales_orders.record, orders.create_order("sales_orders", body), body.dry_run
	),
)
PURCHASE_ORDERS = BatchSpec(
	endpoint="unified_accounting.api.purchase_orders.create_purchase_order",
	bind=body_binder(OrderCreate),
	write=lambda body: lifecycle.result(
		purchase_orders.record, orders.create_order("purchase_orders", body), body.dry_run
	),
)


@frappe.whitelist(methods=["POST"])
@unified_api("invoices", write=True)
def create_invoices(body: BatchCreate) -> list[InvoiceBatchItem]:
	"""Create up to 100 Invoices (bodies as create_invoice); return one `{index, status, result | error}`
	per item, in order."""
	return run_batch(INVOICES, body.items, body.all_or_nothing)


@frappe.whitelist(methods=["POST"])
@unified_api("journal_entries", write=True)
def create_journal_entries(body: BatchCreate) -> list[JournalEntryBatchItem]:
	"""Create up to 100 Journal Entries (bodies as create_journal_entry); return one `{index, status,
	result | error}` per item, in order."""
	return run_batch(JOURNAL_ENTRIES, body.items, body.all_or_nothing)


@frappe.whitelist(methods=["POST"])
@unified_api("payments", write=True)
def create_payments(body: BatchCreate) -> list[PaymentBatchItem]:
	"""Create up to 100 Payments (bodies as create_payment); return one `{index, status, result | error}`
	per item, in order."""
	return run_batch(PAYMENTS, body.items, body.all_or_nothing)


@frappe.whitelist(methods=["POST"])
@unified_api("sales_orders", write=True)
def create_sales_orders(body: BatchCreate) -> list[OrderBatchItem]:
	"""Create up to 100 Sales Orders (bodies as create_sales_order); return one `{index, status, result |
	error}` per item, in order."""
	return run_batch(SALES_ORDERS, body.items, body.all_or_nothing)


@frappe.whitelist(methods=["POST"])
@unified_api("purchase_orders", write=True)
def create_purchase_orders(body: BatchCreate) -> list[OrderBatchItem]:
	"""Create up to 100 Purchase Orders (bodies as create_purchase_order); return one `{index, status,
	result | error}` per item, in order."""
	return run_batch(PURCHASE_ORDERS, body.items, body.all_or_nothing)
