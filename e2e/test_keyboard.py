"""Keyboard only (issue 22): a patient signs in, writes to their doctor and plays a brain game
without touching the mouse: Tab to move, Enter and the game's number keys to act."""

from __future__ import annotations

import re
import time

from conftest import DOCTOR_NAME, LAPTOP, PASSWORD, USERS, Server
from playwright.sync_api import Browser, Page, expect

# The Stroop inks as the browser computes them, and the key that answers each (1-4).
INK_KEYS = {
    "rgb(255, 107, 107)": "1",  # red
    "rgb(108, 180, 255)": "2",  # blue
    "rgb(94, 224, 138)": "3",  # green
    "rgb(255, 216, 77)": "4",  # yellow
}
# The focused element's accessible name, as far as the test needs it. Nothing focused (the body)
# has no name: the body's text holds every name on the page and would match any of them.
FOCUSED_NAME = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return '';
  const label = element.getAttribute('aria-label')
    || (element.labels && element.labels[0] ? element.labels[0].innerText : '')
    || element.innerText || '';
  return label.trim();
}"""


def tab_to(page: Page, name: str, most: int = 80) -> None:
    """Press Tab until the focused element's name matches the pattern ``name``."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if re.search(name, page.evaluate(FOCUSED_NAME)):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_sign_in_write_and_play_with_the_keyboard_only(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url("/login"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, "^Username")
    page.keyboard.type(USERS["patient"])
    tab_to(page, "^Password$")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()

    tab_to(page, "^Messages")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    tab_to(page, DOCTOR_NAME)
    page.keyboard.press("Enter")
    # As a person would, wait for the conversation to open before moving on to its text box.
    expect(page.get_by_label(f"Message to {DOCTOR_NAME}")).to_be_visible()
    tab_to(page, f"^Message to {DOCTOR_NAME}")
    text = f"Typed without a mouse ({time.time():.0f})"
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("log", name=f"Messages with {DOCTOR_NAME}")).to_contain_text(text)

    tab_to(page, "^Brain games")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Brain games")).to_be_visible()
    tab_to(page, "^Stroop")
    page.keyboard.press("Enter")
    tab_to(page, "^Start$")
    page.keyboard.press("Enter")
    word = page.get_by_test_id("stroop-word")
    for _ in range(16):
        word.wait_for(timeout=10_000)
        ink = word.evaluate("element => getComputedStyle(element).color")
        page.wait_for_timeout(150)  # a human's reading time
        page.keyboard.press(INK_KEYS[ink])
        expect(word).to_have_count(0)
    expect(page.get_by_test_id("result-score")).to_be_visible()
    assert re.fullmatch(r"\d+", page.get_by_test_id("result-score").inner_text())
    context.close()
