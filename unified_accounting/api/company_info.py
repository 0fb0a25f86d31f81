"""Company info endpoints: the companies a caller may see, their currency, default accounts and periods."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.company_info import CompanyFilters, to_unified_company_info
from unified_accounting.pagination import Page, Paging
from unified_accounting.schemas import CompanyInfo
from unified_accounting.services.core import company_info as service


@frappe.whitelist(methods=["GET"])
@unified_api("company_info")
def list_companies(
	filters: CompanyFilters, paging: Paging, include_remote_data: bool = False
) -> Page[CompanyInfo]:
	"""Return one page of CompanyInfo: the companies the caller may read (roles and User Permissions)."""
	found, page = service.list_companies(filters, paging, include_remote_data)
	page.items = [to_unified_company_info(row, found.facts, found.ctx) for row in found.rows]
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("company_info")
def get_company(id: str, include_remote_data: bool = False) -> CompanyInfo:
	"""Return one CompanyInfo: base currency, default accounts, fiscal years, periods, closing dates."""
	found = service.get_company(id, include_remote_data)
	return to_unified_company_info(found.rows[0], found.facts, found.ctx)
