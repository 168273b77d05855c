"""What the demo clinic's patients did: their week plans, the sessions they exercised on planned
days, and the brain games they played, in a way that hangs together.

- Sessions fall on the days their week plan names, with that day's routine, on the side the
  medical record says is affected, between 7 am and 8 pm in the patient's time zone.
- Brain games are scored by the server's own rule (``BrainSessionCreate.metrics``) from trials
  played as the app plays them: the first level of the game, one level up every four trials.
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from telerehab.enums import BrainGame, Side, Weekday, WorkoutSource
from telerehab.models import (
    BrainExerciseLog,
    BrainExerciseSession,
    Combo,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.schemas.brain import FIRST_LEVEL, BrainSessionCreate, BrainTrialCreate
from telerehab.seeding.content import TYPICAL_ROM

WEEKDAYS = list(Weekday)
PLANNED_DAYS_PER_WEEK = 4
# The share of planned days each patient exercises on: some very active, some nearly silent.
ADHERENCE = [0.15, 0.5, 0.75, 0.75, 1.0, 1.0]
# Waking hours, in the patient's own time zone: the first and last hour a session may start.
FIRST_HOUR, LAST_HOUR = 7, 19
BRAIN_TRIALS = 12
TRIALS_PER_LEVEL = 4

Planned = tuple[date, WeekPlanItem]


def _mondays(today: date, weeks: int) -> Iterator[date]:
    this_monday = today - timedelta(days=today.weekday())
    for back in range(weeks - 1, -1, -1):
        yield this_monday - timedelta(weeks=back)


def local_moment(day: date, zone: str, rng: random.Random) -> datetime:
    """A moment in waking hours of ``day`` where the patient lives, in UTC."""
    clock = time(rng.randint(FIRST_HOUR, LAST_HOUR), rng.randint(0, 59))
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def week_plans(
    session: Session,
    patient: User,
    doctor: User,
    combos: list[Combo],
    today: date,
    weeks: int,
    rng: random.Random,
) -> list[Planned]:
    """A plan for each of the last ``weeks`` weeks (this one included): four days a week, each
    with one of the patient's routines. Returns every planned day with its item."""
    planned: list[Planned] = []
    for monday in _mondays(today, weeks):
        plan = WeekPlan(
            patient_id=patient.id,
            doctor_id=doctor.id,
            week_start=monday,
            notes="Keep movements slow and controlled.",
        )
        days = sorted(rng.sample(range(7), PLANNED_DAYS_PER_WEEK))
        plan.items = [
            WeekPlanItem(weekday=WEEKDAYS[day], position=0, combo_id=rng.choice(combos).id)
            for day in days
        ]
        session.add(plan)
        planned += [
            (monday + timedelta(days=day), item) for day, item in zip(days, plan.items, strict=True)
        ]
    session.flush()  # the items' ids, for the sessions done on them
    return planned


def workouts(
    session: Session,
    patient: User,
    planned: list[Planned],
    combos: dict[int, Combo],
    side: Side | None,
    start: datetime,
    now: datetime,
    rng: random.Random,
) -> int:
    """Sessions on a share of the planned days between ``start`` and ``now``."""
    adherence = rng.choice(ADHERENCE)
    baseline = rng.uniform(0.45, 0.7)
    total_s = (now - start).total_seconds()
    sessions = []
    for day, item in planned:
        if rng.random() >= adherence:
            continue
        started = local_moment(day, patient.time_zone or "UTC", rng)
        combo = combos[item.combo_id]
        workout = WorkoutSession(
            user_id=patient.id,
            started_at=started,
            source=WorkoutSource.LIVE,
            combo_id=combo.id,
            week_plan_item_id=item.id,
            created_at=started,
        )
        progress = min(1.0, max(0.0, (started - start).total_seconds() / total_s))
        workout.pain_score = max(0, min(10, round(6 - 4 * progress + rng.gauss(0, 1.2))))
        workout.difficulty = max(1, min(10, round(6 - 2 * progress + rng.gauss(0, 1))))
        elapsed = 0.0
        # The camera's sets (a self-reported exercise has no range of motion to simulate).
        sets = [
            (combo_item, combo_item.exercise_type)
            for combo_item in combo.items
            if combo_item.exercise_type is not None
            for _ in range(combo_item.sets)
        ]
        for position, (combo_item, exercise) in enumerate(sets):
            typical = TYPICAL_ROM[exercise]
            mean_rom = typical * min(1.0, baseline + 0.35 * progress + rng.gauss(0, 0.03))
            reps_done = max(0, combo_item.reps - rng.choice([0, 0, 0, 1, 2]))
            duration = reps_done * rng.uniform(2.5, 4.0)
            elapsed += duration + combo_item.rest_seconds
            workout.details.append(
                SessionDetail(
                    position=position,
                    exercise_type=exercise,
                    side=side or Side.BOTH,
                    set_number=position + 1,
                    reps_target=combo_item.reps,
                    reps_done=reps_done,
                    duration_seconds=round(duration, 1),
                    rom_min_deg=round(mean_rom * 0.9, 1),
                    rom_max_deg=round(mean_rom * 1.08, 1),
                    rom_mean_deg=round(mean_rom, 1),
                    form_score=round(min(100.0, 60 + 35 * progress + rng.gauss(0, 5)), 1),
                    rep_metrics=[
                        {"index": i + 1, "rom_deg": round(mean_rom + rng.gauss(0, 4), 1)}
                        for i in range(reps_done)
                    ],
                )
            )
        workout.ended_at = started + timedelta(seconds=elapsed)
        if started < start or workout.ended_at > now:
            continue  # before the history, or not finished yet
        sessions.append(workout)
    session.add_all(sessions)
    return len(sessions)


def brain_games(
    session: Session, patient: User, start: datetime, now: datetime, rng: random.Random
) -> int:
    """Four to sixteen games over the history, scored as the server scores a played game."""
    total_days = (now - start).days
    played = 0
    for day in sorted(rng.sample(range(1, total_days + 1), rng.randint(4, 16))):
        game = rng.choice(list(BrainGame))
        started = local_moment((start + timedelta(days=day)).date(), patient.time_zone, rng)
        ended = started + timedelta(minutes=3)
        if ended > now:
            continue
        first_level = FIRST_LEVEL.get(game, 1)
        reactions = sorted(rng.uniform(350, 900) for _ in range(BRAIN_TRIALS))
        trials = [
            BrainTrialCreate(
                correct=rng.random() < 0.8,
                reaction_ms=round(reactions[i], 1),
                level=first_level + i // TRIALS_PER_LEVEL,
            )
            for i in range(BRAIN_TRIALS)
        ]
        metrics = BrainSessionCreate(
            game=game, started_at=started, ended_at=ended, trials=trials
        ).metrics()
        record = BrainExerciseSession(
            user_id=patient.id,
            game=game,
            started_at=started,
            ended_at=ended,
            score=metrics.score,
            accuracy=round(metrics.accuracy, 3),
            median_reaction_ms=metrics.median_reaction_ms,
            level_reached=metrics.level_reached,
            errors=metrics.errors,
            created_at=started,
        )
        record.logs = [
            BrainExerciseLog(
                user_id=patient.id,
                game=game,
                trial=i,
                correct=trial.correct,
                reaction_ms=trial.reaction_ms,
                level=trial.level,
                created_at=started + timedelta(seconds=10 * i),
            )
            for i, trial in enumerate(trials)
        ]
        session.add(record)
        played += 1
    return played
