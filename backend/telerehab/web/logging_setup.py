"""Structured logs: one JSON line per request, each carrying the request id.

JSON is the production default (a log system reads it); ``LOG_JSON=false`` (``make run``) gives a
person one plain line per event instead.
"""

import logging
import time
import uuid
from collections.abc import MutableMapping
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_HANDLER_NAME = "telerehab"
ACCESS_LOGGER = "telerehab.access"
access_log = structlog.get_logger(ACCESS_LOGGER)


def plain_line(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> str:
    """One line a person reads at a glance: ``21:47:11  GET /api/v1/patients 200  3.2 ms`` for a
    request, ``21:47:11  WARNING  telerehab.legacy: deprecated URL used`` for anything else."""
    clock = str(event.pop("timestamp", ""))[11:19]
    level = str(event.pop("level", "")).upper()
    logger = event.pop("logger", "")
    message = event.pop("event", "")
    error = event.pop("exception", None)
    event.pop("request_id", None)  # for machines; a person matches lines by time and path
    if logger == ACCESS_LOGGER and message == "request":
        line = (
            f"{clock}  {event.pop('method', '')} {event.pop('path', '')} "
            f"{event.pop('status', '')}  {event.pop('duration_ms', '')} ms"
        )
        event.pop("client", None)
    else:
        line = f"{clock}  {level:<8} {logger}: {message}"
    if event:
        line += "  " + " ".join(f"{key}={value}" for key, value in event.items())
    return f"{line}\n{error}" if error else line


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    renderer: Any = structlog.processors.JSONRenderer() if json else plain_line
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
            foreign_pre_chain=shared,
        )
    )
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    # Replace only our own handler, so that calling this twice (one app per test) does not
    # duplicate lines, and handlers others installed (pytest's, an APM agent's) stay.
    root.handlers = [h for h in root.handlers if h.get_name() != _HANDLER_NAME] + [handler]
    root.setLevel(level.upper())
    # uvicorn's own access log would duplicate ours.
    logging.getLogger("uvicorn.access").disabled = True


class RequestLogMiddleware:
    """Assigns a request id (or keeps a sane one the client sent) and logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        # Behind a trusted proxy, uvicorn's ProxyHeadersMiddleware has already put the real
        # client here (main.py).
        state["client_address"] = str(scope["client"][0]) if scope.get("client") else "unknown"
        if scope["type"] == "websocket":
            # A live exercise stream: no access-log line, but its audit rows name the client.
            await self.app(scope, receive, send)
            return
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append(
                    (REQUEST_ID_HEADER.encode(), request_id.encode())
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                client=state["client_address"],
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            structlog.contextvars.unbind_contextvars("request_id")


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate: str = value.decode("latin-1")
            if 8 <= len(candidate) <= 64 and candidate.replace("-", "").isalnum():
                return candidate
    return None
