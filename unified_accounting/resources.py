"""The registry of unified resources: which ERPNext doctypes each one reads and writes, and the spec the
generic lister, getter and lifecycle (services/core/reading.py, services/core/documents.py) follow for it."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from unified_accounting.mappers import (
	accounts,
	banking,
	contacts,
	currencies,
	employees,
	expenses,
	invoices,
	journal_entries,
	orders,
	payment_methods,
	payment_terms,
	payments,
	transactions,
)


@dataclass(frozen=True)
class Child:
	"""A child table read with each record; its rows reach the mapper as children[key]."""

	key: str
	doctype_of: Mapping[str, str]  # parent doctype -> child doctype
	fields: Callable[[str], Sequence[str]]  # parent doctype -> the columns the mapper reads
	custom_fields: bool = True  # also select its custom fields and accounting dimension columns


@dataclass(frozen=True)
class Spec:
	"""How a resource is read: columns per doctype, the filters its list declares, child tables, and the
	mapper `to_unified_<x>(doctype, row, children, ctx)`."""

	noun: str  # one record, in messages ("No invoice X.")
	fields: Callable[[str], Sequence[str]]  # doctype -> the columns the mapper reads
	filters: type  # the filtering.Filters subclass of its list
	mapper: Callable
	children: tuple[Child, ...] = ()
	doctype_by_type: Mapping[str, str] | None = None  # when a `type` chooses among several doctypes
	party: Mapping[str, tuple[str, str]] | None = None  # doctype -> (party doctype, its Link field)
	where: Mapping[str, Mapping] | None = None  # doctype -> the fixed conditions a record of it meets
	# What every read adds beyond columns and child rows (a dotted path: Found -> Found, in services/),
	# applied by services/core/reading.py to lists, gets and change-feed records alike.
	extras: str | None = None


class Resource(NamedTuple):
	name: str  # unified resource name, also the api module name and the settings switch suffix
	doctypes: tuple[str, ...]  # parent doctypes, in the order they are read
	child_doctypes: tuple[str, ...]  # child tables whose custom fields the resource exposes
	switchable: bool  # has an enable_<name> switch in Unified Accounting Settings
	spec: Spec | None = None  # for the generic lister/getter/lifecycle
	# change feed and webhooks: "default" (in the feed unless `resources` says otherwise), "asked" (only
	# when named: many rows per voucher), "" (not watched)
	feed: str = ""


def fixed(fields: Sequence[str]) -> Callable[[str], Sequence[str]]:
	"""The same columns whatever the doctype."""
	return lambda _doctype: fields


ACCOUNTS = Resource(
	"accounts",
	("Account",),
	(),
	True,
	Spec("account", fixed(accounts.ACCOUNT_FIELDS), accounts.AccountFilters, accounts.to_unified_account),
	feed="default",
)
INVOICES = Resource(
	"invoices",
	("Sales Invoice", "Purchase Invoice"),
	("Sales Invoice Item", "Purchase Invoice Item", "Sales Taxes and Charges", "Purchase Taxes and Charges"),
	True,
	Spec(
		"invoice",
		invoices.header_fields,
		invoices.InvoiceFilters,
		invoices.to_unified_invoice,
		(
			Child("items", invoices.ITEM_DOCTYPE, invoices.item_fields),
			Child("taxes", invoices.TAX_DOCTYPE, fixed(invoices.TAX_COLUMNS), custom_fields=False),
		),
		invoices.DOCTYPE_BY_TYPE,
		party={doctype: (party[2], party[0]) for doctype, party in invoices.PARTY.items()},
		extras="unified_accounting.services.trade.invoices.with_payments",
	),
	feed="default",
)
JOURNAL_ENTRIES = Resource(
	"journal_entries",
	("Journal Entry",),
	("Journal Entry Account",),
	True,
	Spec(
		"journal entry",
		fixed(journal_entries.HEADER_FIELDS),
		journal_entries.JournalEntryFilters,
		journal_entries.to_unified_journal_entry,
		(Child("lines", {"Journal Entry": "Journal Entry Account"}, fixed(journal_entries.LINE_COLUMNS)),),
		extras="unified_accounting.services.ledger.journal_entries.with_currencies",
	),
	feed="default",
)
PAYMENTS = Resource(
	"payments",
	("Payment Entry",),
	("Payment Entry Reference",),
	True,
	Spec(
		"payment",
		fixed(payments.HEADER_FIELDS),
		payments.PaymentFilters,
		payments.to_unified_payment,
		(
			Child(
				"references", {"Payment Entry": "Payment Entry Reference"}, fixed(payments.REFERENCE_FIELDS)
			),
			Child(
				"deductions",
				{"Payment Entry": "Payment Entry Deduction"},
				fixed(payments.DEDUCTION_FIELDS),
				custom_fields=False,
			),
		),
	),
	feed="default",
)
TRANSACTIONS = Resource(
	"transactions",
	("GL Entry",),
	(),
	True,
	Spec(
		"transaction",
		fixed(transactions.GL_FIELDS),
		transactions.TransactionFilters,
		transactions.to_unified_transaction,
	),
	feed="asked",
)
CONTACTS = Resource(
	"contacts",
	("Customer", "Supplier"),
	(),
	False,
	Spec(
		"customer or supplier",
		contacts.contact_fields,
		contacts.ContactFilters,
		contacts.to_unified_contact,
		doctype_by_type=contacts.DOCTYPE_BY_TYPE,
		extras="unified_accounting.services.trade.contact_details.add_details",
	),
	feed="default",
)

EXPENSES = Resource(  # paid Purchase Invoices: the invoices' own child tables, read for that doctype only
	"expenses",
	("Purchase Invoice",),
	tuple(child.doctype_of["Purchase Invoice"] for child in INVOICES.spec.children),
	False,
	Spec(
		"expense",
		fixed(expenses.HEADER_FIELDS),
		expenses.ExpenseFilters,
		expenses.to_unified_expense,
		INVOICES.spec.children,
		where=expenses.WHERE,
	),
)

# What writes pick from (read only, shared reference data: no switch, not in the feed).
PAYMENT_METHODS = Resource(
	"payment_methods",
	("Mode of Payment",),
	("Mode of Payment Account",),
	False,
	Spec(
		"payment method",
		fixed(payment_methods.HEADER_FIELDS),
		payment_methods.PaymentMethodFilters,
		payment_methods.to_unified_payment_method,
		(
			Child(
				"accounts",
				{"Mode of Payment": "Mode of Payment Account"},
				fixed(payment_methods.ACCOUNT_FIELDS),
			),
		),
	),
)
PAYMENT_TERMS = Resource(
	"payment_terms",
	("Payment Terms Template",),
	("Payment Terms Template Detail",),
	False,
	Spec(
		"payment terms template",
		fixed(payment_terms.HEADER_FIELDS),
		payment_terms.PaymentTermsFilters,
		payment_terms.to_unified_payment_terms,
		(
			Child(
				"terms",
				{"Payment Terms Template": "Payment Terms Template Detail"},
				fixed(payment_terms.TERM_COLUMNS),
			),
		),
	),
)
CURRENCIES = Resource(
	"currencies",
	("Currency",),
	(),
	False,
	Spec(
		"currency",
		fixed(currencies.HEADER_FIELDS),
		currencies.CurrencyFilters,
		currencies.to_unified_currency,
	),
)
EMPLOYEES = Resource(
	"employees",
	("Employee",),
	(),
	False,
	Spec(
		"employee", fixed(employees.EMPLOYEE_FIELDS), employees.EmployeeFilters, employees.to_unified_employee
	),
)

# Banking: the company's bank accounts and the statement lines a bank feed pushes (in the feed).
BANK_ACCOUNTS = Resource(
	"bank_accounts",
	("Bank Account",),
	(),
	False,
	Spec(
		"bank account",
		fixed(banking.ACCOUNT_HEADER_FIELDS),
		banking.BankAccountFilters,
		banking.to_unified_bank_account,
		extras="unified_accounting.services.banking.bank_accounts.with_bank_facts",
	),
	feed="default",
)
BANK_TRANSACTIONS = Resource(
	"bank_transactions",
	("Bank Transaction",),
	("Bank Transaction Payments",),
	False,
	Spec(
		"bank transaction",
		fixed(banking.TRANSACTION_HEADER_FIELDS),
		banking.BankTransactionFilters,
		banking.to_unified_bank_transaction,
		(
			Child(
				"matches",
				{"Bank Transaction": "Bank Transaction Payments"},
				fixed(banking.MATCH_FIELDS),
				custom_fields=False,
			),
		),
		extras="unified_accounting.services.banking.bank_transactions.with_clearance",
	),
	feed="default",
)


# Orders: one declaration per doctype, one mapper; each read with its lines and the invoices and
# receipts / delivery notes made from it.
def order_resource(name: str, doctype: str) -> Resource:
	party = orders.PARTY[doctype]
	return Resource(
		name,
		(doctype,),
		(orders.ITEM_DOCTYPE[doctype],),
		False,
		Spec(
			doctype.lower(),
			orders.header_fields,
			orders.OrderFilters,
			orders.to_unified_order,
			(Child("line_items", {doctype: orders.ITEM_DOCTYPE[doctype]}, orders.item_fields),),
			party={doctype: (party[2], party[0])},
			extras="unified_accounting.services.trade.orders.with_invoices",
		),
		feed="default",
	)


SALES_ORDERS = order_resource("sales_orders", "Sales Order")
PURCHASE_ORDERS = order_resource("purchase_orders", "Purchase Order")
# Read only, not in the feed: a quote's party may be a Lead, which the feed's party rules do not cover.
QUOTES = Resource(
	"quotes",
	("Quotation",),
	("Quotation Item",),
	False,
	Spec(
		"quote",
		fixed(orders.QUOTE_HEADER_FIELDS),
		orders.QuoteFilters,
		orders.to_unified_quote,
		(Child("line_items", {"Quotation": "Quotation Item"}, fixed(orders.QUOTE_LINE_FIELDS)),),
	),
)

RESOURCES: tuple[Resource, ...] = (
	ACCOUNTS,
	INVOICES,
	JOURNAL_ENTRIES,
	PAYMENTS,
	TRANSACTIONS,
	CONTACTS,
	Resource("tracking_categories", ("Cost Center", "Project", "Accounting Dimension"), (), False),
	Resource(
		"tax_rates",
		(
			"Sales Taxes and Charges Template",
			"Purchase Taxes and Charges Template",
			"Item Tax Template",
			"Account",
		),
		(),
		False,
	),
	Resource("items", ("Item",), (), False),
	Resource("company_info", ("Company",), (), False),
	Resource("attachments", ("File",), (), False),
	Resource("reports", ("GL Entry", "Payment Ledger Entry"), (), False),
	EXPENSES,
	PAYMENT_METHODS,
	PAYMENT_TERMS,
	CURRENCIES,
	EMPLOYEES,
	BANK_ACCOUNTS,
	BANK_TRANSACTIONS,
	SALES_ORDERS,
	PURCHASE_ORDERS,
	QUOTES,
)

# Child tables and the parent doctype whose permissions govern them (field permission levels included).
PARENT_DOCTYPE = {
	table: parent
	for resource in RESOURCES
	if resource.spec
	for child in resource.spec.children
	for parent, table in child.doctype_of.items()
}

# Derived from the registry, never typed again: what the change feed and webhooks watch.
RESOURCE_BY_NAME = {resource.name: resource for resource in RESOURCES}
WATCHED_RESOURCES: dict[str, tuple[str, ...]] = {
	r.name: r.doctypes for r in sorted(RESOURCES, key=lambda r: r.feed != "default") if r.feed
}
DEFAULT_FEED_RESOURCES = tuple(r.name for r in RESOURCES if r.feed == "default")
RESOURCE_BY_DOCTYPE = {dt: resource for resource, doctypes in WATCHED_RESOURCES.items() for dt in doctypes}
# The party a watched document is about, when its party field is a plain Link.
PARTY_FIELD = {dt: party for r in RESOURCES if r.feed and r.spec.party for dt, party in r.spec.party.items()}


def watched_doctypes() -> tuple[str, ...]:
	"""The doctypes whose every change the feed records (hooks.py's doc_events)."""
	return tuple(RESOURCE_BY_DOCTYPE)
