"""Employees: who payroll journal lines and reimbursements name (contact type `employee`)."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.mappers.employees import EmployeeFilters
from unified_accounting.pagination import Page, Paging
from unified_accounting.resources import EMPLOYEES
from unified_accounting.schemas import Employee
from unified_accounting.services.core.reading import get_record, list_records, render


@frappe.whitelist(methods=["GET"])
@unified_api("employees")
def list_employees(
	filters: EmployeeFilters, paging: Paging, include_remote_data: bool = False
) -> Page[Employee]:
	"""Return one page of Employees."""
	found, page = list_records(EMPLOYEES, filters, paging, include_remote_data)
	page.items = render(EMPLOYEES, found)
	return page


@frappe.whitelist(methods=["GET"])
@unified_api("employees")
def get_employee(id: str, include_remote_data: bool = False) -> Employee:
	"""Return one Employee."""
	return render(EMPLOYEES, get_record(EMPLOYEES, id, include_remote_data))[0]
