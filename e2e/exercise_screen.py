"""Steps on the camera exercise screen that several tests take: turning the camera on, reading
the tracker's badge, running one set to its stored result."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from conftest import Api
from playwright.sync_api import Locator, Page, expect

# A set lasts a loop of the camera's clip (4 curls in 13.6 s) and a bit more: wherever in the
# loop it starts, it holds 4 whole curls and part of a fifth. Replayed from the landmarks
# Chromium sent (bench/set_windows.py, docs/benchmarks.md), sets of 16.5 to 18.5 s starting
# anywhere in the loop all count 4 or 5.
SET_SECONDS = 17
BADGE = re.compile(r"(MediaPipe Pose|MoveNet Lightning) · ([\d.]+) frames/s")


def turn_on_camera(page: Page) -> None:
    page.get_by_role("button", name="Turn on the camera").click()


def start_first_set(page: Page) -> Locator:
    """Press Start set 1 once the camera check passes; the End set button, once the countdown
    is over."""
    start = page.get_by_role("button", name="Start set 1")
    expect(start).to_be_enabled(timeout=90_000)
    start.click()
    end_set = page.get_by_role("button", name="End set")
    expect(end_set).to_be_visible(timeout=15_000)
    return end_set


def tracker_badge(page: Page, backend: str, timeout_ms: int) -> tuple[str, float]:
    """The pose tracker in use and its frame rate, as the screen's badge shows them."""
    badge = page.get_by_text(re.compile(rf"{backend} · [\d.]+ frames/s"))
    expect(badge).to_be_visible(timeout=timeout_ms)
    match = BADGE.search(badge.inner_text())
    assert match, badge.inner_text()
    return match.group(1), float(match.group(2))


def top_on_page(locator: Locator) -> float:
    """Where an element's top edge lies on the page (CSS px), wherever the page is scrolled."""
    top: float = locator.evaluate("(node) => node.getBoundingClientRect().top + window.scrollY")
    return top


def set_result(page: Page, timeout_ms: int = 30_000) -> int:
    """The reps the rest screen says the set just ended counted ("4 reps of 10")."""
    result = page.get_by_test_id("set-result")
    expect(result).to_be_visible(timeout=timeout_ms)
    match = re.match(r"(\d+) reps? of (\d+)", result.inner_text())
    assert match, result.inner_text()
    return int(match.group(1))


def one_set_stored(
    page: Page, api: Callable[[str], Api], patient_id: int, *, seconds: int, timeout_ms: int
) -> list[dict[str, Any]]:
    """Let the set that is starting run ``seconds``, end it, and return the newest session's
    sets as the doctor reads them."""
    end_set = page.get_by_role("button", name="End set")
    expect(end_set).to_be_visible(timeout=timeout_ms)
    page.wait_for_timeout(seconds * 1000)
    end_set.click()
    expect(page.get_by_test_id("set-result")).to_be_visible(timeout=2 * timeout_ms)
    sessions = api("doctor").get(f"/api/v1/patients/{patient_id}/workout-sessions", limit=5)
    newest = max(sessions["items"], key=lambda session: session["id"])
    return list(newest["details"])
