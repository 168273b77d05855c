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

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, func, select, text

from telerehab.access.credentials import hash_password
from telerehab.enums import (
    ExerciseType,
    Side,
    UserRole,
)
from telerehab.models import (
    Assignment,
    Combo,
    ComboItem,
    MedicalRecord,
    PatientNote,
    User,
)
from telerehab.seeding.bulk import BulkWriter, Ids, ScaleCounts
from telerehab.seeding.content import (
    DIAGNOSES,
    FIRST_NAMES,
    LAST_NAMES,
    TYPICAL_ROM,
    DatabaseNotEmpty,
)
from telerehab.seeding.history import (
    ScalePatient,
    write_appointments,
    write_audit,
    write_brain_games,
    write_messages,
    write_plans,
    write_workouts,
)

SCALE_PASSWORD = "scale-clinic-2026"  # noqa: S105  benchmark data only
SCALE_ADMIN = "scale.admin"
CHUNK_PATIENTS = 250
EXERCISES = list(ExerciseType)

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
    writer = BulkWriter(connection, counts)
    ids = Ids()
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
    writer: BulkWriter, ids: Ids, rng: random.Random, doctor_id: int, start: datetime
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
                ("id", "combo_id", "position", "exercise_code", "exercise_type", "side", "sets",
                 "reps", "rest_seconds", "target_rom_deg"),
                (ids.take("combo_items"), combo_id, position, exercise.value, exercise.value,
                 Side.BOTH.value,
                 sets, reps, 60, round(TYPICAL_ROM[exercise] * 0.8, 1)),
            )  # fmt: skip
        made.append((combo_id, items))
    return made


def _patient(
    writer: BulkWriter,
    ids: Ids,
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
    patient = ScalePatient(
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
    planned = write_plans(writer, ids, rng, patient, combos, now)
    write_workouts(writer, ids, rng, patient, combos, planned, now)
    write_brain_games(writer, ids, rng, patient, now)
    write_appointments(writer, ids, rng, patient, now)
    write_messages(writer, ids, rng, patient, now)
    write_audit(writer, ids, rng, patient, now)
