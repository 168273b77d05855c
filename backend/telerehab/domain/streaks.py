"""Adherence that motivates: the patient's weekly streak and a one-line summary of their week.

A week **meets the plan** when on every day of it that had a routine planned, the patient started
a workout (days in their own time zone). The **streak** counts consecutive weeks that met the
plan, back from the current one: the current week counts once it is met and, while under way,
does not break the streak; a week without a plan (a rest week, a week before the first plan)
neither counts nor breaks it. The **range** compares the mean of the largest angle reached per
set over the last four weeks with the four weeks before them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import WEEKDAYS, local_day, local_midnight, local_today, week_start
from telerehab.models import SessionDetail, User, WeekPlan, WeekPlanItem, WorkoutSession
from telerehab.schemas.dashboard import WeekProgress

# How far back a streak is counted; a longer one reads "52 weeks".
STREAK_WEEKS = 52
RANGE_WINDOW = timedelta(weeks=4)


@dataclass(frozen=True)
class WeekFacts:
    """Per Monday: the days that had a plan, and the days with a workout started."""

    planned: dict[date, set[date]]
    trained: set[date]

    def days(self, monday: date) -> tuple[int, int]:
        """(planned days done, planned days) of the week starting ``monday``."""
        planned = self.planned.get(monday, set())
        return len(planned & self.trained), len(planned)


def streak(facts: WeekFacts, this_monday: date) -> int:
    """Consecutive weeks meeting the plan, back from the week of ``this_monday``."""
    count = 0
    for back in range(STREAK_WEEKS + 1):
        monday = this_monday - timedelta(weeks=back)
        done, planned = facts.days(monday)
        if planned == 0:
            continue  # a week without a plan neither counts nor breaks the streak
        if done == planned:
            count += 1
        elif back > 0:  # the current week, still under way, breaks nothing yet
            break
    return min(count, STREAK_WEEKS)


def summary(days_done: int, days_planned: int, range_change: float | None) -> str:
    """One line for the patient, e.g. "4 of 5 days, range up 8° since last month"."""
    parts = [
        f"{days_done} of {days_planned} planned days this week"
        if days_planned
        else "No exercises planned this week"
    ]
    if range_change is not None and round(range_change) != 0:
        direction = "up" if range_change > 0 else "down"
        parts.append(f"range {direction} {abs(round(range_change))}° since last month")
    return ", ".join(parts)


def _facts(db: Session, patient: User, first_monday: date) -> WeekFacts:
    rows = db.execute(
        select(WeekPlan.week_start, WeekPlanItem.weekday)
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start >= first_monday)
        .distinct()
    ).all()
    planned: dict[date, set[date]] = {}
    for monday, weekday in rows:
        planned.setdefault(monday, set()).add(monday + timedelta(days=WEEKDAYS.index(weekday)))
    started: Iterable[datetime] = db.scalars(
        select(WorkoutSession.started_at).where(
            WorkoutSession.user_id == patient.id,
            WorkoutSession.started_at >= local_midnight(first_monday, patient.time_zone),
        )
    )
    return WeekFacts(planned, {local_day(moment, patient.time_zone) for moment in started})


def range_change(db: Session, patient: User, now: datetime) -> float | None:
    """Mean largest angle per set over the last four weeks minus that of the four before."""
    started = WorkoutSession.started_at
    recent = started >= now - RANGE_WINDOW
    row = db.execute(
        select(
            func.avg(SessionDetail.rom_max_deg).filter(recent),
            func.avg(SessionDetail.rom_max_deg).filter(~recent),
        )
        .select_from(SessionDetail)
        .join(WorkoutSession, WorkoutSession.id == SessionDetail.session_id)
        .where(
            WorkoutSession.user_id == patient.id,
            started >= now - 2 * RANGE_WINDOW,
            started <= now,
        )
    ).one()
    if row[0] is None or row[1] is None:
        return None
    return float(row[0]) - float(row[1])


def weekly_progress(db: Session, patient: User, now: datetime) -> WeekProgress:
    """The patient's streak, this week's planned days done, and the range's change."""
    this_monday = week_start(local_today(patient.time_zone, now))
    facts = _facts(db, patient, this_monday - timedelta(weeks=STREAK_WEEKS))
    done, planned = facts.days(this_monday)
    change = range_change(db, patient, now)
    return WeekProgress(
        streak_weeks=streak(facts, this_monday),
        days_done=done,
        days_planned=planned,
        range_change_deg=None if change is None else round(change, 1),
        summary=summary(done, planned, change),
    )
