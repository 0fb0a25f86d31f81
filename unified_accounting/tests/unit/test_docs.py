"""The docs tables and the schemas cannot drift: every documented field exists and every field is documented."""

import re
from typing import is_typeddict

import pytest

from unified_accounting import schemas
from unified_accounting.tests.support import REPO

DOCS = REPO / "docs"
# Shapes that are documented as part of their parent resource's page.
DOC_FOR_SHAPE = {
	"Capabilities": "capabilities.md",
	"CapabilityResource": "capabilities.md",
	"CapabilityOperation": "capabilities.md",
	"CapabilityCompany": "capabilities.md",
	"CustomFieldDescriptor": "capabilities.md",
	"PageSize": "capabilities.md",
	"Account": "accounts.md",
	"Invoice": "invoices.md",
	"InvoiceLineItem": "invoices.md",
	"InvoiceTax": "invoices.md",
	"InvoicePayment": "invoices.md",
	"JournalEntry": "journal_entries.md",
	"JournalEntryLine": "journal_entries.md",
	"Payment": "payments.md",
	"PaymentApplication": "payments.md",
	"PaymentDeduction": "payments.md",
	"Allocation": "payments.md",
	"AllocationLine": "payments.md",
	"Transaction": "transactions.md",
	"UnderlyingTransaction": "transactions.md",
	"Contact": "contacts.md",
	"ContactAddress": "contacts.md",
	"ContactEmail": "contacts.md",
	"TrackingCategory": "tracking_categories.md",
	"TaxRate": "tax_rates.md",
	"TaxRateComponent": "tax_rates.md",
	"Item": "items.md",
	"ItemCompanyAccounts": "items.md",
	"ItemPrice": "items.md",
	"CompanyInfo": "company_info.md",
	"CompanyDefaultAccounts": "company_info.md",
	"FiscalYear": "company_info.md",
	"AccountingPeriod": "company_info.md",
	"Attachment": "attachments.md",
	"AttachedTo": "attachments.md",
	"FinancialStatement": "reports.md",
	"ReportPeriod": "reports.md",
	"ReportLine": "reports.md",
	"TrialBalance": "reports.md",
	"TrialBalanceLine": "reports.md",
	"AgedReport": "reports.md",
	"AgeingBucket": "reports.md",
	"AgedContact": "reports.md",
	"AgedItem": "reports.md",
	"AgedTotals": "reports.md",
	"ChangeEvent": "sync.md",
	"Webhook": "webhooks.md",
	"WebhookDelivery": "webhooks.md",
	"BatchItemError": "batch.md",
	"InvoiceBatchItem": "batch.md",
	"OrderBatchItem": "batch.md",
	"JournalEntryBatchItem": "batch.md",
	"PaymentBatchItem": "batch.md",
	"Export": "exports.md",
	"IntegrationUser": "desk.md",
	"PaymentMethod": "payment_methods.md",
	"PaymentMethodAccount": "payment_methods.md",
	"PaymentTerms": "payment_terms.md",
	"PaymentTermLine": "payment_terms.md",
	"Currency": "currencies.md",
	"ExchangeRate": "currencies.md",
	"Employee": "employees.md",
	"Expense": "expenses.md",
	"Order": "orders.md",
	"OrderLine": "orders.md",
	"Quote": "orders.md",
	"QuoteLine": "orders.md",
	"BankAccount": "bank_accounts.md",
	"BankTransaction": "bank_transactions.md",
	"BankTransactionMatch": "bank_transactions.md",
	"MatchCandidate": "bank_transactions.md",
	"BankTransactionBatchItem": "bank_transactions.md",
	"AutoReconcileResult": "bank_transactions.md",
	"AutoReconcileJob": "bank_transactions.md",
	"BankReconciliationStatement": "bank_transactions.md",
	"ReconciliationItem": "bank_transactions.md",
}
SHARED_SHAPES = {"TrackingCategoryRef", "ContactRef", "Deleted"}  # Deleted: docs/writes.md


def documented_fields(doc: str, shape: str) -> list[str]:
	"""Field names (first column, in backticks) of the table under `## <shape>`."""
	text = (DOCS / doc).read_text()
	section = re.search(rf"^## {shape}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
	assert section, f"docs/{doc} has no '## {shape}' section"
	return re.findall(r"^\|\s*`([a-z_][a-z0-9_]*)`\s*\|", section.group(1), re.M)


def shapes() -> list[str]:
	return [name for name, obj in vars(schemas).items() if is_typeddict(obj) and name not in SHARED_SHAPES]


def test_every_shape_has_a_doc_page():
	assert set(shapes()) == set(DOC_FOR_SHAPE)


@pytest.mark.parametrize("shape", sorted(DOC_FOR_SHAPE))
def test_doc_table_matches_schema(shape):
	if not (DOCS / DOC_FOR_SHAPE[shape]).exists():
		pytest.fail(f"docs/{DOC_FOR_SHAPE[shape]} is missing")
	fields = documented_fields(DOC_FOR_SHAPE[shape], shape)
	assert fields == list(getattr(schemas, shape).__annotations__), (
		f"docs/{DOC_FOR_SHAPE[shape]} vs schemas.{shape}"
	)
