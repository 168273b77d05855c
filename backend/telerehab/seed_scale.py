"""A large clinic for benchmarks: thousands of patients, a year of history, over a million rows.

``telerehab seed-scale --patients 5000 --doctors 100 --weeks 52`` writes what a busy clinic
accumulates: every patient with a doctor, a diagnosis and weekly plans; workout sessions with
their sets, brain games, appointments, message threads, notifications and the audit trail of
doctors reading records. The skew of a real clinic is kept: a few patients exercise almost
daily, many a couple of times a week, some have gone silent; most threads are short, a few run
to hundreds of messages. Patients join the programme at different times, so the history thins
out towards its start.

Deterministic for a seed (and a ``today``): ids are assigned here, rows are drawn from one
``random.Random`` in patient order. On PostgreSQL rows go in with COPY, patient by patient in
chunks; on SQLite with executemany. Either way it is one transaction into an empty database.
"""

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select, text

from telerehab.auth import hash_password
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
    Assignment,
    AuditEvent,
    Base,
    BrainExerciseLog,
    BrainExerciseSession,
    Combo,
    ComboItem,
    MedicalRecord,
    Message,
    Notification,
    PatientNote,
    Schedule,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.seed import DIAGNOSES, FIRST_NAMES, LAST_NAMES, TYPICAL_ROM, DatabaseNotEmpty

SCALE_PASSWORD = "scale-clinic-2026"  # noqa: S105  benchmark data only
SCALE_ADMIN = "scale.admin"
CHUNK_PATIENTS = 250
EXERCISES = list(ExerciseType)
GAMES = list(BrainGame)
WEEKDAYS = list(Weekday)
# The tables the benchmark's "one million rows" is counted over.
HISTORY_TABLES = (
    "workout_sessions",
    "session_details",
    "brain_exercise_sessions",
    "messages",
    "notifications",
    "schedules",
    "audit_log",
)
AUDIT_ACTIONS = [
    ("patients-get", "patient"),
    ("exercises-list-sessions", "patient"),
    ("exercises-range-of-motion", "patient"),
    ("exercises-adherence", "patient"),
    ("medical-records-list", "patient"),
    ("week-plans-list", "patient"),
    ("dashboard-doctor", "dashboard"),
]
MESSAGE_LINES = [
    "How did the exercises feel this week?",
    "Better, but my shoulder aches a bit after the second set.",
    "That is normal at this stage. Keep the range comfortable and rest longer.",
    "Will do, thank you!",
    "I have updated your plan for next week.",
    "Could we move Thursday's call to the afternoon?",
    "Of course, I have moved it to 15:00.",
    "The squats are getting easier, I did all three sets today.",
    "Great progress. Try to go a little deeper, without pain.",
    "My knee was swollen this morning, should I skip today?",
]


@dataclass
class ScaleCounts:
    """Rows written per table."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count

    @property
    def history_rows(self) -> int:
        return sum(self.rows.get(name, 0) for name in HISTORY_TABLES)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class _Ids:
    """The next primary key of each table (rows carry their ids, so children can point at
    parents without reading anything back)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


# --- Writing rows ------------------------------------------------------------------------


