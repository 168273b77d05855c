"""Adherence that motivates: the weekly streak and the patient's one-line summary."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from telerehab.domain.streaks import STREAK_WEEKS, WeekFacts, streak, summary, weekly_progress
from telerehab.enums import ExerciseType, UserRole

from .factories import add_workout, make_combo, make_user
from .test_missed_sessions import plan

MONDAY = date(2031, 3, 10)


def week(offset: int, *weekdays: int) -> set[date]:
    """Days of the week ``offset`` weeks from MONDAY's (0 = Monday)."""
    monday = MONDAY + timedelta(weeks=offset)
    return {monday + timedelta(days=day) for day in weekdays}


def facts(planned: dict[int, set[date]], trained: set[date]) -> WeekFacts:
    return WeekFacts({MONDAY + timedelta(weeks=k): v for k, v in planned.items()}, trained)


def test_consecutive_weeks_meeting_the_plan_make_the_streak() -> None:
    plans = {k: week(k, 0, 2, 4) for k in range(-4, 1)}
    trained = set().union(*(week(k, 0, 2, 4) for k in (-3, -2, -1)))
    # Week -4 fell short (Friday missed): the streak is the three weeks after it.
    assert streak(facts(plans, trained | week(-4, 0, 2)), MONDAY) == 3
    # This week, under way and not yet met, breaks nothing; once met, it counts.
    assert streak(facts(plans, trained | week(0, 0)), MONDAY) == 3
    assert streak(facts(plans, trained | week(0, 0, 2, 4)), MONDAY) == 4
    # Last week short: the streak is broken, whatever came before.
    assert streak(facts(plans, trained - week(-1, 4)), MONDAY) == 0


def test_weeks_without_a_plan_neither_count_nor_break_the_streak() -> None:
    plans = {-5: week(-5, 1), -3: week(-3, 1), -1: week(-1, 1)}  # a rest week between each
    trained = week(-5, 1) | week(-3, 1) | week(-1, 1)
    assert streak(facts(plans, trained), MONDAY) == 3
    # Training in a week without a plan does not make a streak on its own.
    assert streak(facts({}, week(-1, 0, 1, 2)), MONDAY) == 0
    # Extra days trained do not matter; each planned day must have a workout.
    assert streak(facts({-1: week(-1, 1, 3)}, week(-1, 0, 1, 2)), MONDAY) == 0


def test_the_streak_stops_at_a_year() -> None:
    weeks = range(-STREAK_WEEKS - 5, 0)
    plans = {k: week(k, 2) for k in weeks}
    assert streak(facts(plans, set().union(*plans.values())), MONDAY) == STREAK_WEEKS


def test_the_summary_reads_as_a_sentence() -> None:
    assert summary(4, 5, 8.4) == "4 of 5 planned days this week, range up 8° since last month"
    assert summary(2, 3, -3.0) == "2 of 3 planned days this week, range down 3° since last month"
    assert summary(2, 3, 0.2) == "2 of 3 planned days this week"
    assert summary(0, 0, None) == "No exercises planned this week"


def test_weekly_progress_counts_the_patients_days_and_range(db_session: Session) -> None:
    db = db_session
    doctor = make_user(db, UserRole.DOCTOR, "dr.streak")
    patient = make_user(db, UserRole.PATIENT, "streaker", time_zone="Pacific/Auckland")
    combo = make_combo(db, doctor, "Routine")
    last_week = sorted(week(-1, 0, 2, 4))
    this_week = sorted(week(0, 0, 2, 4))
    plan(db, patient, doctor, combo, last_week + this_week)

    def trained(day: date, hour: int, rom: float) -> None:
        # Local 09:00 in Auckland is the previous day's evening in UTC.
        started = datetime.combine(day, time(hour), tzinfo=UTC) - timedelta(hours=13)
        add_workout(
            db,
            patient,
            started,
            sets=[{"exercise_type": ExerciseType.SQUAT, "reps_done": 10, "rom_max_deg": rom}],
        )

    for day in last_week:
        trained(day, 9, 100.0)
    trained(this_week[0], 9, 110.0)
    trained(MONDAY - timedelta(weeks=6), 9, 90.0)  # the month before
    db.commit()

    now = datetime.combine(this_week[1], time(10), tzinfo=UTC) - timedelta(hours=13)
    progress = weekly_progress(db, patient, now)
    assert (progress.streak_weeks, progress.days_done, progress.days_planned) == (1, 1, 3)
    assert progress.range_change_deg is not None and progress.range_change_deg > 10
    assert progress.summary.startswith("1 of 3 planned days this week, range up 1")
