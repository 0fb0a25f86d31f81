"""Write bodies of orders: sales and purchase orders, and their conversion to invoices."""

import datetime

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import MAX_LINES, Body
from unified_accounting.schemas import custom_fields_on


class OrderLineInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	item_id: str = Field(min_length=1)  # an Item (ERPNext's orders need one on every line)
	quantity: float = Field(gt=0)
	unit_price: float = Field(ge=0)
	name: str | None = None
	description: str | None = None
	expected_date: datetime.date | None = None  # default: the order's


class OrderCreate(Body):
	"""create_sales_order / create_purchase_order: posted in the same transaction with `submit: true`."""

	contact_id: str = Field(min_length=1)  # the Customer / Supplier
	company: str | None = None
	transaction_date: datetime.date | None = None  # default today
	expected_date: datetime.date  # delivery date (sales) / required-by date (purchase)
	currency: str | None = None
	exchange_rate: float | None = Field(default=None, gt=0)
	line_items: list[OrderLineInput] = Field(min_length=1, max_length=MAX_LINES)
	custom_fields: custom_fields_on("Sales Order", "Purchase Order") = Field(default_factory=dict)
	submit: bool = False


class OrderUpdate(Body):
	"""update_sales_order / update_purchase_order: drafts take any of these (lines replaced as given);
	posted orders only fields ERPNext allows after submit (409 otherwise)."""

	id: str = Field(min_length=1)
	contact_id: str | None = None
	transaction_date: datetime.date | None = None
	expected_date: datetime.date | None = None
	line_items: list[OrderLineInput] | None = Field(default=None, min_length=1, max_length=MAX_LINES)
	custom_fields: custom_fields_on("Sales Order", "Purchase Order") = Field(default_factory=dict)


class ConversionLineInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	line_id: str = Field(min_length=1)  # an order line's id
	quantity: float = Field(gt=0)  # to invoice now (at most what is not billed yet)


class OrderConversion(Body):
	"""invoice_sales_order / bill_purchase_order: an invoice made by ERPNext's own mapper from the order,
	of every line still to bill, or of the chosen lines and quantities."""

	id: str = Field(min_length=1)  # the order
	line_items: list[ConversionLineInput] = Field(default_factory=list, max_length=MAX_LINES)  # empty: all
	issue_date: datetime.date | None = None  # default today
	supplier_invoice_number: str | None = None  # purchase: the supplier's bill number
	submit: bool = False


class OrderReceipt(Body):
	"""receive_purchase_order: a Purchase Receipt made by ERPNext's make_purchase_receipt from the order,
	of every line still to receive, or of the chosen lines and quantities."""

	id: str = Field(min_length=1)  # the purchase order
	line_items: list[ConversionLineInput] = Field(default_factory=list, max_length=MAX_LINES)  # empty: all
	receipt_date: datetime.date | None = None  # default today
	warehouse_id: str | None = None  # where stock items are received (default: the order's warehouses)
	supplier_delivery_note: str | None = None  # the supplier's delivery note number
	submit: bool = False  # post it: received quantities move on the order (and stock, for stock items)
