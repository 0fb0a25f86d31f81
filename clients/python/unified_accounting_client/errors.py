"""Typed errors: one class per `error.type` of the unified error shape, all subclasses of ApiError."""


class ApiError(Exception):
	"""A unified error answer: `status`, `type`, `message`, `details` (field paths), and the response."""

	type = "error"

	def __init__(self, status: int, message: str, details: list | None = None, response=None):
		super().__init__(f"{status} {self.type}: {message}")
		self.status, self.message, self.details, self.response = status, message, details or [], response

	@property
	def fields(self) -> list[str]:
		return [d.get("field") for d in self.details if d.get("field")]


class InvalidRequest(ApiError):
	type = "invalid_request"


class InvalidCursor(InvalidRequest):
	type = "invalid_cursor"


class Unauthenticated(ApiError):
	type = "unauthenticated"


class PermissionDenied(ApiError):
	type = "permission_denied"


class NotFound(ApiError):
	type = "not_found"


class MethodNotAllowed(ApiError):
	type = "method_not_allowed"


class Conflict(ApiError):
	type = "conflict"


class Gone(ApiError):
	"""A change-feed position older than the retention: resync (page every resource, then follow)."""

	type = "gone"


class PayloadTooLarge(ApiError):
	type = "payload_too_large"


class UnsupportedMediaType(ApiError):
	type = "unsupported_media_type"


class Unprocessable(ApiError):
	"""ERPNext refused the document (`validation_error`): the message is ERPNext's."""

	type = "validation_error"


class RateLimited(ApiError):
	type = "rate_limited"


class Disabled(ApiError):
	type = "disabled"


class InternalError(ApiError):
	type = "internal_error"


BY_TYPE = {cls.type: cls for cls in ApiError.__subclasses__() + InvalidRequest.__subclasses__()}


def error_from(status: int, body, response=None) -> ApiError:
	"""The typed error for an answer in the unified shape (or a plain ApiError for anything else)."""
	error = body.get("error") if isinstance(body, dict) else None
	if not isinstance(error, dict):
		return ApiError(status, f"unexpected answer: {str(body)[:200]}", [], response)
	cls = BY_TYPE.get(error.get("type"), ApiError)
	return cls(status, error.get("message", ""), error.get("details"), response)