class _Writer:
    """Buffers rows per table and writes them in bulk: COPY on PostgreSQL, executemany else."""

    def __init__(self, connection: Connection, counts: ScaleCounts) -> None:
        self.connection = connection
        self.counts = counts
        self.postgres = connection.dialect.name == "postgresql"
        self.buffers: dict[str, tuple[Table, tuple[str, ...], list[tuple[Any, ...]]]] = {}

    def add(self, model: type[Base], columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        table = cast(Table, model.__table__)
        entry = self.buffers.get(table.name)
        if entry is None:
            entry = self.buffers[table.name] = (table, columns, [])
        entry[2].append(row)

    def flush(self) -> None:
        # Parents before children, whatever order the rows were drawn in.
        order = {table.name: rank for rank, table in enumerate(Base.metadata.sorted_tables)}
        for table, columns, rows in sorted(self.buffers.values(), key=lambda e: order[e[0].name]):
            if rows:
                self._write(table, columns, rows)
                self.counts.add(table.name, len(rows))
                rows.clear()

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if self.postgres:
            raw: Any = self.connection.connection.driver_connection
            json_columns = [i for i, c in enumerate(columns) if c == "rep_metrics"]
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    if json_columns:
                        row = tuple(
                            json.dumps(v, separators=(",", ":")) if i in json_columns else v
                            for i, v in enumerate(row)
                        )
                    copy.write_row(row)
            return
        self.connection.execute(
            insert(table), [dict(zip(columns, row, strict=True)) for row in rows]
        )


# --- The clinic ----------------------------------------------------------------------------

USER_COLUMNS = (
    "id",
    "username",
    "email",
    "full_name",
    "role",
    "password_hash",
    "is_active",
    "date_of_birth",
    "phone",
    "token_version",
    "created_at",
)


@dataclass(frozen=True)
class _Patient:
    id: int
    doctor_id: int
    enrolled: datetime
    rate: float  # workout sessions a week
    brain_rate: float
    thread_length: int
    exercises: list[ExerciseType]
    side: Side


def _activity_profile(rng: random.Random) -> tuple[float, float]:
    """Workouts and brain games per week: a few very active, many moderate, some silent."""
    draw = rng.random()
    if draw < 0.15:
        return rng.uniform(0.0, 0.15), rng.uniform(0.0, 0.1)  # silent
    if draw < 0.60:
        return rng.uniform(1.0, 2.5), rng.uniform(0.2, 1.0)
    if draw < 0.90:
        return rng.uniform(2.5, 4.5), rng.uniform(0.5, 1.5)
    return rng.uniform(6.0, 10.0), rng.uniform(1.0, 4.0)  # very active


def _thread_length(rng: random.Random) -> int:
    """Messages between a patient and their doctor: mostly a handful, a few in the hundreds."""
    return min(600, int(rng.paretovariate(1.3) * 4))


def seed_scale(
    connection: Connection,
    *,
    patients: int,
    doctors: int,
    weeks: int,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int], None] = lambda _done: None,
) -> ScaleCounts:
    """Write the clinic through ``connection`` (the caller commits); ``progress`` is told how
    many more patients are done after each chunk."""
    if patients < 1 or doctors < 1 or weeks < 1:
        raise ValueError("patients, doctors and weeks must each be at least 1")
    if connection.scalar(select(func.count()).select_from(User)):
        raise DatabaseNotEmpty(
            "This database already has user accounts; the scale clinic is only written into an "
            "empty database, so nothing was changed."
        )
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    now = datetime.combine(today, time(12, 0), tzinfo=UTC)
    start = now - timedelta(weeks=weeks)
    counts = ScaleCounts()
    writer = _Writer(connection, counts)
    ids = _Ids()
    password_hash = hash_password(SCALE_PASSWORD, rounds=10)
    users = User

    admin_id = ids.take("users")
    writer.add(
        users,
        USER_COLUMNS,
        (admin_id, SCALE_ADMIN, None, "Scale Administrator", UserRole.ADMIN.value,
         password_hash, True, None, None, 0, start - timedelta(days=30)),
    )  # fmt: skip
    doctor_ids = []
    combos_of: dict[int, list[tuple[int, list[tuple[ExerciseType, int, int]]]]] = {}
    for number in range(1, doctors + 1):
        doctor_id = ids.take("users")
        doctor_ids.append(doctor_id)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        writer.add(
            users,
            USER_COLUMNS,
            (doctor_id, f"scale.doctor.{number:04d}", f"scale.doctor.{number:04d}@scale.telerehab",
             f"Dr. {first} {last}", UserRole.DOCTOR.value, password_hash, True, None, None, 0,
             start - timedelta(days=30)),
        )  # fmt: skip
        combos_of[doctor_id] = _combos(writer, ids, rng, doctor_id, start)
    writer.flush()

    for chunk_start in range(0, patients, CHUNK_PATIENTS):
        chunk = range(chunk_start, min(patients, chunk_start + CHUNK_PATIENTS))
        for number in chunk:
            _patient(writer, ids, rng, number, doctor_ids, combos_of, password_hash, now, weeks)
        writer.flush()
        progress(len(chunk))

    if writer.postgres:
        for table in sorted(counts.rows):
            restart = (
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608
            )
            connection.execute(text(restart))  # our own table names, not input
    # Fresh statistics, so the planner sees a large clinic from the first request on.
    for table in sorted(counts.rows):
        connection.execute(text(f"ANALYZE {table}"))
    return counts


def _combos(
    writer: _Writer, ids: _Ids, rng: random.Random, doctor_id: int, start: datetime
) -> list[tuple[int, list[tuple[ExerciseType, int, int]]]]:
    """Each doctor's routines: one per exercise and a mixed one; (id, [(exercise, sets, reps)])."""
    made = []
    specs: list[tuple[str, list[ExerciseType]]] = [
        (f"{exercise.value.replace('-', ' ').capitalize()} basics", [exercise])
        for exercise in EXERCISES
    ]
    specs.append(("Full body starter", [ExerciseType.SQUAT, ExerciseType.SHOULDER_FLEXION]))
    for name, exercises in specs:
        combo_id = ids.take("combos")
        writer.add(
            Combo,
            ("id", "doctor_id", "name", "description", "created_at"),
            (combo_id, doctor_id, name, "A progression for home.", start - timedelta(days=20)),
        )
        items = []
        for position, exercise in enumerate(exercises):
            sets, reps = rng.choice([1, 2, 2, 3]), rng.choice([8, 10, 12])
            items.append((exercise, sets, reps))
            writer.add(
                ComboItem,
                ("id", "combo_id", "position", "exercise_type", "side", "sets", "reps",
                 "rest_seconds", "target_rom_deg"),
                (ids.take("combo_items"), combo_id, position, exercise.value, Side.BOTH.value,
                 sets, reps, 60, round(TYPICAL_ROM[exercise] * 0.8, 1)),
            )  # fmt: skip
        made.append((combo_id, items))
    return made


