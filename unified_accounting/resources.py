"""The registry of unified resources: which ERPNext doctypes each one reads and writes, and the spec the
generic lister, getter and lifecycle (services/core/reading.py, services/core/documents.py) follow for it.
The types of a declaration (Resource, Spec, Child) and how the derived tables are built: resource_types.py."""

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
	tax_rates,
	transactions,
)
from unified_accounting.resource_types import (
	Child,
	Resource,
	Spec,
	derived_tables,
	fixed,
)

ACCOUNTS = Resource(
	"accounts",
	("Account",),
	switchable=True,
	spec=Spec(
		"account", fixed(accounts.ACCOUNT_FIELDS), accounts.AccountFilters, accounts.to_unified_account
	),
	feed="default",
)
INVOICES = Resource(
	"invoices",
	("Sales Invoice", "Purchase Invoice"),
	("Sales Invoice Item", "Purchase Invoice Item", "Sales Taxes and Charges", "Purchase Taxes and Charges"),
	switchable=True,
	spec=Spec(
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
	attachable=True,
)
JOURNAL_ENTRIES = Resource(
	"journal_entries",
	("Journal Entry",),
	("Journal Entry Account",),
	switchable=True,
	spec=Spec(
		"journal entry",
		fixed(journal_entries.HEADER_FIELDS),
		journal_entries.JournalEntryFilters,
		journal_entries.to_unified_journal_entry,
		(Child("lines", {"Journal Entry": "Journal Entry Account"}, fixed(journal_entries.LINE_COLUMNS)),),
		extras="unified_accounting.services.ledger.journal_entries.with_currencies",
	),
	feed="default",
	attachable=True,
)
PAYMENTS = Resource(
	"payments",
	("Payment Entry",),
	("Payment Entry Reference",),
	switchable=True,
	spec=Spec(
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
	attachable=True,
)
TRANSACTIONS = Resource(
	"transactions",
	("GL Entry",),
	switchable=True,
	spec=Spec(
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
	spec=Spec(
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
	spec=Spec(
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
	spec=Spec(
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
	spec=Spec(
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
	spec=Spec(
		"currency",
		fixed(currencies.HEADER_FIELDS),
		currencies.CurrencyFilters,
		currencies.to_unified_currency,
	),
)
EMPLOYEES = Resource(
	"employees",
	("Employee",),
	spec=Spec(
		"employee", fixed(employees.EMPLOYEE_FIELDS), employees.EmployeeFilters, employees.to_unified_employee
	),
)
# Banking: the company's bank accounts and the statement lines a bank feed pushes (in the feed).
BANK_ACCOUNTS = Resource(
	"bank_accounts",
	("Bank Account",),
	spec=Spec(
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
	spec=Spec(
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
		spec=Spec(
			doctype.lower(),
			orders.header_fields,
			orders.OrderFilters,
			orders.to_unified_order,
			(Child("line_items", {doctype: orders.ITEM_DOCTYPE[doctype]}, orders.item_fields),),
			party={doctype: (party[2], party[0])},
			extras="unified_accounting.services.trade.orders.with_invoices",
		),
		feed="default",
		attachable=True,
	)


SALES_ORDERS = order_resource("sales_orders", "Sales Order")
PURCHASE_ORDERS = order_resource("purchase_orders", "Purchase Order")
# Read only, not in the feed: a quote's party may be a Lead, which the feed's party rules do not cover.
QUOTES = Resource(
	"quotes",
	("Quotation",),
	("Quotation Item",),
	spec=Spec(
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
	Resource("tracking_categories", ("Cost Center", "Project", "Accounting Dimension")),
	Resource("tax_rates", tuple(dict.fromkeys(source.doctype for source in tax_rates.TAX_SOURCES))),
	Resource("items", ("Item",)),
	Resource("company_info", ("Company",)),
	Resource("attachments", ("File",)),
	Resource("reports", ("GL Entry", "Payment Ledger Entry")),
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

# Derived from the registry, never typed again (resource_types.py says how each is built).
PARENT_DOCTYPE, WATCHED_RESOURCES, PARTY_FIELD = derived_tables(RESOURCES)
RESOURCE_BY_NAME = {resource.name: resource for resource in RESOURCES}
DEFAULT_FEED_RESOURCES = tuple(r.name for r in RESOURCES if r.feed == "default")
RESOURCE_BY_DOCTYPE = {dt: resource for resource, doctypes in WATCHED_RESOURCES.items() for dt in doctypes}
ATTACHABLE = tuple(doctype for r in RESOURCES if r.attachable for doctype in r.doctypes)


def watched_doctypes() -> tuple[str, ...]:
	"""The doctypes whose every change the feed records (hooks.py's doc_events)."""
	return tuple(RESOURCE_BY_DOCTYPE)
