"""The clinic's fixed vocabularies.

Values are lowercase strings, stored as strings in the database with a CHECK constraint
(see ``models.py``), so a row can never hold a value the code does not know.
"""

from enum import StrEnum


class UserRole(StrEnum):
    DOCTOR = "doctor"
    PATIENT = "patient"
    ADMIN = "admin"


class ExerciseType(StrEnum):
    BICEP_CURL = "bicep-curl"
    SHOULDER_FLEXION = "shoulder-flexion"
    SQUAT = "squat"
    KNEE_RAISE = "knee-raise"
    SHOULDER_ABDUCTION = "shoulder-abduction"


class BodyRegion(StrEnum):
    """Where in the body an exercise of the library works."""

    SHOULDER = "shoulder"
    ELBOW = "elbow"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    SPINE = "spine"


class ExerciseGoal(StrEnum):
    STRENGTH = "strength"
    RANGE_OF_MOTION = "range_of_motion"
    BALANCE = "balance"


class Recording(StrEnum):
    """How an exercise of the library is recorded: counted by the camera engine, or entered by
    the patient (sets and reps done)."""

    CAMERA = "camera"
    SELF_REPORT = "self_report"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class ConfidenceBand(StrEnum):
    """How far the exercise engine's count can be trusted: ``uncertain`` is still counted, and
    flagged."""

    HIGH = "high"
    UNCERTAIN = "uncertain"


class ScheduleStatus(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    MISSED = "missed"  # the patient did not come (a no-show)


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class BrainGame(StrEnum):
    MEMORY_MATCH = "memory-match"
    REACTION_TIME = "reaction-time"
    STROOP = "stroop"
    SEQUENCE_RECALL = "sequence-recall"


class WorkoutSource(StrEnum):
    """Where a workout session came from; ``live``: recorded by the app from pose frames,
    streamed or sent a set at a time; ``legacy_simple_log``: moved there by migration 002;
    ``self_report``: a library exercise the camera does not count, entered by the patient."""

    LIVE = "live"
    LEGACY_SIMPLE_LOG = "legacy_simple_log"
    SELF_REPORT = "self_report"  # sets and reps entered by the patient (migration 017)


class NotificationKind(StrEnum):
    MESSAGE = "message"
    APPOINTMENT_BOOKED = "appointment_booked"
    APPOINTMENT_MOVED = "appointment_moved"
    APPOINTMENT_CANCELLED = "appointment_cancelled"
    WEEK_PLAN = "week_plan"
    MISSED_SESSION = "missed_session"
    REMINDER = "reminder"
    GENERAL = "general"


class AuditOutcome(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


class ProposalKind(StrEnum):
    """What a weekly progression proposal suggests for one exercise of a patient's routine
    (``telerehab.progression.rules``). The two variant kinds swap the exercise for a harder or an
    easier one of the exercise library; no library is wired in yet, so the rule never makes them."""

    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    HARDER_VARIANT = "harder_variant"
    EASIER_VARIANT = "easier_variant"


class ProposalStatus(StrEnum):
    """Where a proposal stands: nothing changes until a doctor accepts (or edits) it."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    EDITED = "edited"  # accepted with the doctor's own values
    DISMISSED = "dismissed"
