"""Live updates for an open web app, as server-sent events (``telerehab.live.push``)."""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from telerehab.access.credentials import decode_access_token
from telerehab.dependencies import AppSettings, CurrentUser, oauth2_scheme
from telerehab.errors import ServiceUnavailable
from telerehab.live.push import PushHub

router = APIRouter(tags=["events"])

PING_SECONDS = 15.0  # keeps proxies from closing a quiet stream, and checks the sign-in


@router.get(
    "/events",
    operation_id="events-stream",
    summary="Live updates",
    description=(
        'A `text/event-stream` of `update` events whose data is `{"kind": ...}`: a notification '
        "kind (`message`, `appointment_booked`, `appointment_moved`, `appointment_cancelled`, "
        "`week_plan`, `missed_session`, `general`). Nothing else is sent: the app reads what "
        "changed through the API. The stream ends when the access token expires or its sign-in "
        "ends; connect again with a fresh token. While the server cannot deliver pushes from "
        "every worker (its Redis is down) it answers 503: poll instead."
    ),
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The stream of updates."},
        503: {"description": "Live updates are unavailable for now: poll."},
    },
)
async def stream_events(
    request: Request,
    user: CurrentUser,
    settings: AppSettings,
    token: Annotated[str, Depends(oauth2_scheme)],
) -> EventSourceResponse:
    hub: PushHub = request.app.state.push
    if not hub.available:
        raise ServiceUnavailable("Live updates are unavailable for now; the app refreshes itself.")
    claims = decode_access_token(token, settings)
    revoked = request.app.state.revoked_sign_ins

    async def updates() -> AsyncIterator[ServerSentEvent]:
        with hub.subscription(user.id) as queue:
            yield ServerSentEvent(comment="connected")
            while (left := claims.expires_at - time.time()) > 0:
                try:
                    kind = await asyncio.wait_for(queue.get(), timeout=min(PING_SECONDS, left))
                except TimeoutError:
                    if claims.sign_in_id in revoked:
                        return
                    yield ServerSentEvent(comment="ping")
                    continue
                if kind is None:  # Redis went down: the app polls until it can connect again
                    return
                yield ServerSentEvent(data=json.dumps({"kind": kind}), event="update")

    return EventSourceResponse(updates(), headers={"Cache-Control": "no-store"})
