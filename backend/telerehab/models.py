"""Every table of the clinic.

Rules that hold for all of them:
- Relationships never load lazily (``lazy="raise"``): each query says what it loads, so an N+1
  fails loudly in tests instead of quietly in production.
- Enumerated columns are strings guarded by a CHECK constraint (``enum_column``).
- Every foreign key has an index whose first column is that key. The plan's fourteen keep the
  names the plan gave them (``idx_...``); the rest follow the naming convention.
- Accounts are deactivated, never deleted, so foreign keys to ``users`` do not cascade; only a
  parent's own child rows (a routine's items, a session's sets) go with it.
- Times are stored in UTC and always come back timezone-aware (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from telerehab.enums import (
    AuditOutcome,
    BrainGame,
    ExerciseType,
    NotificationKind,
    ProposalKind,
    ProposalStatus,
    ScheduleStatus,
    Side,
    UserRole,
    Weekday,
    WorkoutSource,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC; SQLite drops the zone, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Telerehab stores aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def enum_column(enum: type[StrEnum], name: str) -> SAEnum:
    """A VARCHAR holding the enum's values, with a CHECK constraint named ``ck_<table>_<name>``."""
    return SAEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# A camera exercise's type is its library code (a self-reported one has no type).
CAMERA_TYPE_IS_CODE = "exercise_type IS NULL OR exercise_type = exercise_code"
EXERCISE_CODE_LENGTH = 64


def _code_of_camera_exercise(context: Any) -> str | None:
    """An exercise code left out is the camera exercise's: its library code is the engine's
    name (rows written before the library, and code that names only the engine's exercise)."""
    exercise = context.get_current_parameters().get("exercise_type")
    return None if exercise is None else ExerciseType(exercise).value


def _exercise_code_column() -> Mapped[str]:
    return mapped_column(String(EXERCISE_CODE_LENGTH), default=_code_of_camera_exercise)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


def _created_at() -> Mapped[datetime]:
    return mapped_column(default=utc_now, server_default=func.now())


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # Usernames are compared case-insensitively at login, so they are stored lower-case.
        CheckConstraint("username = lower(username)", name="username_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Business rule: one account per login name and per e-mail address.
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(32))
    # Bumped by a password change, a logout everywhere or disabling the account: access tokens
    # carry the version they were issued under, so older ones stop working at once.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Set by an admin's password reset: the account may only change its password until it does.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # The IANA zone the account's days are counted in (``telerehab.domain.calendar``); the browser
    # proposes it, the user may change it.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default=text("'UTC'"))
    # A patient's local time of day for a reminder when the day's plan is not done; None: none.
    reminder_time: Mapped[time | None] = mapped_column(Time)
    created_at: Mapped[datetime] = _created_at()


