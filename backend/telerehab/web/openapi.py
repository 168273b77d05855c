"""The OpenAPI document: our operation ids, problem+json documented on every error answer, and the
exercise stream's messages."""

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.openapi.models import Schema
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts
from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from telerehab.schemas.exercise_session import StreamClientMessage, StreamServerMessage

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
# Messages no HTTP operation carries (OpenAPI has no WebSocket), published as components so
# that the web app's types for them are generated like the rest: (schema, mode, description).
MESSAGE_SCHEMAS: dict[str, tuple[TypeAdapter[Any], JsonSchemaMode, str]] = {
    "StreamClientMessage": (
        TypeAdapter(StreamClientMessage),
        "validation",
        "What a client sends on the exercise stream (/exercise-sessions/{id}/stream), one JSON "
        "message at a time; frames may also go as binary messages (float32 rows).",
    ),
    "StreamServerMessage": (
        TypeAdapter(StreamServerMessage),
        "serialization",
        "What the server sends on the exercise stream: its answers and the engine's events.",
    ),
}


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


def _add_message_schemas(schemas: dict[str, Any]) -> None:
    """Add ``MESSAGE_SCHEMAS`` and the models they use; a model must not differ from the
    component of the same name that the operations already made."""
    for name, (adapter, mode, description) in MESSAGE_SCHEMAS.items():
        schema = adapter.json_schema(ref_template="#/components/schemas/{model}", mode=mode)
        for model, definition in schema.pop("$defs", {}).items():
            definition = _as_fastapi_writes(definition)
            if schemas.setdefault(model, definition) != definition:
                raise RuntimeError(f"Two different schemas are named {model} in the document")
        schemas[name] = _as_fastapi_writes({"title": name, "description": description, **schema})


def _as_fastapi_writes(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` written as FastAPI writes its components: without null values, so a field
    that defaults to None is optional in the generated TypeScript, not required."""
    written: dict[str, Any] = jsonable_encoder(
        Schema.model_validate(schema), by_alias=True, exclude_none=True
    )
    return written


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    _add_message_schemas(schemas)
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
