"""Python client for the Unified Accounting API inside ERPNext (see README.md)."""

__version__ = "0.1.0"

from unified_accounting_client.client import Client, Feed, LedgerStream, Resource
from unified_accounting_client.errors import (
	ApiError,
	Conflict,
	Disabled,
	Gone,
	InternalError,
	InvalidCursor,
	InvalidRequest,
	MethodNotAllowed,
	NotFound,
	PayloadTooLarge,
	PermissionDenied,
	RateLimited,
	Unauthenticated,
	Unprocessable,
	UnsupportedMediaType,
)
from unified_accounting_client.webhooks import WebhookVerificationError, verify_webhook

__all__ = [
	"ApiError",
	"Client",
	"Conflict",
	"Disabled",
	"Feed",
	"Gone",
	"InternalError",
	"InvalidCursor",
	"InvalidRequest",
	"LedgerStream",
	"MethodNotAllowed",
	"NotFound",
	"PayloadTooLarge",
	"PermissionDenied",
	"RateLimited",
	"Resource",
	"Unauthenticated",
	"Unprocessable",
	"UnsupportedMediaType",
	"WebhookVerificationError",
	"verify_webhook",
]
