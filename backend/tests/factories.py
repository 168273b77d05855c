"""Test data: small functions that build rows, and a clinic with someone else's side to probe."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from telerehab.access.credentials import create_access_token, hash_password
from telerehab.config import Settings
from telerehab.domain.calendar import week_start
from telerehab.enums import (
    BrainGame,
    ExerciseType,
    NotificationKind,
    ScheduleStatus,
    Side,
    UserRole,
    Weekday,
)
from telerehab.models import (
    Assignment,
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
    TimeEntry,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)

TEST_PASSWORD = "correct-horse-battery-staple-42"
# Cheap bcrypt for tests: the cost is a parameter, checked at 12 by the production path's tests.
_TEST_HASH = hash_password(TEST_PASSWORD, rounds=4)


def make_user(db: Session, role: UserRole, username: str, **fields: Any) -> User:
    user = User(
        username=username,
        full_name=fields.pop("full_name", username.replace(".", " ").title()),
        role=role,
        email=fields.pop("email", f"{username}@test.example"),
        password_hash=fields.pop("password_hash", _TEST_HASH),
        **fields,
    )
    db.add(user)
    db.flush()
    return user


def assign(db: Session, doctor: User, patient: User, *, ended: bool = False) -> Assignment:
    now = datetime.now(UTC)
    assignment = Assignment(
        doctor_id=doctor.id,
        patient_id=patient.id,
        created_at=now - timedelta(days=30),
        ended_at=now - timedelta(days=1) if ended else None,
    )
    db.add(assignment)
    db.flush()
    return assignment


def make_record(db: Session, patient: User, doctor: User, diagnosis: str) -> MedicalRecord:
    record = MedicalRecord(
        patient_id=patient.id,
        doctor_id=doctor.id,
        diagnosis=diagnosis,
        affected_side=Side.LEFT,
        precautions=f"precautions of {patient.username}",
    )
    db.add(record)
    db.flush()
    return record


def make_combo(db: Session, doctor: User, name: str) -> Combo:
    combo = Combo(doctor_id=doctor.id, name=name, description=f"description of {name}")
    combo.items = [
        ComboItem(
            position=0, exercise_type=ExerciseType.SQUAT, sets=3, reps=10, target_rom_deg=90.0
        ),
        ComboItem(position=1, exercise_type=ExerciseType.BICEP_CURL, sets=2, reps=12),
    ]
    db.add(combo)
    db.flush()
    return combo


def add_workout(
    db: Session,
    patient: User,
    started_at: datetime,
    sets: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> WorkoutSession:
    """A finished 20-minute session; each set defaults to 10 squats on the left side."""
    session = WorkoutSession(
        user_id=patient.id,
        started_at=started_at,
        ended_at=fields.pop("ended_at", started_at + timedelta(minutes=20)),
        **fields,
    )
    session.details = [
        SessionDetail(
            position=position,
            exercise_type=values.get("exercise_type", ExerciseType.SQUAT),
            side=values.get("side", Side.LEFT),
            reps_target=10,
            reps_done=values.get("reps_done", 10),
            duration_seconds=30,
            rom_min_deg=values.get("rom_min_deg", 10.0),
            rom_max_deg=values.get("rom_max_deg", 90.0),
            rom_mean_deg=values.get("rom_mean_deg", 80.0),
            form_score=75,
            rep_metrics=[{"index": 0, "rom_deg": 80.0}],
        )
        for position, values in enumerate(sets if sets is not None else [{}])
    ]
    db.add(session)
    db.flush()
    return session


def add_brain_session(
    db: Session,
    patient: User,
    started_at: datetime,
    game: BrainGame,
    trials: int = 3,
    **fields: Any,
) -> BrainExerciseSession:
    session = BrainExerciseSession(
        user_id=patient.id,
        game=game,
        started_at=started_at,
        ended_at=started_at + timedelta(minutes=3),
        **fields,
    )
    session.logs = [
        BrainExerciseLog(
            user_id=patient.id, game=game, trial=i, correct=i % 2 == 0, reaction_ms=500.0, level=1
        )
        for i in range(trials)
    ]
    db.add(session)
    db.flush()
    return session


@dataclass
class PatientData:
    """One of everything that belongs to a patient, each carrying a findable marker text."""

    record: MedicalRecord
    schedule: Schedule
    note: PatientNote
    week_plan: WeekPlan
    workout: WorkoutSession
    brain: BrainExerciseSession
    message: Message
    notification: Notification
    time_entry: TimeEntry


def make_patient_data(
    db: Session, patient: User, doctor: User, combo: Combo, key: str
) -> PatientData:
    now = datetime.now(UTC)
    marker = f"{key}-XYZ"
    record = make_record(db, patient, doctor, f"Diagnosis-of-{marker}")
    starts = (now + timedelta(days=3)).replace(microsecond=0)
    schedule = Schedule(
        doctor_id=doctor.id,
        patient_id=patient.id,
        title=f"Visit-{marker}",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        status=ScheduleStatus.SCHEDULED,
    )
    note = PatientNote(patient_id=patient.id, doctor_id=doctor.id, body=f"Note-{marker}")
    plan = WeekPlan(
        patient_id=patient.id,
        doctor_id=doctor.id,
        week_start=week_start(now.date()),
        notes=f"Plan-{marker}",
    )
    plan.items = [WeekPlanItem(weekday=Weekday.MONDAY, position=0, combo_id=combo.id)]
    workout = WorkoutSession(
        user_id=patient.id,
        started_at=now - timedelta(days=1),
        ended_at=now - timedelta(days=1) + timedelta(minutes=20),
        pain_score=3,
        notes=f"Workout-{marker}",
    )
    workout.details = [
        SessionDetail(
            position=0,
            exercise_type=ExerciseType.SQUAT,
            side=Side.LEFT,
            reps_target=10,
            reps_done=9,
            duration_seconds=40,
            rom_min_deg=70,
            rom_max_deg=95,
            rom_mean_deg=85,
            form_score=80,
            rep_metrics=[],
        )
    ]
    brain = BrainExerciseSession(
        user_id=patient.id,
        game=BrainGame.STROOP,
        started_at=now - timedelta(days=2),
        score=417,
        accuracy=0.8,
        median_reaction_ms=612.0,
    )
    message = Message(sender_id=doctor.id, receiver_id=patient.id, body=f"Message-{marker}")
    notification = Notification(
        user_id=patient.id, kind=NotificationKind.GENERAL, title=f"Notification-{marker}"
    )
    time_entry = TimeEntry(
        patient_id=patient.id,
        doctor_id=doctor.id,
        started_at=now - timedelta(hours=3),
        minutes=17,
        activity=f"Time-{marker}",
    )
    db.add_all([schedule, note, plan, workout, brain, message, notification, time_entry])
    db.flush()
    return PatientData(
        record, schedule, note, plan, workout, brain, message, notification, time_entry
    )


@dataclass
class Clinic:
    """Doctor A cares for patients A1 and A2; doctor B for B1; A's care of E has ended."""

    settings: Settings
    admin: User
    doctor_a: User
    doctor_b: User
    patient_a1: User
    patient_a2: User
    patient_b1: User
    patient_ended: User
    records: dict[str, MedicalRecord] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    combos: dict[str, Combo] = field(default_factory=dict)  # "a": doctor A's, "b": doctor B's
    data: dict[str, PatientData] = field(default_factory=dict)  # by patient key

    def token(self, user: User) -> str:
        return create_access_token(user, self.settings)

    def headers(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


def build_clinic(db: Session, settings: Settings) -> Clinic:
    clinic = Clinic(
        settings=settings,
        admin=make_user(db, UserRole.ADMIN, "admin.one"),
        doctor_a=make_user(db, UserRole.DOCTOR, "doctor.alpha"),
        doctor_b=make_user(db, UserRole.DOCTOR, "doctor.beta"),
        patient_a1=make_user(db, UserRole.PATIENT, "patient.aone"),
        patient_a2=make_user(db, UserRole.PATIENT, "patient.atwo"),
        patient_b1=make_user(db, UserRole.PATIENT, "patient.bone"),
        patient_ended=make_user(db, UserRole.PATIENT, "patient.ended"),
    )
    clinic.assignments = {
        "a1": assign(db, clinic.doctor_a, clinic.patient_a1),
        "a2": assign(db, clinic.doctor_a, clinic.patient_a2),
        "b1": assign(db, clinic.doctor_b, clinic.patient_b1),
        "ended": assign(db, clinic.doctor_a, clinic.patient_ended, ended=True),
    }
    clinic.combos = {
        "a": make_combo(db, clinic.doctor_a, "Combo-A-XYZ"),
        "b": make_combo(db, clinic.doctor_b, "Combo-B-XYZ"),
    }
    for key in ("a1", "a2", "b1", "ended"):
        patient = getattr(clinic, f"patient_{key}" if key != "ended" else "patient_ended")
        doctor = clinic.doctor_b if key == "b1" else clinic.doctor_a
        combo = clinic.combos["b" if key == "b1" else "a"]
        clinic.data[key] = make_patient_data(db, patient, doctor, combo, key)
        clinic.records[key] = clinic.data[key].record
    db.commit()
    return clinic
