"""Trend windows and buckets: the ``from`` / ``to`` query parameters of a trend, and how a
stored timestamp becomes its bucket (a UTC day, or the Monday of its ISO week) in SQL.

The one dialect-specific piece of every series is that last step, kept in ``bucket_start``.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import ColumnElement, Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from telerehab.domain.calendar import utc_midnight, utc_today
from telerehab.errors import InvalidInput
from telerehab.schemas.base import BoundedDate

# A trend without ``from`` covers this many days up to ``to``; longer spans are refused so that
# a day-by-day series stays a screenful, not a year of rows.
DEFAULT_TREND_DAYS = 84
MAX_TREND_DAYS = 731


class TrendBucket(StrEnum):
    DAY = "day"
    WEEK = "week"


class utc_day(FunctionElement[date]):  # noqa: N801  (reads as the SQL function it renders)
    """The UTC calendar day of a timestamp."""

    type = Date()
    inherit_cache = True
    name = "utc_day"


class utc_monday(FunctionElement[date]):  # noqa: N801
    """The Monday of a timestamp's ISO week, in UTC."""

    type = Date()
    inherit_cache = True
    name = "utc_monday"


# SQLite stores UTC timestamps as 'YYYY-MM-DD HH:MM:SS' text; 'weekday 0' moves forward to the
# next Sunday (or stays on one), six days back is that week's Monday.
@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_monday, "sqlite")
def _utc_monday_sqlite(element: utc_monday, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


# PostgreSQL truncates in the session's time zone unless told which one.
@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"


@compiles(utc_monday, "postgresql")
def _utc_monday_postgresql(element: utc_monday, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('week', {column} AT TIME ZONE 'UTC') AS DATE)"


def bucket_start(
    column: InstrumentedAttribute[datetime], bucket: TrendBucket
) -> ColumnElement[date]:
    """The first day of ``column``'s bucket, on SQLite and PostgreSQL alike."""
    return utc_day(column) if bucket == TrendBucket.DAY else utc_monday(column)


# --- Periods (the ``from`` / ``to`` query parameters) ---------------------------------------


@dataclass(frozen=True)
class Period:
    """UTC days, both ends included; either end may be open."""

    start: date | None
    end: date | None

    def where(self, column: InstrumentedAttribute[datetime]) -> list[ColumnElement[bool]]:
        since, until = self.utc_bounds()
        clauses = []
        if since is not None:
            clauses.append(column >= since)
        if until is not None:
            clauses.append(column < until)
        return clauses

    def utc_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The first instant in the period and the first after it (None: that end is open)."""
        since = utc_midnight(self.start) if self.start is not None else None
        until = utc_midnight(self.end + timedelta(days=1)) if self.end is not None else None
        return since, until

    def closed(
        self, today: date | None = None, default_days: int = DEFAULT_TREND_DAYS
    ) -> "ClosedPeriod":
        """Both ends set: ``to`` defaults to today, ``from`` to ``default_days`` before."""
        end = self.end or today or utc_today()
        start = self.start or end - timedelta(days=default_days - 1)
        if start > end:
            raise InvalidInput("from: must not be after to.")
        if (end - start).days >= MAX_TREND_DAYS:
            raise InvalidInput(f"from/to: a trend covers at most {MAX_TREND_DAYS} days.")
        return ClosedPeriod(start, end)


@dataclass(frozen=True)
class ClosedPeriod(Period):
    """A trend's window: both ends known, so the answer can say what it covers."""

    start: date
    end: date


async def period_params(
    start: Annotated[
        BoundedDate | None,
        Query(alias="from", description="First UTC day included (YYYY-MM-DD), 1900-2199."),
    ] = None,
    end: Annotated[
        BoundedDate | None,
        Query(alias="to", description="Last UTC day included (YYYY-MM-DD), 1900-2199."),
    ] = None,
) -> Period:
    if start is not None and end is not None and start > end:
        raise InvalidInput("from: must not be after to.")
    return Period(start, end)


PeriodQuery = Annotated[Period, Depends(period_params)]
BucketQuery = Annotated[
    TrendBucket, Query(description="Group by UTC day or by ISO week (starting Monday).")
]

# OpenAPI answers of the routes that read one patient's history.
CLINICIANS_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Admins see no clinical content."}
}
PATIENT_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    **CLINICIANS_ONLY,
    404: {"description": "Not a patient in your care."},
}
TREND_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PATIENT_NOT_YOURS,
    422: {"description": "`from` after `to`, or a span over two years."},
}
