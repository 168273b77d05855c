"""A believable demo clinic: three physiotherapists, thirty patients, eight weeks of history.

Deterministic for a given seed, so screenshots and tests see the same clinic every time.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.access.credentials import hash_password
from telerehab.enums import (
    ExerciseType,
    NotificationKind,
    ScheduleStatus,
    Side,
    UserRole,
)
from telerehab.models import (
    Assignment,
    Combo,
    ComboItem,
    MedicalRecord,
    Message,
    Notification,
    PatientNote,
    Schedule,
    User,
)
from telerehab.seeding.content import (
    DEMO_DOCTORS,
    DIAGNOSES,
    FIRST_NAMES,
    LAST_NAMES,
    NOTE_TEXTS,
    THREAD,
    TYPICAL_ROM,
    DatabaseNotEmpty,
)
from telerehab.seeding.demo_activity import brain_games, week_plans, workouts

DEMO_PASSWORD = "demo-clinic-2026"  # noqa: S105  printed by `make run`; demo data only
DEMO_ADMIN = "admin"
DEMO_WEEKS = 8
PATIENTS_PER_DOCTOR = 10


@dataclass(frozen=True)
class SeedCounts:
    admins: int
    doctors: int
    patients: int
    assignments: int
    combos: int
    week_plans: int
    workout_sessions: int
    brain_sessions: int
    schedules: int
    messages: int
    notes: int
    medical_records: int
    notifications: int


def user_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def seed_demo(
    session: Session,
    *,
    seed: int = 2026,
    now: datetime | None = None,
    progress: Callable[[str], None] = lambda _step: None,
) -> SeedCounts:
    """Write the demo clinic in one transaction (the caller commits); its history ends at
    ``now`` (default: this moment), so nothing in it lies in the future."""
    if user_count(session):
        raise DatabaseNotEmpty(
            "This database already has user accounts; the demo clinic is only written into an "
            "empty database, so nothing was changed."
        )
    rng = random.Random(seed)
    now = now or datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    password_hash = hash_password(DEMO_PASSWORD)  # one hash shared by all demo accounts

    progress("accounts")
    admin = User(
        username=DEMO_ADMIN,
        full_name="Clinic Administrator",
        role=UserRole.ADMIN,
        email="admin@demo.telerehab",
        password_hash=password_hash,
    )
    doctors = [
        User(
            username=username,
            full_name=name,
            role=UserRole.DOCTOR,
            email=f"{username}@demo.telerehab",
            password_hash=password_hash,
        )
        for username, name in DEMO_DOCTORS
    ]
    history_start = now - timedelta(weeks=DEMO_WEEKS)
    # Accounts older than the history: the clinic opened a year before, each patient joined a
    # few weeks before their first session ("patient since" comes first).
    for staff in (admin, *doctors):
        staff.created_at = history_start - timedelta(days=365)
    patients = []
    for index, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        username = f"{first}.{last}".lower().replace("ö", "o").replace("í", "i")
        patients.append(
            User(
                username=username,
                full_name=f"{first} {last}",
                role=UserRole.PATIENT,
                email=f"{username}@demo.telerehab",
                password_hash=password_hash,
                date_of_birth=date(1940 + (index * 7) % 50, 1 + index % 12, 1 + index % 28),
                created_at=history_start - timedelta(days=rng.randint(21, 35)),
            )
        )
    session.add_all([admin, *doctors, *patients])
    session.flush()

    counts = {
        "assignments": 0,
        "combos": 0,
        "week_plans": 0,
        "workouts": 0,
        "brain": 0,
        "schedules": 0,
        "messages": 0,
        "notes": 0,
        "records": 0,
        "notifications": 0,
    }
    for doctor_index, doctor in enumerate(doctors):
        progress(f"patients of {doctor.full_name}")
        combos = _doctor_combos(session, doctor, rng)
        counts["combos"] += len(combos)
        own = patients[
            doctor_index * PATIENTS_PER_DOCTOR : (doctor_index + 1) * PATIENTS_PER_DOCTOR
        ]
        for patient in own:
            session.add(
                Assignment(
                    doctor_id=doctor.id,
                    patient_id=patient.id,
                    created_at=history_start - timedelta(days=rng.randint(1, 20)),
                )
            )
            counts["assignments"] += 1
            diagnosis, side, exercises = rng.choice(DIAGNOSES)
            session.add(
                MedicalRecord(
                    patient_id=patient.id,
                    doctor_id=doctor.id,
                    diagnosis=diagnosis,
                    affected_side=side,
                    precautions="No loaded overhead work; stop on sharp pain.",
                    goals="Return to daily activities without pain; full active range of motion.",
                    created_at=history_start,
                )
            )
            counts["records"] += 1
            # Only routines of the exercises the diagnosis calls for.
            patient_combos = [
                c for c in combos if all(item.exercise_type in exercises for item in c.items)
            ]
            planned = week_plans(
                session, patient, doctor, patient_combos, today, DEMO_WEEKS + 1, rng
            )
            counts["week_plans"] += DEMO_WEEKS + 1
            counts["workouts"] += workouts(
                session,
                patient,
                planned,
                {c.id: c for c in patient_combos},
                side,
                history_start,
                now,
                rng,
            )
            counts["brain"] += brain_games(session, patient, history_start, now, rng)
            counts["schedules"] += _appointments(session, doctor, patient, now, rng)
            counts["messages"] += _conversation(session, doctor, patient, now, rng)
            counts["notes"] += _notes(session, doctor, patient, history_start, rng)
            session.add(
                Notification(
                    user_id=patient.id,
                    kind=NotificationKind.WEEK_PLAN,
                    title="Your plan for this week is ready",
                    created_at=now - timedelta(days=today.weekday()),
                )
            )
            counts["notifications"] += 1
        session.flush()
    return SeedCounts(
        admins=1,
        doctors=len(doctors),
        patients=len(patients),
        assignments=counts["assignments"],
        combos=counts["combos"],
        week_plans=counts["week_plans"],
        workout_sessions=counts["workouts"],
        brain_sessions=counts["brain"],
        schedules=counts["schedules"],
        messages=counts["messages"],
        notes=counts["notes"],
        medical_records=counts["records"],
        notifications=counts["notifications"],
    )


def _doctor_combos(session: Session, doctor: User, rng: random.Random) -> list[Combo]:
    combos = []
    for exercise in ExerciseType:
        label = exercise.value.replace("-", " ")
        combo = Combo(
            doctor_id=doctor.id,
            name=f"{label.capitalize()} basics",
            description=f"Gentle {label} progression.",
        )
        combo.items = [
            ComboItem(
                position=0,
                exercise_type=exercise,
                side=Side.BOTH,
                sets=3,
                reps=rng.choice([8, 10, 12]),
                rest_seconds=60,
                target_rom_deg=TYPICAL_ROM[exercise] * 0.8,
            ),
        ]
        combos.append(combo)
    mixed = Combo(
        doctor_id=doctor.id,
        name="Full body starter",
        description="A short routine for the first weeks.",
    )
    mixed.items = [
        ComboItem(
            position=i,
            exercise_type=exercise,
            sets=2,
            reps=10,
            rest_seconds=45,
            target_rom_deg=TYPICAL_ROM[exercise] * 0.7,
        )
        for i, exercise in enumerate(
            [ExerciseType.SQUAT, ExerciseType.SHOULDER_FLEXION, ExerciseType.BICEP_CURL]
        )
    ]
    combos.append(mixed)
    session.add_all(combos)
    session.flush()
    return combos


def _appointments(
    session: Session, doctor: User, patient: User, now: datetime, rng: random.Random
) -> int:
    offsets = [-42, -21, -7, rng.choice([0, 1, 2, 3]), 14]
    for offset in offsets:
        starts = (now + timedelta(days=offset)).replace(
            hour=rng.randint(8, 16), minute=rng.choice([0, 30])
        )
        if offset < 0:
            status = ScheduleStatus.CANCELLED if rng.random() < 0.15 else ScheduleStatus.COMPLETED
        else:
            status = ScheduleStatus.SCHEDULED
        session.add(
            Schedule(
                doctor_id=doctor.id,
                patient_id=patient.id,
                title="Progress review",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=30),
                status=status,
                notes="Video call." if rng.random() < 0.5 else None,
                created_at=starts - timedelta(days=10),
            )
        )
    return len(offsets)


def _conversation(
    session: Session, doctor: User, patient: User, now: datetime, rng: random.Random
) -> int:
    lines = [(doctor if speaker == "doctor" else patient, body) for speaker, body in THREAD]
    length = rng.randint(2, len(lines))
    for index, (sender, body) in enumerate(lines[:length]):
        receiver = patient if sender is doctor else doctor
        session.add(
            Message(
                sender_id=sender.id,
                receiver_id=receiver.id,
                body=body,
                is_read=index < length - 1,
                created_at=now - timedelta(days=length - index, hours=rng.randint(0, 8)),
            )
        )
    return length


def _notes(
    session: Session, doctor: User, patient: User, start: datetime, rng: random.Random
) -> int:
    chosen = NOTE_TEXTS[: rng.randint(1, len(NOTE_TEXTS))]
    for index, body in enumerate(chosen):
        session.add(
            PatientNote(
                patient_id=patient.id,
                doctor_id=doctor.id,
                body=body,
                created_at=start + timedelta(weeks=3 * index),
            )
        )
    return len(chosen)
