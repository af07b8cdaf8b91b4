"""Errors the HTTP API answers with: a status, a stable code and a message, as JSON."""

from __future__ import annotations


class ApiError(Exception):
    """A request the API refuses or cannot answer; rendered as ``{"error": {code, message}}``,
    with a Retry-After header where ``retry_after`` says when to ask again."""

    def __init__(
        self, status: int, code: str, message: str, *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


def not_found(kind: str, identifier: str) -> ApiError:
    """Build (for the caller to raise) the error for an id the store does not have."""
    return ApiError(404, "not_found", f"No {kind} with id {identifier!r}.")


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}
