"""A realistic data set in the old app's schema (revision 000), with the old app's untidiness:
plain-text passwords beside bcrypt hashes, free-text roles and exercise names, missing values."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import bcrypt
from sqlalchemy import Connection, text

OLD_EXERCISE_SPELLINGS = [
    "Bicep Curl",
    "bicep_curl",
    "squat",
    "Squats",
    "knee-raise",
    "Shoulder Flexion",
    "shoulder_abduction",
]
OLD_ROLES = ["patient", "Patient", "PATIENT ", "doctor", "Doctor"]


@dataclass
class LegacyDataset:
    users: int
    plain_passwords: dict[int, str] = field(default_factory=dict)  # user id -> plain text
    hashed_passwords: dict[int, str] = field(default_factory=dict)  # user id -> known password
    simple_logs: int = 0
    simple_log_reps: int = 0
    workout_sessions: int = 0
    session_details: int = 0
    session_detail_reps: int = 0


def _insert(connection: Connection, table: str, rows: list[dict[str, object]]) -> None:
    if rows:
        columns = list(rows[0])
        connection.execute(
            text(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})"
            ),
            rows,
        )


def load_legacy_dataset(
    connection: Connection,
    *,
    users: int = 1000,
    plain_text_users: int = 100,
    simple_logs: int = 10_000,
    seed: int = 7,
) -> LegacyDataset:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 8, 0)
    known_hash = bcrypt.hashpw(b"old-hashed-password", bcrypt.gensalt(4)).decode()
    data = LegacyDataset(users=users)
    doctors = max(2, users // 25)
    user_rows = []
    for user_id in range(1, users + 1):
        is_doctor = user_id <= doctors
        if user_id <= plain_text_users + doctors and not is_doctor:
            password: str | None = f"plain-{user_id}-{rng.randint(1000, 9999)}"
            data.plain_passwords[user_id] = password
        else:
            password = known_hash
            data.hashed_passwords[user_id] = "old-hashed-password"
        user_rows.append(
            {
                "id": user_id,
                "username": f"User{user_id}",
                "email": f"user{user_id}@old.example" if user_id % 3 else "",
                "password": password,
                "role": rng.choice(OLD_ROLES[3:]) if is_doctor else rng.choice(OLD_ROLES[:3]),
                "full_name": None if user_id % 17 == 0 else f"Person {user_id}",
                "created_at": start,
            }
        )
    _insert(connection, "users", user_rows)
    patient_ids = list(range(doctors + 1, users + 1))

    _insert(
        connection,
        "assignments",
        [
            {"doctor_id": 1 + (p % doctors), "patient_id": p, "created_at": start}
            for p in patient_ids
        ]
        + [
            {
                "doctor_id": 1 + (patient_ids[0] % doctors),
                "patient_id": patient_ids[0],
                "created_at": start + timedelta(days=3),
            }
        ],
    )  # the old app allowed duplicate pairs
    _insert(
        connection,
        "schedules",
        [
            {
                "doctor_id": 1 + (p % doctors),
                "patient_id": p,
                "title": None,
                "starts_at": start + timedelta(days=p % 60, hours=2),
                "ends_at": start + timedelta(days=p % 60, hours=2, minutes=30),
                "status": rng.choice(["scheduled", "Completed", "canceled"]),
                "notes": None,
                "created_at": start,
            }
            for p in patient_ids[:300]
        ],
    )
    _insert(
        connection,
        "messages",
        [
            {
                "sender_id": 1 + (p % doctors),
                "receiver_id": p,
                "body": "How are you doing?",
                "is_read": None if p % 5 == 0 else p % 2 == 0,
                "created_at": start,
            }
            for p in patient_ids[:500]
        ],
    )
    _insert(
        connection,
        "combos",
        [
            {
                "id": d,
                "doctor_id": d,
                "name": "Shoulder routine",
                "description": None,
                "created_at": start,
            }
            for d in range(1, doctors + 1)
        ]
        + [
            {
                "id": doctors + 1,
                "doctor_id": 1,
                "name": "Shoulder routine",
                "description": "dup",
                "created_at": start,
            }
        ],
    )
    _insert(
        connection,
        "combo_items",
        [
            {
                "combo_id": c,
                "position": None if i == 1 else 0,
                "exercise_type": spelling,
                "sets": 3,
                "reps": 10,
                "rest_seconds": None,
            }
            for c in range(1, doctors + 2)
            for i, spelling in enumerate(OLD_EXERCISE_SPELLINGS[:3])
        ],
    )
    _insert(
        connection,
        "week_plans",
        [
            {
                "id": p,
                "patient_id": p,
                "doctor_id": 1 + (p % doctors),
                "week_start": date(2024, 1, 1),
                "notes": None,
                "created_at": start,
            }
            for p in patient_ids[:200]
        ],
    )
    _insert(
        connection,
        "week_plan_items",
        [
            {"week_plan_id": p, "weekday": day, "position": 0, "combo_id": 1 + (p % doctors)}
            for p in patient_ids[:200]
            for day in ("Mon", "wednesday", "FRIDAY")
        ],
    )
    workout_rows, detail_rows = [], []
    for session_id in range(1, 2001):
        workout_rows.append(
            {
                "id": session_id,
                "user_id": rng.choice(patient_ids),
                "started_at": start + timedelta(hours=session_id),
                "ended_at": None,
                "notes": None,
                "created_at": start + timedelta(hours=session_id),
            }
        )
        for set_number in (1, 2):
            reps = rng.randint(5, 15)
            detail_rows.append(
                {
                    "session_id": session_id,
                    "exercise_type": rng.choice(OLD_EXERCISE_SPELLINGS),
                    "set_number": set_number,
                    "reps_done": reps,
                    "duration_seconds": 30.0,
                }
            )
            data.session_detail_reps += reps
    _insert(connection, "workout_sessions", workout_rows)
    _insert(connection, "session_details", detail_rows)
    data.workout_sessions, data.session_details = len(workout_rows), len(detail_rows)

    log_rows = []
    for log_id in range(1, simple_logs + 1):
        reps = rng.randint(1, 30)
        data.simple_log_reps += reps
        log_rows.append(
            {
                "id": log_id,
                "user_id": rng.choice(patient_ids),
                "exercise_type": rng.choice(OLD_EXERCISE_SPELLINGS),
                "reps": reps,
                "duration_seconds": round(rng.uniform(10, 120), 1),
                "created_at": start + timedelta(minutes=7 * log_id),
            }
        )
    _insert(connection, "exercise_log_simple", log_rows)
    data.simple_logs = simple_logs

    _insert(
        connection,
        "brain_exercise_sessions",
        [
            {
                "id": i,
                "user_id": patient_ids[i % len(patient_ids)],
                "game": "Memory Match",
                "started_at": None,
                "ended_at": None,
                "score": 40,
                "created_at": start,
            }
            for i in range(1, 201)
        ],
    )
    _insert(
        connection,
        "brain_exercise_logs",
        [
            {
                "user_id": patient_ids[i % len(patient_ids)],
                "session_id": i,
                "game": None,
                "correct": True,
                "reaction_ms": 420.0,
                "created_at": start,
            }
            for i in range(1, 201)
        ],
    )
    _insert(
        connection,
        "patient_notes",
        [
            {
                "patient_id": p,
                "doctor_id": 1 + (p % doctors),
                "body": "Progressing well.",
                "created_at": start,
            }
            for p in patient_ids[:300]
        ],
    )
    _insert(
        connection,
        "notifications",
        [
            {"user_id": p, "title": None, "body": "New plan", "is_read": None, "created_at": start}
            for p in patient_ids[:300]
        ],
    )
    _insert(
        connection,
        "medical_records",
        [
            {
                "patient_id": p,
                "doctor_id": 1 + (p % doctors),
                "diagnosis": "Knee OA",
                "notes": None,
                "created_at": start,
                "updated_at": None,
            }
            for p in patient_ids[:300]
        ],
    )
    if connection.dialect.name == "postgresql":
        # Ids were given explicitly, as the old app's rows had them; move each sequence past them.
        for table in (
            "users",
            "combos",
            "week_plans",
            "workout_sessions",
            "exercise_log_simple",
            "brain_exercise_sessions",
        ):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT MAX(id) FROM {table}))"
                )
            )
    return data
