"""Live updates in the browser (issue 23 §4): a message the doctor sends shows up in the patient's
open thread within seconds, although the thread itself only asks every 15 s: the server's event
stream told the app, and the app read the thread again."""

from __future__ import annotations

import time
from collections.abc import Callable

from conftest import Api, open_conversation_with_doctor
from playwright.sync_api import Page, expect

PUSHED_WITHIN_MS = 5_000  # far below the thread's 15 s poll, with room for a busy CI machine


def test_a_message_from_the_doctor_appears_without_waiting_for_the_poll(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    requests_seen: dict[Page, list[str]],
) -> None:
    page = open_as("patient", "/today")
    thread = open_conversation_with_doctor(page)
    expect(thread).to_be_visible()
    # The app's event stream is open before the doctor writes.
    deadline = time.monotonic() + 30
    while not any(url.endswith("/api/v1/events") for url in requests_seen[page]):
        assert time.monotonic() < deadline, "the app opened no event stream"
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)

    text = f"E2E push: see you Thursday ({time.time():.0f})"
    api("doctor").send("POST", "/api/v1/messages", {"receiver_id": patient_id, "body": text})
    expect(thread).to_contain_text(text, timeout=PUSHED_WITHIN_MS)