class Assignment(Base):
    """A doctor caring for a patient, from ``created_at`` until ``ended_at``."""

    __tablename__ = "assignments"
    __table_args__ = (
        Index("idx_assignment_doctor_id", "doctor_id"),
        Index("ix_assignments_patient_id", "patient_id"),
        # Business rule: a doctor-patient pair has at most one active assignment.
        Index(
            "uq_assignments_active_pair",
            "doctor_id",
            "patient_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        CheckConstraint("doctor_id <> patient_id", name="not_self"),
        CheckConstraint("ended_at IS NULL OR ended_at >= created_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = _created_at()
    ended_at: Mapped[datetime | None]

    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="raise")
    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="raise")


class Schedule(Base):
    """An appointment between a doctor and a patient."""

    __tablename__ = "schedules"
    __table_args__ = (
        Index("idx_schedule_doctor_id", "doctor_id"),
        Index("idx_schedule_patient_id", "patient_id"),
        # Each side's calendar, in the order of its keyset pages.
        Index("ix_schedules_doctor_id_starts_at_id", "doctor_id", "starts_at", "id"),
        Index("ix_schedules_patient_id_starts_at_id", "patient_id", "starts_at", "id"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[ScheduleStatus] = mapped_column(
        enum_column(ScheduleStatus, "schedule_status"),
        default=ScheduleStatus.SCHEDULED,
        server_default=ScheduleStatus.SCHEDULED.value,
    )
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()

    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="raise")
    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="raise")


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("idx_message_sender_id", "sender_id"),
        Index("idx_message_receiver_id", "receiver_id"),
        # A conversation is two such ranges (one per direction), each newest first.
        Index(
            "ix_messages_sender_id_receiver_id_created_at_id",
            "sender_id",
            "receiver_id",
            "created_at",
            "id",
        ),
        CheckConstraint("sender_id <> receiver_id", name="not_to_self"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    receiver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    is_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = _created_at()

    sender: Mapped[User] = relationship(foreign_keys=[sender_id], lazy="raise")
    receiver: Mapped[User] = relationship(foreign_keys=[receiver_id], lazy="raise")


class Combo(Base):
    """A doctor's reusable exercise routine."""

    __tablename__ = "combos"
    __table_args__ = (
        Index("idx_combo_doctor_id", "doctor_id"),
        # Business rule: a doctor's routines are told apart by name.
        UniqueConstraint("doctor_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()

    doctor: Mapped[User] = relationship(lazy="raise")
    items: Mapped[list[ComboItem]] = relationship(
        back_populates="combo",
        order_by="ComboItem.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class ComboItem(Base):
    """One exercise of a routine: what to do, how often, and the range of motion to aim for."""

    __tablename__ = "combo_items"
    __table_args__ = (
        # Business rule: items of a routine have distinct positions (their order).
        UniqueConstraint("combo_id", "position"),
        CheckConstraint("sets BETWEEN 1 AND 20", name="sets_range"),
        CheckConstraint("reps BETWEEN 1 AND 200", name="reps_range"),
        CheckConstraint("rest_seconds BETWEEN 0 AND 900", name="rest_range"),
        CheckConstraint(
            "target_rom_deg IS NULL OR target_rom_deg BETWEEN 0 AND 180", name="rom_range"
        ),
        CheckConstraint(CAMERA_TYPE_IS_CODE, name="camera_type_is_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    combo_id: Mapped[int] = mapped_column(ForeignKey("combos.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # The exercise of the library (``telerehab.library``); ``exercise_type`` is the camera
    # engine's exercise when it counts this one, else null (the patient reports it).
    exercise_code: Mapped[str] = _exercise_code_column()
    exercise_type: Mapped[ExerciseType | None] = mapped_column(
        enum_column(ExerciseType, "exercise_type")
    )
    side: Mapped[Side] = mapped_column(
        enum_column(Side, "side"), default=Side.BOTH, server_default=Side.BOTH.value
    )
    sets: Mapped[int] = mapped_column(Integer, default=3, server_default=text("3"))
    reps: Mapped[int] = mapped_column(Integer, default=10, server_default=text("10"))
    rest_seconds: Mapped[int] = mapped_column(Integer, default=60, server_default=text("60"))
    target_rom_deg: Mapped[float | None] = mapped_column(Float)

    combo: Mapped[Combo] = relationship(back_populates="items", lazy="raise")


class WeekPlan(Base):
    """A patient's routines for one ISO week; ``week_start`` is that week's Monday."""

    __tablename__ = "week_plans"
    __table_args__ = (
        Index("idx_week_plan_patient_id", "patient_id"),
        Index("idx_week_plan_doctor_id", "doctor_id"),
        Index("ix_week_plans_patient_id_week_start_id", "patient_id", "week_start", "id"),
        # Business rule: one plan per patient per week.
        UniqueConstraint("patient_id", "week_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    week_start: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()

    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="raise")
    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="raise")
    items: Mapped[list[WeekPlanItem]] = relationship(
        back_populates="week_plan",
        order_by="(WeekPlanItem.weekday, WeekPlanItem.position)",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class WeekPlanItem(Base):
    __tablename__ = "week_plan_items"
    __table_args__ = (
        Index("ix_week_plan_items_combo_id", "combo_id"),
        # Business rule: a weekday's routines are in a fixed order.
        UniqueConstraint("week_plan_id", "weekday", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    week_plan_id: Mapped[int] = mapped_column(ForeignKey("week_plans.id", ondelete="CASCADE"))
    weekday: Mapped[Weekday] = mapped_column(enum_column(Weekday, "weekday"))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    combo_id: Mapped[int] = mapped_column(ForeignKey("combos.id"))

    week_plan: Mapped[WeekPlan] = relationship(back_populates="items", lazy="raise")
    combo: Mapped[Combo] = relationship(lazy="raise")


class WorkoutSession(Base):
    """A patient's exercise session; its sets are ``SessionDetail`` rows."""

    __tablename__ = "workout_sessions"
    __table_args__ = (
        Index("idx_workout_session_user_id", "user_id"),
        # A patient's history and trends read their sessions newest first (id: the tie-break
        # of keyset pages, so a page needs no sort).
        Index("ix_workout_sessions_user_id_started_at_id", "user_id", "started_at", "id"),
        Index("ix_workout_sessions_combo_id", "combo_id"),
        Index("ix_workout_sessions_week_plan_item_id", "week_plan_item_id"),
        CheckConstraint("pain_score IS NULL OR pain_score BETWEEN 0 AND 10", name="pain_range"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 1 AND 10", name="difficulty_range"
        ),
        CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    source: Mapped[WorkoutSource] = mapped_column(
        enum_column(WorkoutSource, "workout_source"),
        default=WorkoutSource.LIVE,
        server_default=WorkoutSource.LIVE.value,
    )
    combo_id: Mapped[int | None] = mapped_column(ForeignKey("combos.id", ondelete="SET NULL"))
    week_plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("week_plan_items.id", ondelete="SET NULL")
    )
    pain_score: Mapped[int | None] = mapped_column(Integer)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # Business rule: a client retrying "finish" with the same key gets the same session back.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Set by migration 002 so that its downgrade can give the old simple-log rows back their ids.
    legacy_simple_log_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    # Raised by each connection that takes the live stream over; see telerehab.live.owners.
    stream_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    created_at: Mapped[datetime] = _created_at()

    user: Mapped[User] = relationship(lazy="raise")
    details: Mapped[list[SessionDetail]] = relationship(
        back_populates="session",
        order_by="SessionDetail.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class SessionDetail(Base):
    """One exercise set of a workout session, as the exercise engine measured it (or, for a
    self-reported exercise, as the patient entered it: reps only)."""

    __tablename__ = "session_details"
    __table_args__ = (
        # Business rule: sets of a session are in a fixed order.
        UniqueConstraint("session_id", "position"),
        # A set the stream's client named is stored once, however often it is resent.
        UniqueConstraint("session_id", "set_key"),
        CheckConstraint("reps_done >= 0", name="reps_done_nonnegative"),
        CheckConstraint("reps_target IS NULL OR reps_target > 0", name="reps_target_positive"),
        CheckConstraint("duration_seconds >= 0", name="duration_nonnegative"),
        CheckConstraint(
            "form_score IS NULL OR form_score BETWEEN 0 AND 100", name="form_score_range"
        ),
        CheckConstraint(
            "rom_min_deg IS NULL OR rom_max_deg IS NULL OR rom_min_deg <= rom_max_deg",
            name="rom_order",
        ),
        CheckConstraint(
            "confidence IS NULL OR confidence BETWEEN 0 AND 1", name="confidence_range"
        ),
        CheckConstraint(
            "uncertain_reps IS NULL OR uncertain_reps BETWEEN 0 AND reps_done",
            name="uncertain_reps_range",
        ),
        CheckConstraint(CAMERA_TYPE_IS_CODE, name="camera_type_is_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # As on a routine's item: the library exercise, and the engine's when the camera counted it.
    exercise_code: Mapped[str] = _exercise_code_column()
    exercise_type: Mapped[ExerciseType | None] = mapped_column(
        enum_column(ExerciseType, "exercise_type")
    )
    side: Mapped[Side | None] = mapped_column(enum_column(Side, "side"))
    set_number: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    reps_target: Mapped[int | None] = mapped_column(Integer)
    reps_done: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[float] = mapped_column(Float, default=0, server_default=text("0"))
    rom_min_deg: Mapped[float | None] = mapped_column(Float)
    rom_max_deg: Mapped[float | None] = mapped_column(Float)
    rom_mean_deg: Mapped[float | None] = mapped_column(Float)
    form_score: Mapped[float | None] = mapped_column(Float)
    # Per-rep metrics from the engine: [{"index", "rom_deg", "duration_s", "form_flags", ...}]
    rep_metrics: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    # Started with "Start anyway" before the camera check passed: its counts are less certain.
    setup_skipped: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # How far the engine trusts the count (0..1) and how many of the reps it flagged uncertain
    # (still counted). Null for sets stored before the engine rated them (migration 015).
    confidence: Mapped[float | None] = mapped_column(Float)
    uncertain_reps: Mapped[int | None] = mapped_column(Integer)
    # The key the live stream's client gave the set (``start_set``), and how many frames the
    # stored result was counted from: a resent set replaces the row only with more frames
    # (migration 020). Null for sets stored otherwise.
    set_key: Mapped[str | None] = mapped_column(String(64))
    frame_count: Mapped[int | None] = mapped_column(Integer)
    # The ranges were measured on MediaPipe's world (3-D) landmarks rather than on the picture,
    # whose perspective bends them by a few degrees (``exercise_logic/world.py``; migration 021).
    rom_from_world_landmarks: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    session: Mapped[WorkoutSession] = relationship(back_populates="details", lazy="raise")


class BrainExerciseSession(Base):
    """One play of a cognitive game, with its summary metrics."""

    __tablename__ = "brain_exercise_sessions"
    __table_args__ = (
        Index("idx_brain_exercise_session_user_id", "user_id"),
        Index("ix_brain_exercise_sessions_user_id_started_at_id", "user_id", "started_at", "id"),
        CheckConstraint("accuracy IS NULL OR accuracy BETWEEN 0 AND 1", name="accuracy_range"),
        CheckConstraint("score >= 0", name="score_nonnegative"),
        CheckConstraint("errors >= 0", name="errors_nonnegative"),
        CheckConstraint("level_reached >= 1", name="level_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    game: Mapped[BrainGame] = mapped_column(enum_column(BrainGame, "brain_game"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    accuracy: Mapped[float | None] = mapped_column(Float)
    median_reaction_ms: Mapped[float | None] = mapped_column(Float)
    level_reached: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    errors: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    created_at: Mapped[datetime] = _created_at()

    user: Mapped[User] = relationship(lazy="raise")
    logs: Mapped[list[BrainExerciseLog]] = relationship(
        back_populates="session", cascade="all, delete-orphan", lazy="raise"
    )


class BrainExerciseLog(Base):
    """One trial of a brain game (a card flip, a reaction, a Stroop word, a recalled sequence)."""

    __tablename__ = "brain_exercise_logs"
    __table_args__ = (
        Index("idx_brain_exercise_log_user_id", "user_id"),
        Index("ix_brain_exercise_logs_session_id", "session_id"),
        CheckConstraint("reaction_ms IS NULL OR reaction_ms >= 0", name="reaction_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("brain_exercise_sessions.id", ondelete="CASCADE")
    )
    game: Mapped[BrainGame] = mapped_column(enum_column(BrainGame, "brain_game"))
    trial: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    correct: Mapped[bool] = mapped_column(Boolean)
    reaction_ms: Mapped[float | None] = mapped_column(Float)
    level: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    created_at: Mapped[datetime] = _created_at()

    session: Mapped[BrainExerciseSession | None] = relationship(back_populates="logs", lazy="raise")


class PatientNote(Base):
    """A doctor's clinical note on a patient; patients never see these."""

    __tablename__ = "patient_notes"
    __table_args__ = (
        Index("idx_patient_note_patient_id", "patient_id"),
        Index("idx_patient_note_doctor_id", "doctor_id"),
        Index("ix_patient_notes_patient_id_created_at_id", "patient_id", "created_at", "id"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime | None] = mapped_column(onupdate=utc_now)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="raise")
    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="raise")


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("idx_notification_user_id", "user_id"),
        Index("ix_notifications_user_id_created_at_id", "user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "notification_kind"),
        default=NotificationKind.GENERAL,
        server_default=NotificationKind.GENERAL.value,
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    is_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = _created_at()


class Reminder(Base):
    """A reminder sent to a patient for one of their local days. The unique pair is what makes
    a reminder go out once: a worker inserts the row before sending, and a second worker's
    insert of the same pair fails, so it sends nothing."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("patient_id", "local_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_day: Mapped[date] = mapped_column(Date)
    emailed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = _created_at()


class MedicalRecord(Base):
    """A patient's medical record entry: diagnosis, affected side, precautions and goals."""

    __tablename__ = "medical_records"
    __table_args__ = (
        Index("ix_medical_records_patient_id", "patient_id"),
        Index("ix_medical_records_doctor_id", "doctor_id"),
        Index("ix_medical_records_patient_id_created_at_id", "patient_id", "created_at", "id"),
        CheckConstraint("length(diagnosis) > 0", name="diagnosis_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    doctor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    diagnosis: Mapped[str] = mapped_column(String(500))
    affected_side: Mapped[Side | None] = mapped_column(enum_column(Side, "side"))
    precautions: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime | None] = mapped_column(onupdate=utc_now)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id], lazy="raise")
    doctor: Mapped[User | None] = relationship(foreign_keys=[doctor_id], lazy="raise")


class RefreshToken(Base):
    """A refresh token, stored only as its SHA-256. Each use rotates it to a new token of the
    same family; presenting a used one again revokes the whole family (a stolen token)."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    # Business rule: a token value is issued once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = _created_at()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="raise")


class AuditEvent(Base):
    """One access to a patient's clinical data (or an account event). Append-only: the API has
    no route that changes or removes a row, and a trigger refuses it too (migrations 006, 009)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_actor_id", "actor_id"),
        Index("ix_audit_log_patient_id_created_at_id", "patient_id", "created_at", "id"),
        Index("ix_audit_log_created_at_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain ids, no foreign keys: the log records attempts on ids that do not exist, and it
    # must outlive anything it mentions.
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[int | None] = mapped_column(Integer)
    resource_type: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[AuditOutcome] = mapped_column(enum_column(AuditOutcome, "audit_outcome"))
    request_id: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created_at()


class QuestionnaireSchedule(Base):
    """A doctor's order that a patient answer an outcome questionnaire: once on ``start_date``,
    or every ``every_weeks`` weeks from it (until ``end_date`` if set). ``instrument`` is a code
    of ``telerehab.questionnaires.catalogue``; ``notified_on`` is the occurrence the patient was
    last told about, so the daily job never tells twice."""

    __tablename__ = "questionnaire_schedules"
    __table_args__ = (
        Index("ix_questionnaire_schedules_patient_id", "patient_id"),
        Index("ix_questionnaire_schedules_doctor_id", "doctor_id"),
        CheckConstraint("every_weeks IS NULL OR every_weeks BETWEEN 1 AND 52", name="every_weeks"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("length(instrument) > 0", name="instrument_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    instrument: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    every_weeks: Mapped[int | None] = mapped_column(Integer)
    end_date: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date | None] = mapped_column(Date)
    stopped_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = _created_at()

    doctor: Mapped[User] = relationship(foreign_keys=[doctor_id], lazy="raise")


class QuestionnaireResponse(Base):
    """A patient's answers to one occurrence (``due_on``) of a schedule, with the score the
    server computed and each item's value (``items``: code, text, value; for the PSFS the text
    is the patient's own activity)."""

    __tablename__ = "questionnaire_responses"
    __table_args__ = (
        UniqueConstraint("schedule_id", "due_on"),
        Index("ix_questionnaire_responses_patient_id", "patient_id"),
        Index(
            "ix_questionnaire_responses_patient_id_instrument_answered_at_id",
            "patient_id",
            "instrument",
            "answered_at",
            "id",
        ),
        CheckConstraint("score >= 0", name="score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_schedules.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    instrument: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime] = mapped_column(default=utc_now)
    score: Mapped[float] = mapped_column(Float)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class TimeEntry(Base):
    """Minutes a doctor spent on a patient's remote monitoring (reviewing data, calling,
    messaging): the interactive time of the monthly monitoring report. Each doctor keeps their
    own; every change is audited."""

    __tablename__ = "time_entries"
    __table_args__ = (
        # A doctor's log of one patient, newest first (the list), and the patient's foreign key.
        Index(
            "ix_time_entries_patient_id_doctor_id_started_at_id",
            "patient_id",
            "doctor_id",
            "started_at",
            "id",
        ),
        # A doctor's month across their patients (the monitoring report).
        Index("ix_time_entries_doctor_id_started_at", "doctor_id", "started_at"),
        CheckConstraint("minutes BETWEEN 1 AND 600", name="minutes_range"),
        CheckConstraint("length(activity) > 0", name="activity_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    doctor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime | None] = mapped_column(onupdate=utc_now)


class ProgressionProposal(Base):
    """The rule's proposal for one exercise (a routine's item, by routine and position) of a
    patient's plan after one finished ISO week, and the doctor's decision on it.

    The item's dose when the proposal was made, the rule's dose and the dose the doctor applied
    are kept side by side, so the decision can be audited after the routine changes. Accepting
    gives the patient's next week a copy of the routine with the new dose (``applied_combo_id``);
    the routine itself, which other patients may use, never changes.
    """

    __tablename__ = "progression_proposals"
    __table_args__ = (
        # Business rule: one proposal per patient, week and routine item (generation is idempotent).
        UniqueConstraint("patient_id", "week_start", "combo_id", "position"),
        Index("ix_progression_proposals_combo_id", "combo_id"),
        Index("ix_progression_proposals_applied_combo_id", "applied_combo_id"),
        Index("ix_progression_proposals_decided_by_id", "decided_by_id"),
        CheckConstraint("sets BETWEEN 1 AND 20", name="sets_range"),
        CheckConstraint("reps BETWEEN 1 AND 200", name="reps_range"),
        CheckConstraint("proposed_sets BETWEEN 1 AND 20", name="proposed_sets_range"),
        CheckConstraint("proposed_reps BETWEEN 1 AND 200", name="proposed_reps_range"),
        CheckConstraint(
            "applied_sets IS NULL OR applied_sets BETWEEN 1 AND 20", name="applied_sets_range"
        ),
        CheckConstraint(
            "applied_reps IS NULL OR applied_reps BETWEEN 1 AND 200", name="applied_reps_range"
        ),
        CheckConstraint("length(reason) > 0", name="reason_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    week_start: Mapped[date] = mapped_column(Date)
    # Routines used by a plan cannot be deleted, but once out of every plan they may be.
    combo_id: Mapped[int | None] = mapped_column(ForeignKey("combos.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    exercise_code: Mapped[str] = mapped_column(String(EXERCISE_CODE_LENGTH))  # the library's
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    kind: Mapped[ProposalKind] = mapped_column(enum_column(ProposalKind, "proposal_kind"))
    reason: Mapped[str] = mapped_column(String(300))
    # The week's facts the rule read (planned, done, pain, difficulty, range, confidence).
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    target_rom_deg: Mapped[float | None] = mapped_column(Float)
    proposed_sets: Mapped[int] = mapped_column(Integer)
    proposed_reps: Mapped[int] = mapped_column(Integer)
    proposed_target_rom_deg: Mapped[float | None] = mapped_column(Float)
    # A harder or easier exercise of the library (its code), for the variant kinds.
    proposed_variant: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, "proposal_status"),
        default=ProposalStatus.PROPOSED,
        server_default=ProposalStatus.PROPOSED.value,
    )
    applied_sets: Mapped[int | None] = mapped_column(Integer)
    applied_reps: Mapped[int | None] = mapped_column(Integer)
    applied_target_rom_deg: Mapped[float | None] = mapped_column(Float)
    applied_week_start: Mapped[date | None] = mapped_column(Date)
    applied_combo_id: Mapped[int | None] = mapped_column(
        ForeignKey("combos.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = _created_at()
