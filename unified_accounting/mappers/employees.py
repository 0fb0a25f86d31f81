"""Pure mapping of Employees to the unified Employee: who payroll lines and reimbursements name."""

from typing import Annotated, Literal

from unified_accounting.filtering import CommonFilters, Filter
from unified_accounting.mappers.common import (
	MapContext,
	base_fields,
	columns,
	iso_date,
	read_fields,
	reverse,
	same,
	snake,
	text,
	trailing_fields,
)
from unified_accounting.schemas import Employee

DOCTYPE = "Employee"
STATUS = {"Active": "active", "Inactive": "inactive", "Suspended": "suspended", "Left": "left"}
ERPNEXT_STATUS = reverse(STATUS)

# The fields an accounting integration needs; personal data (birth date, bank account, addresses) is
# left to include_remote_data, which ERPNext's own field permissions govern.
FIELDS = (
	("name", "employee_name", same),
	("first_name", "first_name", same),
	("last_name", "last_name", text),
	("employee_number", "employee_number", text),
)
MORE_FIELDS = (
	("department_id", "department", text),
	("job_title", "designation", text),
	("branch", "branch", text),
	("manager_id", "reports_to", text),
	("email", "prefered_email", text),
	("work_email", "company_email", text),
	("user_id", "user_id", text),
	("payroll_currency", "salary_currency", text),
	("start_date", "date_of_joining", iso_date),
	("termination_date", "relieving_date", iso_date),
)
EMPLOYEE_FIELDS = ("company", "creation", "modified", "status", *columns(FIELDS, MORE_FIELDS))


class EmployeeFilters(CommonFilters):
	status: Annotated[Literal[tuple(ERPNEXT_STATUS)] | None, Filter("status", values=ERPNEXT_STATUS)] = None
	department_id: Annotated[str | None, Filter("department")] = None
	user_id: Annotated[str | None, Filter("user_id")] = None


def to_unified_employee(doctype: str, row: dict, children: dict, ctx: MapContext) -> Employee:
	return {
		**base_fields(row, doctype, ctx),
		**read_fields(row, FIELDS),
		"status": STATUS.get(row.get("status")) or snake(row.get("status")),
		**read_fields(row, MORE_FIELDS),
		**trailing_fields(row, doctype, ctx),
	}
