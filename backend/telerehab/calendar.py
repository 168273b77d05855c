"""The clinic's calendar: days are UTC calendar days and weeks are ISO weeks (Monday first).

Every rule that speaks of "today", "this week" or "a day" (plans, adherence, missed days,
trends, dashboards) takes its days and their bounds from here, so two screens never disagree
about where a day begins.
"""

from datetime import UTC, date, datetime, time, timedelta

from telerehab.enums import Weekday

WEEKDAYS = tuple(Weekday)  # in ISO order: Monday first, as ``date.weekday()`` counts


def utc_today() -> date:
    return datetime.now(UTC).date()


def utc_midnight(day: date) -> datetime:
    """The first instant of ``day``."""
    return datetime.combine(day, time(), tzinfo=UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of ``day`` and the first instant after it."""
    return utc_midnight(day), utc_midnight(day + timedelta(days=1))


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekday_of(day: date) -> Weekday:
    return WEEKDAYS[day.weekday()]


def days_before(today: date, count: int) -> list[date]:
    """The ``count`` days before ``today``, oldest first (``today`` not included)."""
    return [today - timedelta(days=back) for back in range(count, 0, -1)]
