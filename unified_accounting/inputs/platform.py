"""Write bodies of the platform: webhooks and integration users."""

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.inputs.common import Body


class WebhookCreate(Body):
	"""create_webhook: a subscription to change events."""

	target_url: str = Field(min_length=8)  # http(s) URL that receives signed POSTs
	events: list[str] = Field(min_length=1)  # patterns: invoices.created, payments.*, *.deleted, *
	company: str | None = None  # only events of this company (default: every company)
	user: str | None = None  # whose permissions shape payloads (default: caller; others: System Manager)
	description: str | None = None  # free text


class WebhookAction(Body):
	"""delete_webhook, replay_delivery: the subscription's or the delivery's id."""

	id: str = Field(min_length=1)


class IntegrationUserCreate(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	email: str = Field(min_length=3)  # the new User's email, its login id
	full_name: str | None = None  # shown in Desk (default: the part of the email before @)
	roles: list[str] = Field(min_length=1)  # from services.integration_users.INTEGRATION_ROLES
	company: str | None = None  # restrict the user to this Company (a User Permission)
	customer: str | None = None  # restrict the user to this Customer (a User Permission)
	read_only: bool = False  # an API Scope: reads only, over HTTP and MCP, whatever the roles allow
	resources: list[str] | None = Field(None, max_length=50)  # an API Scope: only these resources