def _days(rng: random.Random, first: datetime, last: datetime, per_week: float) -> list[int]:
    """Sorted day offsets from ``first``: on average ``per_week`` a week (a day may repeat)."""
    span = max(1, (last - first).days)
    count = int(per_week * span / 7 + rng.random())
    return sorted(rng.randrange(span) for _ in range(count))


def _patient(
    writer: _Writer,
    ids: _Ids,
    rng: random.Random,
    number: int,
    doctor_ids: Sequence[int],
    combos_of: dict[int, list[tuple[int, list[tuple[ExerciseType, int, int]]]]],
    password_hash: str,
    now: datetime,
    weeks: int,
) -> None:
    patient_id = ids.take("users")
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    username = f"scale.patient.{number + 1:05d}"
    # Rolling enrolment: some patients have a year of history, recent ones a few weeks.
    enrolled = now - timedelta(days=rng.randint(min(14, weeks * 7), weeks * 7))
    writer.add(
        User,
        USER_COLUMNS,
        (patient_id, username, f"{username}@scale.telerehab", f"{first} {last}",
         UserRole.PATIENT.value, password_hash, True,
         date(1935 + rng.randrange(65), 1 + rng.randrange(12), 1 + rng.randrange(28)),
         None, 0, enrolled - timedelta(days=3)),
    )  # fmt: skip
    doctor_id = doctor_ids[number % len(doctor_ids)]
    rate, brain_rate = _activity_profile(rng)
    diagnosis, side, exercises = rng.choice(DIAGNOSES)
    patient = _Patient(
        patient_id, doctor_id, enrolled, rate, brain_rate, _thread_length(rng), exercises, side
    )
    writer.add(
        Assignment,
        ("id", "doctor_id", "patient_id", "created_at", "ended_at"),
        (ids.take("assignments"), doctor_id, patient_id, enrolled - timedelta(days=2), None),
    )
    writer.add(
        MedicalRecord,
        ("id", "patient_id", "doctor_id", "diagnosis", "affected_side", "precautions", "goals",
         "notes", "created_at", "updated_at"),
        (ids.take("medical_records"), patient_id, doctor_id, diagnosis, side.value,
         "No loaded overhead work; stop on sharp pain.",
         "Return to daily activities without pain.", None, enrolled, None),
    )  # fmt: skip
    for index in range(rng.randint(1, 4)):
        writer.add(
            PatientNote,
            ("id", "patient_id", "doctor_id", "body", "created_at", "updated_at"),
            (ids.take("patient_notes"), patient_id, doctor_id,
             "Progress reviewed; plan adjusted.", enrolled + timedelta(weeks=3 * index), None),
        )  # fmt: skip
    combos = [c for c in combos_of[doctor_id] if c[1][0][0] in exercises] or combos_of[doctor_id]
    planned = _plans(writer, ids, rng, patient, combos, now)
    _workouts(writer, ids, rng, patient, combos, planned, now)
    _brain(writer, ids, rng, patient, now)
    _appointments(writer, ids, rng, patient, now)
    _messages(writer, ids, rng, patient, now)
    _audit(writer, ids, rng, patient, now)


def _plans(
    writer: _Writer,
    ids: _Ids,
    rng: random.Random,
    patient: _Patient,
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


def _workouts(
    writer: _Writer,
    ids: _Ids,
    rng: random.Random,
    patient: _Patient,
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
        "id", "session_id", "position", "exercise_type", "side", "set_number", "reps_target",
        "reps_done", "duration_seconds", "rom_min_deg", "rom_max_deg", "rom_mean_deg",
        "form_score", "rep_metrics",
    )  # fmt: skip
    for offset in _days(rng, patient.enrolled, now, patient.rate):
        started = patient.enrolled + timedelta(
            days=offset, hours=rng.randint(-4, 7), minutes=rng.randrange(60)
        )
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
                     patient.side.value, set_number, reps, done, round(duration, 1),
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


def _brain(
    writer: _Writer, ids: _Ids, rng: random.Random, patient: _Patient, now: datetime
) -> None:
    days = _days(rng, patient.enrolled, now, patient.brain_rate)
    for index, offset in enumerate(days):
        game = rng.choice(GAMES)
        started = patient.enrolled + timedelta(days=offset, hours=rng.randint(-3, 8))
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


def _appointments(
    writer: _Writer, ids: _Ids, rng: random.Random, patient: _Patient, now: datetime
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


def _messages(
    writer: _Writer, ids: _Ids, rng: random.Random, patient: _Patient, now: datetime
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


def _audit(
    writer: _Writer, ids: _Ids, rng: random.Random, patient: _Patient, now: datetime
) -> None:
    """The doctor opening the patient's record: a few times a week while they exercise."""
    reads = _days(rng, patient.enrolled, now, 1.0 + patient.rate * 0.6)
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


def history_row_counts(connection: Connection) -> dict[str, int]:
    """Rows now in each of the benchmark's history tables."""
    return {
        name: int(connection.scalar(text(f"SELECT count(*) FROM {name}")) or 0)  # noqa: S608
        for name in HISTORY_TABLES
    }
