"""Unified order shapes: sales orders and purchase orders, with what was fulfilled and billed per line."""

from typing import TypedDict

from unified_accounting.schemas.core import ContactRef, custom_fields_on


class OrderLine(TypedDict):
	id: str  # Sales/Purchase Order Item.name (the `line_id` conversions take)
	item_id: str  # .item_code
	name: str | None  # .item_name
	description: str | None  # .description
	quantity: float  # .qty ordered
	unit: str | None  # .uom
	unit_price: float  # .rate
	total_amount: float  # .amount
	fulfilled_quantity: float  # .delivered_qty (sales) / .received_qty (purchase)
	billed_amount: float  # .billed_amt: invoiced so far (ERPNext keeps amounts)
	billed_quantity: float  # billed_amount / unit_price
	expected_date: str | None  # .delivery_date (sales) / .schedule_date (purchase)
	status: str  # open | partially_billed | billed (from billed against ordered)


class Order(TypedDict):
	id: str  # Sales Order.name / Purchase Order.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	type: str  # sales_order | purchase_order
	number: str  # .name
	contact: ContactRef | None  # .customer / .supplier
	transaction_date: str  # .transaction_date
	expected_date: str | None  # .delivery_date / .schedule_date
	currency: str  # .currency
	exchange_rate: float  # .conversion_rate
	sub_total: float  # .total
	total_tax_amount: float  # .total_taxes_and_charges
	total_amount: float  # .grand_total
	percent_billed: float  # .per_billed
	percent_fulfilled: float  # .per_delivered (sales) / .per_received (purchase)
	status: str  # draft, on_hold, to_fulfill_and_bill, to_bill, to_fulfill, completed, closed, cancelled
	posting_status: str  # draft | posted | cancelled (docstatus)
	line_items: list[OrderLine]  # .items
	invoice_ids: list[str]  # the invoices (drafts and posted) made from it
	fulfillment_ids: list[str]  # the Purchase Receipts (purchase) / Delivery Notes (sales) made from it
	custom_fields: custom_fields_on("Sales Order", "Purchase Order")  # their Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)


class QuoteLine(TypedDict):
	id: str  # Quotation Item.name
	item_id: str  # .item_code
	name: str | None  # .item_name
	description: str | None  # .description
	quantity: float  # .qty
	unit: str | None  # .uom
	unit_price: float  # .rate
	total_amount: float  # .amount


class Quote(TypedDict):
	id: str  # Quotation.name
	company: str  # .company
	created_at: str  # .creation
	updated_at: str  # .modified
	number: str  # .name
	contact: ContactRef | None  # .quotation_to / .party_name (customer, lead or prospect)
	transaction_date: str  # .transaction_date
	valid_until: str | None  # .valid_till
	currency: str  # .currency
	exchange_rate: float  # .conversion_rate
	sub_total: float  # .total
	total_tax_amount: float  # .total_taxes_and_charges
	total_amount: float  # .grand_total
	status: str  # draft, open, replied, partially_ordered, ordered, lost, cancelled, expired
	posting_status: str  # draft | posted | cancelled (docstatus)
	line_items: list[QuoteLine]  # .items
	custom_fields: custom_fields_on("Quotation")  # its Custom Fields, typed
	remote_data: dict | None  # the ERPNext document (only with include_remote_data=1)
