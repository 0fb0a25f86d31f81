"""Modes of Payment with their default account per company: what `payment_method_id` names."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.payment_methods import PaymentMethodFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import PAYMENT_METHODS
from unified_accounting.schemas import PaymentMethod
from unified_accounting.services.core.reading import get_record, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("payment_methods")
def list_payment_methods(
	filters: PaymentMethodFilters, paging: Paging, include_remote_data: bool = False
) -> Page[PaymentMethod]:
	"""Return one page of payment methods, each with its default account per company."""
	found, page = list_records(PAYMENT_METHODS, filters, paging, include_remote_data)
	page.items = render(PAYMENT_METHODS, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("payment_methods")
def get_payment_method(id: str, include_remote_data: bool = False) -> PaymentMethod:
	"""Return one Mode of Payment."""
	return render(PAYMENT_METHODS, get_record(PAYMENT_METHODS, id, include_remote_data))[0]
