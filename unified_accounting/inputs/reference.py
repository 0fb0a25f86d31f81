"""Write bodies of reference records: contacts with their addresses and emails, items with accounts and prices."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import Body
from unified_accounting.schemas import custom_fields_on


class AddressInput(BaseModel):
	"""One address of a contact: with `id`, that address is updated; without, a new one is created."""

	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	id: str | None = None  # an Address already linked to the contact
	type: str | None = None  # Address.address_type in snake_case (billing, shipping, ...); new: billing
	line1: str | None = None  # required for a new address
	line2: str | None = None
	city: str | None = None  # required for a new address
	state: str | None = None
	postal_code: str | None = None
	country: str | None = None  # a Country (required for a new address)
	email: str | None = None
	phone: str | None = None
	is_primary: bool | None = None
	is_shipping: bool | None = None


class EmailInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	email: str = Field(min_length=3, pattern=r"^[^@\s]+@[^@\s]+$")
	is_primary: bool = False  # the first email is primary when none is marked


class ContactCreate(Body):
	type: Literal["customer", "supplier"]
	name: str = Field(min_length=1)  # customer_name / supplier_name
	group: str | None = None  # Customer Group / Supplier Group (default: ERPNext's default or the root)
	tax_id: str | None = None
	currency: str | None = None  # default billing currency
	email: str | None = None
	phone: str | None = None
	payment_terms_id: str | None = None  # a Payment Terms Template
	addresses: list[AddressInput] = Field(default_factory=list)  # created and linked (see update_contact)
	custom_fields: custom_fields_on("Customer", "Supplier") = Field(default_factory=dict)


class ContactUpdate(Body):
	"""Only the fields given change. `addresses` / `emails`, when given, replace the current ones."""

	id: str = Field(min_length=1)
	type: Literal["customer", "supplier"] | None = None  # needed only when the id names both kinds
	name: str | None = Field(default=None, min_length=1)
	group: str | None = None
	tax_id: str | None = None
	currency: str | None = None
	email: str | None = None  # becomes the primary email (the others are kept)
	phone: str | None = None  # the primary Contact person's mobile number
	status: Literal["active", "inactive"] | None = None
	payment_terms_id: str | None = None  # a Payment Terms Template
	addresses: list[AddressInput] | None = None  # replaces the linked addresses
	emails: list[EmailInput] | None = None  # replaces the primary Contact person's emails
	custom_fields: custom_fields_on("Customer", "Supplier") = Field(default_factory=dict)


class ContactAction(Body):
	"""deactivate_contact: the contact's id (and type when the id names both kinds)."""

	id: str = Field(min_length=1)
	type: Literal["customer", "supplier"] | None = None


class ItemPriceInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	price_list: str = Field(min_length=1)  # a Price List (Standard Selling, Standard Buying, ...)
	unit_price: float = Field(ge=0)  # Item Price.price_list_rate
	currency: str | None = None  # default: the price list's currency
	unit: str | None = None  # a UOM (default: the item's unit)


class ItemAccountsInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	company: str = Field(min_length=1)
	income_account_id: str | None = None  # Item Default.income_account: where its sales post
	expense_account_id: str | None = None  # Item Default.expense_account: where its purchases post
	selling_cost_center_id: str | None = None
	buying_cost_center_id: str | None = None


class ItemCreate(Body):
	"""create_item: an Item with its default accounts per company and its prices per price list."""

	id: str | None = Field(default=None, min_length=1, max_length=140)  # Item.item_code (default: name)
	name: str = Field(min_length=1, max_length=140)  # .item_name
	description: str | None = None
	group: str | None = None  # an Item Group (default: Stock Settings' default, else All Item Groups)
	unit: str | None = None  # the stock UOM (default: Stock Settings' default, else Nos)
	is_stock_item: bool = False  # services and non-stock goods by default: accounting, no warehouse
	is_sold: bool = True
	is_purchased: bool = True
	status: Literal["active", "inactive"] = "active"
	accounts: list[ItemAccountsInput] = Field(default_factory=list, max_length=100)
	prices: list[ItemPriceInput] = Field(default_factory=list, max_length=100)
	custom_fields: custom_fields_on("Item") = Field(default_factory=dict)


class ItemUpdate(Body):
	"""update_item: fields given are changed; `accounts` replace that company's defaults, `prices` set that
	price list's price (in the unit given, else the item's unit); others stay."""

	id: str = Field(min_length=1)
	name: str | None = Field(default=None, min_length=1, max_length=140)
	description: str | None = None
	group: str | None = None
	is_sold: bool | None = None
	is_purchased: bool | None = None
	status: Literal["active", "inactive"] | None = None
	accounts: list[ItemAccountsInput] = Field(default_factory=list, max_length=100)
	prices: list[ItemPriceInput] = Field(default_factory=list, max_length=100)
	custom_fields: custom_fields_on("Item") = Field(default_factory=dict)
