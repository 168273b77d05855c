"""The brain games, played with real clicks; each finished game is stored and shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from conftest import Api
from playwright.sync_api import Page, expect

# The Stroop inks as the browser computes them, and the answer button for each.
INKS = {
    "rgb(255, 107, 107)": "Red",
    "rgb(108, 180, 255)": "Blue",
    "rgb(94, 224, 138)": "Green",
    "rgb(255, 216, 77)": "Yellow",
}


def newest_game(api: Callable[[str], Api], patient_id: int, game: str) -> dict[str, Any]:
    patient = api("patient")
    listed = patient.get(f"/api/v1/patients/{patient_id}/brain-sessions", game=game, limit=1)
    detail: dict[str, Any] = patient.get(f"/api/v1/brain-sessions/{listed['items'][0]['id']}")
    return detail


def test_reaction_time_is_played_and_stored(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    snap: Callable[[Page, str], None],
) -> None:
    page = open_as("patient", "/today")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Brain games").click()
    expect(page.get_by_role("heading", level=1, name="Brain games")).to_be_visible()
    snap(page, "patient-brain-games")
    page.get_by_role("link", name=re.compile("^Reaction time")).click()
    page.get_by_role("button", name="Start").click()

    score = page.get_by_test_id("result-score")
    go = page.get_by_role("button", name="Press now!")
    for _ in range(30):  # 10 rounds; a press that comes too soon repeats its round
        go.or_(score).first.wait_for(timeout=15_000)
        if score.is_visible():
            break
        page.wait_for_timeout(150)  # a human's reaction, not a robot's (under 100 ms is a guess)
        go.click()
        expect(go).to_have_count(0)  # taken: wait for the next green, not this one again
    expect(score).to_be_visible()
    expect(page.get_by_text("typical reaction (median)")).to_be_visible()
    snap(page, "patient-brain-result")

    stored = newest_game(api, patient_id, "reaction-time")
    trials = stored["trials"]
    assert len(trials) == 10
    assert all(trial["reaction_ms"] >= 100 for trial in trials)
    assert page.get_by_test_id("result-score").inner_text() == str(stored["score"])


def test_stroop_is_played_and_stored(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    snap: Callable[[Page, str], None],
) -> None:
    page = open_as("patient", "/brain?game=stroop")
    page.get_by_role("button", name="Start").click()
    answers = page.get_by_role("group", name="Ink colour")
    for trial in range(16):
        word = page.get_by_test_id("stroop-word")
        word.wait_for(timeout=10_000)
        if trial == 2:
            snap(page, "patient-brain-stroop")
        ink = word.evaluate("element => getComputedStyle(element).color")
        page.wait_for_timeout(150)  # a human's reading time (under 100 ms is not an answer)
        answers.get_by_role("button", name=INKS[ink], exact=True).click()
        expect(word).to_have_count(0)  # the answer is taken; the next word follows
    expect(page.get_by_test_id("result-score")).to_be_visible()

    stored = newest_game(api, patient_id, "stroop")
    assert stored["accuracy"] == 1.0
    assert len(stored["trials"]) == 16
    assert stored["level_reached"] == 3  # four right in a row, twice, climbs two levels

    page.get_by_role("link", name="Choose another game").click()
    history = page.get_by_role("table")
    expect(history).to_contain_text("Stroop")
    expect(history).to_contain_text("Reaction time")


def test_memory_match_is_keyboard_playable(open_as: Callable[..., Page]) -> None:
    page = open_as("patient", "/brain?game=memory-match")
    page.get_by_role("button", name="Start").press("Enter")
    cards = page.get_by_role("group", name="Cards").get_by_role("button")
    expect(cards).to_have_count(6)
    cards.first.focus()
    page.keyboard.press("Enter")
    expect(cards.first).to_have_accessible_name(re.compile(r"Card 1: (Star|Circle|Triangle)"))
