"""App exceptions and the one table that maps any exception to a unified error type and HTTP status."""

import frappe


class UnifiedError(Exception):
	"""Mixin: an error that knows its unified `type`, HTTP status and per-field `details`."""

	error_type = "internal_error"
	http_status_code = 500

	def __init__(self, message: str = "", details: list[dict] | None = None):
		super().__init__(message)
		self.message = message
		self.details = details or []


class InvalidRequestError(UnifiedError, frappe.ValidationError):
	error_type = "invalid_request"
	http_status_code = 400


class InvalidCursorError(UnifiedError, frappe.ValidationError):
	error_type = "invalid_cursor"
	http_status_code = 400


class UnauthenticatedError(UnifiedError, frappe.AuthenticationError):
	error_type = "unauthenticated"
	http_status_code = 401


class PermissionDeniedError(UnifiedError, frappe.PermissionError):
	error_type = "permission_denied"
	http_status_code = 403


class NotFoundError(UnifiedError, frappe.DoesNotExistError):
	error_type = "not_found"
	http_status_code = 404


class MethodNotAllowedError(UnifiedError, frappe.ValidationError):
	error_type = "method_not_allowed"
	http_status_code = 405


class ConflictError(UnifiedError, frappe.ValidationError):
	error_type = "conflict"
	http_status_code = 409


class UnprocessableError(UnifiedError, frappe.ValidationError):
	error_type = "validation_error"
	http_status_code = 422


class PayloadTooLargeError(UnifiedError, frappe.ValidationError):
	error_type = "payload_too_large"
	http_status_code = 413


class UnsupportedMediaTypeError(UnifiedError, frappe.ValidationError):
	error_type = "unsupported_media_type"
	http_status_code = 415


class RateLimitedError(UnifiedError, frappe.ValidationError):
	error_type = "rate_limited"
	http_status_code = 429


class GoneError(UnifiedError, frappe.ValidationError):
	error_type = "gone"
	http_status_code = 410


class DisabledError(UnifiedError, frappe.ValidationError):
	error_type = "disabled"
	http_status_code = 503


# Frappe/ERPNext exceptions, most specific first: (exception class name, unified type, status).
# Names, not classes, because some live in modules we should not import eagerly.
FRAPPE_ERROR_MAP: tuple[tuple[str, str, int], ...] = (
	("SessionExpired", "unauthenticated", 401),
	("AuthenticationError", "unauthenticated", 401),
	("CSRFTokenError", "unauthenticated", 401),
	("PermissionError", "permission_denied", 403),
	("DoesNotExistError", "not_found", 404),
	("PageDoesNotExistError", "not_found", 404),
	("TooManyRequestsError", "rate_limited", 429),
	("RateLimitExceededError", "rate_limited", 429),
	("FrappeTypeError", "invalid_request", 400),
	("TimestampMismatchError", "conflict", 409),
	("DocstatusTransitionError", "conflict", 409),
	("UpdateAfterSubmitError", "conflict", 409),
	("LinkExistsError", "conflict", 409),
	("CancelledLinkError", "conflict", 409),
	("DuplicateEntryError", "conflict", 409),
	("QueryDeadlockError", "conflict", 409),
	("QueryTimeoutError", "conflict", 409),
	("DocumentLockedError", "conflict", 409),
	# MariaDB refusing a value (out of range for its column, too long): the caller's data, not a crash.
	("DataError", "validation_error", 422),
	("ValidationError", "validation_error", 422),
)


def classify(exc: BaseException) -> tuple[str, int]:
	"""Return (unified error type, HTTP status) for any exception; unknown ones are 500 internal_error."""
	if isinstance(exc, UnifiedError):
		return exc.error_type, exc.http_status_code
	ancestry = {cls.__name__ for cls in type(exc).__mro__}
	for name, error_type, status in FRAPPE_ERROR_MAP:
		if name in ancestry:
			return error_type, status
	return "internal_error", 500


def type_for_status(status: int) -> str:
	"""The unified type for a bare HTTP status (used when Frappe answered before our code ran)."""
	for _name, error_type, mapped_status in FRAPPE_ERROR_MAP:
		if mapped_status == status:
			return error_type
	return {
		400: "invalid_request",
		405: "method_not_allowed",
		410: "gone",
		413: "payload_too_large",
		415: "unsupported_media_type",
		503: "disabled",
	}.get(status, "internal_error")
