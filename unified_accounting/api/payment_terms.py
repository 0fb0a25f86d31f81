"""Payment Terms Templates with their terms: what `payment_terms_id` names."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.payment_terms import PaymentTermsFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PAYMENT_TERMS
from unified_accounting.schemas import PaymentTerms
from unified_accounting.services.core.reading import get_record, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("payment_terms")
def list_payment_terms(
	filters: PaymentTermsFilters, paging: Paging, include_remote_data: bool = False
) -> Page[PaymentTerms]:
	"""Return one page of payment terms templates, each with its terms."""
	found, page = list_records(PAYMENT_TERMS, filters, paging, include_remote_data)
	page.items = render(PAYMENT_TERMS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("payment_terms")
def get_payment_terms(id: str, include_remote_data: bool = False) -> PaymentTerms:
	"""Return one Payment Terms Template."""
	return render(PAYMENT_TERMS, get_record(PAYMENT_TERMS, id, include_remote_data))[0]
