"""Permission oracle, allocations: applying a payment after the fact succeeds exactly when ERPNext would let
the user reconcile it in Desk (the tool, the payment and the invoice), and an invoice the user may not read
is answered exactly as a missing one."""

import pytest

import frappe

from unified_accounting.inputs import PaymentCreate
from unified_accounting.services.money.payment_writes import create_payment
from unified_accounting.tests.support.oracle_world import API, oracle_world
from unified_accounting.tests.support.site import SITE
from unified_accounting.tests.support.utils import ApiClient
from unified_accounting.tests.support.write_fixtures import CUSTOMER

world = pytest.fixture(scope="module", name="world")(oracle_world)
REFS = ("open", "other_cost_center", "owned", "second", "second_cancelled")


@pytest.fixture(scope="module")
def advance(world) -> str:
	"""An unallocated company-A receipt from the oracle's customer (committed; dry runs never use it up)."""
	a = world["a"]
	body = {
		"type": "accounts_receivable",
		"contact_id": CUSTOMER,
		"company": a["company"],
		"total_amount": 5,
		"account_id": a["cash"],
		"submit": True,
	}
	name = create_payment(PaymentCreate.model_validate(body)).name
	frappe.db.commit()
	return name


def allocate(client: ApiClient, payment: str, invoice: str):
	body = {
		"id": payment,
		"applied_to": [{"related_object_id": invoice, "applied_amount": 1}],
		"dry_run": True,
	}
	return client.post(f"{API}.payments.allocate_payment", body)


def usable(invoice, world) -> bool:
	return (
		invoice.docstatus == 1
		and invoice.company == world["a"]["company"]
		and invoice.customer == CUSTOMER
		and invoice.outstanding_amount >= 1
	)


@pytest.mark.parametrize(
	"kind", ["company", "customer", "cost_center", "if_owner", "accounts_user", "sales_user"]
)
def test_allocations_succeed_exactly_when_erpnext_would_reconcile(world, advance, kind):
	user, made = world["users"][kind], world["made"]
	client = ApiClient(SITE, user.token)
	payment = frappe.get_doc("Payment Entry", advance)
	may_reconcile = frappe.has_permission("Payment Reconciliation", "write", user=user.name)
	reads_payment = frappe.has_permission("Payment Entry", "read", doc=payment, user=user.name)
	missing = allocate(client, advance, "UA-NO-SUCH-INVOICE")
	for ref in REFS:
		invoice = frappe.get_doc("Sales Invoice", made[ref])
		readable = frappe.has_permission("Sales Invoice", "read", doc=invoice, user=user.name)
		response = allocate(client, advance, made[ref])
		expected = may_reconcile and reads_payment and readable and usable(invoice, world)
		assert (response.status == 200) == expected, (kind, ref, response.body)
		if not readable:
			assert (response.status, response.json["error"]) == (missing.status, missing.json["error"]) or (
				response.status == missing.status == 403
			), (kind, ref, response.body, missing.body)
	assert frappe.db.get_value("Payment Entry", advance, "unallocated_amount") == 5


def test_the_allocation_oracle_is_not_vacuous(world, advance):
	"""Someone succeeds, someone is refused for the payment, someone for the invoice only."""
	users, made = world["users"], world["made"]
	assert allocate(ApiClient(SITE, users["accounts_user"].token), advance, made["open"]).status == 200
	assert allocate(ApiClient(SITE, users["sales_user"].token), advance, made["open"]).status == 403
	hidden = allocate(ApiClient(SITE, users["cost_center"].token), advance, made["other_cost_center"])
	assert (
		hidden.status == 400
		and hidden.json["error"]["details"][0]["field"] == "applied_to[0].related_object_id"
	)
