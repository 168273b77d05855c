"""Signing in for each role, and staying signed in across pages through the refresh cookie."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import HOME, LAPTOP, USERS, Server, SignedIn, sign_in
from playwright.sync_api import Browser, Page, expect

HOME_HEADINGS = {"doctor": "Dashboard", "patient": "Today", "admin": "Accounts"}


@pytest.mark.parametrize("role", ["doctor", "patient", "admin"])
def test_each_role_signs_in_to_their_start_page(
    browser: Browser, server: Server, role: str, snap: Callable[[Page, str], None]
) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url("/login"))
    if role == "doctor":
        snap(page, "login")
    sign_in(page, server, USERS[role])
    expect(page).to_have_url(server.url(HOME[role]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOME_HEADINGS[role])
    context.close()


def test_a_wrong_password_is_explained_and_the_username_kept(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    sign_in(page, server, USERS["patient"], "not-the-password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Username")).to_have_value(USERS["patient"])
    context.close()


def test_a_new_page_restores_the_session_from_the_cookie(
    browser: Browser, server: Server, sessions: dict[str, SignedIn]
) -> None:
    """The access token lives in a page's memory: a new page has none and trades the stored
    refresh cookie for one (refreshSession), instead of asking to sign in again."""
    signed_in = sessions["patient"]
    context = browser.new_context(viewport=LAPTOP, storage_state=signed_in.state)
    page = context.new_page()
    with page.expect_response(
        lambda response: response.url.endswith("/api/v1/auth/refresh")
    ) as refresh:
        page.goto(server.url("/progress"))
    assert refresh.value.ok
    expect(page).to_have_url(server.url("/progress"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    signed_in.state = context.storage_state()  # the cookie was rotated: keep the new one
    context.close()


def test_signed_out_visitors_are_sent_to_sign_in(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(server.url("/patients"))
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    context.close()
