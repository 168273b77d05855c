"""A patient whose browser is in Auckland: the account takes the device's zone at registration,
the Today screen shows the plan of the Auckland day (not the UTC one), the week card is there,
and the patient sets a reminder time on the account screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from conftest import ACTION_TIMEOUT_MS, LAPTOP, PASSWORD, Api, Server, settled
from playwright.sync_api import Browser, expect

AUCKLAND = "Pacific/Auckland"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def test_a_patient_in_auckland_sees_the_auckland_day_and_sets_a_reminder(
    browser: Browser, server: Server, api: Callable[[str], Api]
) -> None:
    context = browser.new_context(viewport=LAPTOP, timezone_id=AUCKLAND)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(server.url("/register"))
        expect(page.get_by_text("Your days will count in Auckland time")).to_be_visible()
        page.get_by_label("Full name").fill("Kiri Kiwi")
        page.get_by_label("Username").fill("kiri.kiwi")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url(server.url("/today"))

        # The clinic links the new patient to the doctor, who plans two routines: one on the
        # Auckland day, one on the UTC day (when they differ, as for 11 or 13 hours a day).
        kiwi = Api(server, "kiri.kiwi")
        assert kiwi.user["time_zone"] == AUCKLAND
        doctor = api("doctor")
        api("admin").send(
            "POST",
            "/api/v1/assignments",
            {"doctor_id": doctor.user["id"], "patient_id": kiwi.user["id"]},
        )
        now = datetime.now(UTC)
        auckland_day, utc_day = now.astimezone(ZoneInfo(AUCKLAND)).date(), now.date()
        local_routine, utc_routine = doctor.get("/api/v1/combos", mine=True, limit=2)["items"]
        planned = [(auckland_day, local_routine)]
        if utc_day != auckland_day:
            planned.append((utc_day, utc_routine))
        weeks: dict[date, list[dict[str, Any]]] = {}
        for day, routine in planned:
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(
                {"weekday": WEEKDAYS[day.weekday()], "combo_ids": [routine["id"]]}
            )
        for monday, days in weeks.items():
            doctor.send(
                "PUT",
                f"/api/v1/patients/{kiwi.user['id']}/week-plans/{monday.isoformat()}",
                {"days": days},
            )

        page.reload()
        expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
        settled(page)
        expect(
            page.get_by_role("heading", level=3, name=f"1. {local_routine['name']}")
        ).to_be_visible()
        if utc_day != auckland_day:
            # Exact: another routine's name may begin with this one's (a copy made for a patient).
            heading = re.compile(rf"^\d+\. {re.escape(utc_routine['name'])}$")
            expect(page.get_by_role("heading", name=heading)).to_have_count(0)
        # The day named is Auckland's, without a "(… time)" note: the device is in that zone.
        subtitle = re.compile(rf"^Hello Kiri\. {auckland_day:%A}\W.*\b{auckland_day.day}\b[^(]*$")
        expect(page.get_by_text(subtitle)).to_be_visible()
        week = page.get_by_role("region", name="My week")
        expect(week.get_by_text(re.compile(r"^0 of [12] planned days this week"))).to_be_visible()

        page.goto(server.url("/account"))
        card = page.get_by_role("region", name="My day")
        expect(card.get_by_label("Time zone")).to_have_value(AUCKLAND)
        card.get_by_label("Reminder time").fill("18:30")
        card.get_by_role("button", name="Save my day").click()
        expect(card.get_by_text("Saved.")).to_be_visible()
        me = kiwi.get("/api/v1/users/me")
        assert (me["time_zone"], me["reminder_time"]) == (AUCKLAND, "18:30:00")

        # An unknown zone is refused before it is sent.
        card.get_by_label("Time zone").fill("Mars/Olympus_Mons")
        card.get_by_role("button", name="Save my day").click()
        expect(card.get_by_text("Not a known time zone")).to_be_visible()
        assert kiwi.get("/api/v1/users/me")["time_zone"] == AUCKLAND
    finally:
        context.close()
