"""The large clinic's history, patient by patient: weekly plans, workouts with their sets, brain
games, appointments, message threads and the audit trail of doctors reading records."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from telerehab.enums import (
    AuditOutcome,
    BrainGame,
    ExerciseType,
    NotificationKind,
    ScheduleStatus,
    Side,
    UserRole,
    Weekday,
    WorkoutSource,
)
from telerehab.models import (
    AuditEvent,
    BrainExerciseLog,
    BrainExerciseSession,
    Message,
    Notification,
    Schedule,
    SessionDetail,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.seeding.bulk import BulkWriter, Ids
from telerehab.seeding.content import AUDIT_ACTIONS, MESSAGE_LINES, TYPICAL_ROM
from telerehab.seeding.demo_activity import local_moment

GAMES = list(BrainGame)
WEEKDAYS = list(Weekday)


@dataclass(frozen=True)
class ScalePatient:
    id: int
    doctor_id: int
    enrolled: datetime
    rate: float  # workout sessions a week
    brain_rate: float
    thread_length: int
    exercises: list[ExerciseType]
    side: Side


def draw_days(rng: random.Random, first: datetime, last: datetime, per_week: float) -> list[int]:
    """Sorted day offsets from ``first``: on average ``per_week`` a week (a day may repeat)."""
    span = max(1, (last - first).days)
    count = int(per_week * span / 7 + rng.random())
    return sorted(rng.randrange(span) for _ in range(count))


def waking_moment(patient: ScalePatient, offset: int, rng: random.Random) -> datetime:
    """A moment in waking hours of the ``offset``-th day after enrolment (the clinic's patients
    live in UTC): nobody exercises at half past three in the morning."""
    return local_moment(patient.enrolled.date() + timedelta(days=offset), "UTC", rng)


def write_plans(
    writer: BulkWriter,
    ids: Ids,
    rng: random.Random,
    patient: ScalePatient,
    combos: list[tuple[int, list[tuple[ExerciseType, int, int]]]],
    now: datetime,
) -> dict[date, list[tuple[int, int]]]:
    """A plan for every week since enrolment and the next one; {day: [(item id, combo id)]}."""
    planned: dict[date, list[tuple[int, int]]] = {}
    monday = patient.enrolled.date() - timedelta(days=patient.enrolled.weekday())
    last_monday = now.date() - timedelta(days=now.weekday()) + timedelta(weeks=1)
    per_week = max(2, min(6, round(patient.rate) or 3))
    while monday <= last_monday:
        plan_id = ids.take("week_plans")
        writer.add(
            WeekPlan,
            ("id", "patient_id", "doctor_id", "week_start", "notes", "created_at"),
            (plan_id, patient.id, patient.doctor_id, monday, "Slow and controlled.",
             datetime.combine(monday - timedelta(days=2), time(9), tzinfo=UTC)),
        )  # fmt: skip
        for day in sorted(rng.sample(range(7), per_week)):
            combo_id = rng.choice(combos)[0]
            item_id = ids.take("week_plan_items")
            writer.add(
                WeekPlanItem,
                ("id", "week_plan_id", "weekday", "position", "combo_id"),
                (item_id, plan_id, WEEKDAYS[day].value, 0, combo_id),
            )
            planned.setdefault(monday + timedelta(days=day), []).append((item_id, combo_id))
        writer.add(
            Notification,
            ("id", "user_id", "kind", "title", "body", "link", "is_read", "created_at"),
            (ids.take("notifications"), patient.id, NotificationKind.WEEK_PLAN.value,
             f"Your plan for the week of {monday} is ready", None, f"/week-plans/{plan_id}",
             monday < now.date() - timedelta(days=7),
             datetime.combine(monday - timedelta(days=2), time(9), tzinfo=UTC)),
        )  # fmt: skip
        monday += timedelta(weeks=1)
    return planned


def write_workouts(
    writer: BulkWriter,
    ids: Ids,
    rng: random.Random,
    patient: ScalePatient,
    combos: list[tuple[int, list[tuple[ExerciseType, int, int]]]],
    planned: dict[date, list[tuple[int, int]]],
    now: datetime,
) -> None:
    span = max(1, (now - patient.enrolled).days)
    baseline = rng.uniform(0.45, 0.7)
    session_columns = (
        "id", "user_id", "started_at", "ended_at", "source", "combo_id", "week_plan_item_id",
        "pain_score", "difficulty", "notes", "client_key", "legacy_simple_log_id", "created_at",
    )  # fmt: skip
    detail_columns = (
        "id", "session_id", "position", "exercise_code", "exercise_type", "side", "set_number",
        "reps_target", "reps_done", "duration_seconds", "rom_min_deg", "rom_max_deg",
        "rom_mean_deg", "form_score", "rep_metrics",
    )  # fmt: skip
    for offset in draw_days(rng, patient.enrolled, now, patient.rate):
        started = waking_moment(patient, offset, rng)
        if started >= now:
            continue
        progress = offset / span  # range of motion improves, pain eases, over the weeks
        todays = planned.get(started.date())
        item_id, combo_id = rng.choice(todays) if todays else (None, rng.choice(combos)[0])
        items = next(c[1] for c in combos if c[0] == combo_id) if todays else rng.choice(combos)[1]
        session_id = ids.take("workout_sessions")
        elapsed = 0.0
        position = 0
        for exercise, sets, reps in items:
            typical = TYPICAL_ROM[exercise]
            for set_number in range(1, sets + 1):
                mean_rom = typical * min(1.0, baseline + 0.35 * progress + rng.gauss(0, 0.03))
                done = max(0, reps - rng.choice((0, 0, 0, 1, 2)))
                duration = done * rng.uniform(2.5, 4.0)
                elapsed += duration + 60
                writer.add(
                    SessionDetail,
                    detail_columns,
                    (ids.take("session_details"), session_id, position, exercise.value,
                     exercise.value, patient.side.value, set_number, reps, done, round(duration, 1),
                     round(mean_rom * 0.9, 1), round(mean_rom * 1.08, 1), round(mean_rom, 1),
                     round(min(100.0, 60 + 35 * progress + rng.gauss(0, 5)), 1),
                     [{"index": i + 1, "rom_deg": round(mean_rom + rng.gauss(0, 4), 1)}
                      for i in range(min(done, 3))]),
                )  # fmt: skip
                position += 1
        rated = rng.random() < 0.8
        writer.add(
            WorkoutSession,
            session_columns,
            (session_id, patient.id, started, started + timedelta(seconds=elapsed),
             WorkoutSource.LIVE.value, combo_id, item_id,
             max(0, min(10, round(6 - 4 * progress + rng.gauss(0, 1.5)))) if rated else None,
             max(1, min(10, round(6 - 2 * progress + rng.gauss(0, 1)))) if rated else None,
             None, None, None, started),
        )  # fmt: skip


def write_brain_games(
    writer: BulkWriter, ids: Ids, rng: random.Random, patient: ScalePatient, now: datetime
) -> None:
    days = draw_days(rng, patient.enrolled, now, patient.brain_rate)
    for index, offset in enumerate(days):
        game = rng.choice(GAMES)
        started = waking_moment(patient, offset, rng)
        if started >= now:
            continue
        trials = [rng.random() < 0.8 for _ in range(12)]
        reactions = sorted(rng.uniform(350, 900) for _ in trials)
        session_id = ids.take("brain_exercise_sessions")
        writer.add(
            BrainExerciseSession,
            ("id", "user_id", "game", "started_at", "ended_at", "score", "accuracy",
             "median_reaction_ms", "level_reached", "errors", "created_at"),
            (session_id, patient.id, game.value, started, started + timedelta(minutes=3),
             sum(trials) * 10, round(sum(trials) / 12, 3), round(reactions[6], 1),
             1 + sum(trials) // 4, trials.count(False), started),
        )  # fmt: skip
        if index == len(days) - 1:  # the trials of the latest game, as a detail page shows
            for trial, correct in enumerate(trials):
                writer.add(
                    BrainExerciseLog,
                    ("id", "user_id", "session_id", "game", "trial", "correct", "reaction_ms",
                     "level", "created_at"),
                    (ids.take("brain_exercise_logs"), patient.id, session_id, game.value, trial,
                     correct, round(reactions[trial], 1), 1 + trial // 4,
                     started + timedelta(seconds=10 * trial)),
                )  # fmt: skip


def write_appointments(
    writer: BulkWriter, ids: Ids, rng: random.Random, patient: ScalePatient, now: datetime
) -> None:
    """A review every two weeks or so from enrolment to a month ahead, in working hours."""
    day = patient.enrolled.date() + timedelta(days=rng.randint(1, 10))
    until = now.date() + timedelta(days=30)
    while day <= until:
        starts = datetime.combine(
            day, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tzinfo=UTC
        )
        if starts < now:
            status = ScheduleStatus.CANCELLED if rng.random() < 0.1 else ScheduleStatus.COMPLETED
        else:
            status = ScheduleStatus.SCHEDULED
        schedule_id = ids.take("schedules")
        writer.add(
            Schedule,
            ("id", "doctor_id", "patient_id", "title", "starts_at", "ends_at", "status", "notes",
             "created_at"),
            (schedule_id, patient.doctor_id, patient.id, "Progress review", starts,
             starts + timedelta(minutes=rng.choice((15, 30))), status.value,
             "Video call." if rng.random() < 0.5 else None, starts - timedelta(days=10)),
        )  # fmt: skip
        writer.add(
            Notification,
            ("id", "user_id", "kind", "title", "body", "link", "is_read", "created_at"),
            (ids.take("notifications"), patient.id, NotificationKind.APPOINTMENT_BOOKED.value,
             "Appointment booked: Progress review", f"{starts:%A %d %B %Y, %H:%M} UTC",
             f"/schedules/{schedule_id}", starts < now, starts - timedelta(days=10)),
        )  # fmt: skip
        day += timedelta(days=rng.randint(10, 18))


def write_messages(
    writer: BulkWriter, ids: Ids, rng: random.Random, patient: ScalePatient, now: datetime
) -> None:
    """One thread with the doctor, spread over the enrolment, the newest few unread."""
    span = max(60.0, (now - patient.enrolled).total_seconds())
    moments = sorted(rng.uniform(0, span) for _ in range(patient.thread_length))
    unread_tail = rng.randint(0, 2)
    for index, seconds in enumerate(moments):
        from_doctor = rng.random() < 0.5
        sender, receiver = (
            (patient.doctor_id, patient.id) if from_doctor else (patient.id, patient.doctor_id)
        )
        sent = patient.enrolled + timedelta(seconds=seconds)
        unread = index >= len(moments) - unread_tail
        writer.add(
            Message,
            ("id", "sender_id", "receiver_id", "body", "is_read", "created_at"),
            (ids.take("messages"), sender, receiver, rng.choice(MESSAGE_LINES), not unread, sent),
        )
        writer.add(
            Notification,
            ("id", "user_id", "kind", "title", "body", "link", "is_read", "created_at"),
            (ids.take("notifications"), receiver, NotificationKind.MESSAGE.value,
             "New message", None, f"/messages/with/{sender}", not unread, sent),
        )  # fmt: skip


def write_audit(
    writer: BulkWriter, ids: Ids, rng: random.Random, patient: ScalePatient, now: datetime
) -> None:
    """The doctor opening the patient's record: a few times a week while they exercise."""
    reads = draw_days(rng, patient.enrolled, now, 1.0 + patient.rate * 0.6)
    for offset in reads:
        action, resource = rng.choice(AUDIT_ACTIONS)
        at = patient.enrolled + timedelta(days=offset, seconds=rng.randrange(86_400))
        if at >= now:
            continue
        writer.add(
            AuditEvent,
            ("id", "actor_id", "actor_role", "action", "patient_id", "resource_type",
             "resource_id", "outcome", "request_id", "client_address", "created_at"),
            (ids.take("audit_log"), patient.doctor_id, UserRole.DOCTOR.value, action, patient.id,
             resource, None, AuditOutcome.ALLOWED.value, f"{rng.getrandbits(64):016x}",
             "127.0.0.1", at),
        )  # fmt: skip
