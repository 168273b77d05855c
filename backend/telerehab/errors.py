"""Our error hierarchy and the one place that renders errors as RFC 9457 problem+json.

Handlers raise ``NotFound``, ``Conflict``, ``Forbidden``, ``InvalidInput``...; nothing builds an
error body by hand, and no stack trace, SQL or driver message ever reaches a client.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("telerehab.errors")

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://telerehab.example/problems/"


class DomainError(Exception):
    """Base of the errors a handler may raise; ``status`` and ``title`` describe the kind."""

    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"
    slug = "invalid-input"


class Unauthorized(DomainError):
    status = 401
    title = "Not authenticated"
    slug = "unauthorized"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class Gone(DomainError):
    status = 410
    title = "Gone"
    slug = "gone"


class TooManyRequests(DomainError):
    status = 429
    title = "Too many requests"
    slug = "too-many-requests"


class ServiceUnavailable(DomainError):
    status = 503
    title = "Service unavailable"
    slug = "service-unavailable"


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return problem_response(
        error.status, error.title, error.detail, slug=error.slug, headers=error.headers
    )


def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400:
        # FastAPI and Starlette answer 400 for a body they cannot read at all (bytes that are not
        # UTF-8 under a JSON content type, a broken multipart form). That is invalid input like
        # any other malformed body, which FastAPI already answers 422: one status for one kind.
        detail = error.detail if isinstance(error.detail, str) else "invalid request body"
        return problem_response(
            422,
            "Invalid input",
            f"body: {detail}",
            slug="invalid-input",
            extra={"errors": [{"loc": ["body"], "msg": detail, "type": "body_unreadable"}]},
        )
    titles = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated"}
    title = titles.get(error.status_code, "HTTP error")
    detail = error.detail if isinstance(error.detail, str) else title
    headers = dict(error.headers) if error.headers else None
    return problem_response(error.status_code, title, detail, headers=headers)


def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {
            "loc": [str(part) for part in issue.get("loc", ())],
            "msg": str(issue.get("msg", "")),
            "type": str(issue.get("type", "")),
        }
        for issue in error.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(part for part in first["loc"] if part not in ("body", "query", "path"))
    detail = f"{where}: {first['msg']}" if where else str(first["msg"])
    return problem_response(
        422, "Invalid input", detail, slug="invalid-input", extra={"errors": errors}
    )


def _integrity_error(_request: Request, error: Exception) -> JSONResponse:
    logger.info("integrity error turned into 409: %s", type(error).__name__)
    return problem_response(
        409,
        "Conflict",
        "This change conflicts with data that already exists (a duplicate or a missing reference).",
    )


def _data_error(_request: Request, error: Exception) -> JSONResponse:
    # The database refused a value the request carried (PostgreSQL stores no NUL character in
    # text, no number past its column's range): the client's input, not our failure.
    logger.warning("database refused a value, answered 422: %s", type(error).__name__)
    return problem_response(
        422,
        "Invalid input",
        "A value in the request cannot be stored (for example a NUL character in a text, or a "
        "number out of range).",
        slug="invalid-input",
    )


def _database_unavailable(_request: Request, error: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", type(error).__name__)
    return problem_response(
        503,
        "Service unavailable",
        "The database cannot be reached right now. Please try again in a moment.",
        headers={"Retry-After": "5"},
    )


def _unexpected_error(_request: Request, error: Exception) -> JSONResponse:
    logger.exception("unhandled error", exc_info=error)
    return problem_response(
        500,
        "Internal server error",
        "Something went wrong on our side. The error was logged; please try again.",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected_error)
