"""The clinic's calendar: a patient's days are calendar days in their own time zone (an IANA
name stored on their account, "UTC" unless they chose another), and weeks are ISO weeks
(Monday first).

Every rule that speaks of "today", "this week" or "a day" (plans, adherence, missed days,
reminders, streaks, dashboards) takes its days and their bounds from here, so two screens never
disagree about where a patient's day begins. Stored instants stay UTC; only here does an instant
become a local day (``local_day``) and a local day become the UTC instants that bound it
(``day_bounds``). Days are not always 24 hours long: across a daylight-saving change a day has
23 or 25, which is why bounds are computed from the zone and never by adding hours.
"""

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telerehab.enums import Weekday

WEEKDAYS = tuple(Weekday)  # in ISO order: Monday first, as ``date.weekday()`` counts
DEFAULT_ZONE = "UTC"
MAX_ZONE_LENGTH = 64


@lru_cache(maxsize=512)
def zone(name: str) -> tzinfo:
    """The time zone named ``name``; ``ValueError`` for a name the zone database does not know."""
    if not name or len(name) > MAX_ZONE_LENGTH or name != name.strip():
        raise ValueError(f"{name!r} is not a time zone name.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: a path-like name ("../etc"), which zoneinfo refuses outright.
        raise ValueError(
            f"{name!r} is not a known time zone (an IANA name such as Europe/Berlin)."
        ) from None


def local_day(instant: datetime, zone_name: str = DEFAULT_ZONE) -> date:
    """The calendar day on which ``instant`` (aware) falls in ``zone_name``."""
    return instant.astimezone(zone(zone_name)).date()


def local_today(zone_name: str = DEFAULT_ZONE, now: datetime | None = None) -> date:
    """Today in ``zone_name``, at ``now`` (default: this instant)."""
    return local_day(now or datetime.now(UTC), zone_name)


def utc_today() -> date:
    return local_today(DEFAULT_ZONE)


def local_midnight(day: date, zone_name: str = DEFAULT_ZONE) -> datetime:
    """The first instant of ``day`` in ``zone_name``, as a UTC datetime.

    Where a zone skips midnight (a daylight-saving change at 00:00), zoneinfo reads the missing
    wall time with the offset in force before the change, which is the instant the day begins.
    """
    local = datetime.combine(day, time(), tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def utc_midnight(day: date) -> datetime:
    """The first instant of ``day`` in UTC."""
    return local_midnight(day, DEFAULT_ZONE)


def day_bounds(day: date, zone_name: str = DEFAULT_ZONE) -> tuple[datetime, datetime]:
    """The first instant of ``day`` in ``zone_name`` and the first instant after it (UTC)."""
    return local_midnight(day, zone_name), local_midnight(day + timedelta(days=1), zone_name)


def local_time(instant: datetime, zone_name: str) -> datetime:
    """``instant`` as the wall-clock time in ``zone_name``."""
    return instant.astimezone(zone(zone_name))


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def weekday_of(day: date) -> Weekday:
    return WEEKDAYS[day.weekday()]


def days_before(today: date, count: int) -> list[date]:
    """The ``count`` days before ``today``, oldest first (``today`` not included)."""
    return [today - timedelta(days=back) for back in range(count, 0, -1)]
