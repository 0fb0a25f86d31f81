"""Admin helpers behind the Desk settings page: create an integration user with an API key."""

import frappe

from unified_accounting.api.policy import unified_api
from unified_accounting.inputs import IntegrationUserCreate
from unified_accounting.schemas import IntegrationUser
from unified_accounting.services.platform import integration_users


@frappe.whitelist(methods=["POST"])
@unified_api(write=True, secret_fields=("api_secret", "curl"))
def create_integration_user(body: IntegrationUserCreate) -> IntegrationUser:
	"""Create an integration user (System Manager only): a new User with the given roles, optionally
	restricted to one Company and/or Customer, with a fresh API key and secret. Returns the secret
	this once, with a ready curl line; a replay by Idempotency-Key answers them null (the secret is
	never stored in clear)."""
	return integration_users.create_integration_user(body.model_dump())
