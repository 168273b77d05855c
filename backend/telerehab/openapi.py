"""The OpenAPI document: our operation ids, and problem+json documented on every error answer."""

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details: every error the API returns has this shape.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For 422: each invalid field.",
            "items": {"type": "object"},
        },
    },
}
ERROR_EXAMPLES: dict[str, tuple[str, str]] = {
    "401": (
        "Not authenticated",
        "Sign in first: send the access token as 'Authorization: Bearer <token>'.",
    ),
    "403": ("Forbidden", "Only a doctor may do this."),
    "404": ("Not found", "No patient with this id is in your care."),
    "409": ("Conflict", "This change conflicts with data that already exists."),
    "413": ("Payload too large", "The request body is larger than 1048576 bytes."),
    "422": ("Invalid input", "diagnosis: String should have at least 1 character"),
    "429": ("Too many requests", "Too many attempts. Please wait 60 seconds and try again."),
    "503": ("Service unavailable", "The database cannot be reached right now."),
}
# Every signed-in route can answer these, whether or not the route lists them.
COMMON_ERRORS = ("401", "422")


def _problem_content(status: str) -> dict[str, Any]:
    title, detail = ERROR_EXAMPLES.get(status, ("Error", "Something went wrong."))
    return {
        "application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"},
            "example": {
                "type": f"https://telerehab.example/problems/{title.lower().replace(' ', '-')}",
                "title": title,
                "status": int(status),
                "detail": detail,
            },
        }
    }


def _limits_roles(dependant: Dependant) -> bool:
    """Whether a ``require_role`` check is anywhere in this dependency tree."""
    return any(
        hasattr(sub.call, "allowed_roles") or _limits_roles(sub) for sub in dependant.dependencies
    )


def _role_limited_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, method) of every route that refuses the wrong role with 403."""
    limited = set()
    for context in iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        if isinstance(dependant, Dependant) and _limits_roles(dependant):
            limited |= {
                (str(context.path_format), method.lower()) for method in context.methods or ()
            }
    return limited


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    role_limited = _role_limited_operations(app)
    for path, path_item in document.get("paths", {}).items():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            statuses = {code for code in responses if code.startswith(("4", "5"))}
            if operation.get("security") or "422" in responses:
                statuses |= set(COMMON_ERRORS)
            if (path, method) in role_limited:
                statuses.add("403")
            for status in sorted(statuses):
                entry = responses.setdefault(status, {})
                entry.setdefault("description", ERROR_EXAMPLES.get(status, ("Error", ""))[0])
                entry["content"] = _problem_content(status)
    app.openapi_schema = document
    return document


def install_openapi(app: FastAPI) -> None:
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
