"""The start screens: what a doctor should look at today, and what a patient should do today."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from telerehab.enums import BrainGame, ScheduleStatus
from telerehab.schemas.base import ReadSchema
from telerehab.schemas.user import UserSummary
from telerehab.trends import ActivityKind


class AttentionReason(StrEnum):
    MISSED_SESSIONS = "missed_sessions"
    HIGH_PAIN = "high_pain"
    ADHERENCE_DROP = "adherence_drop"
    SCORE_WORSENED = "score_worsened"


class AppointmentBrief(ReadSchema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    status: ScheduleStatus


class DoctorAppointment(AppointmentBrief):
    patient: UserSummary


class PatientAppointment(AppointmentBrief):
    doctor: UserSummary


class PatientAttention(ReadSchema):
    patient: UserSummary
    reasons: list[AttentionReason] = Field(
        description=(
            "missed_sessions: a routine planned on each of the last two days and no workout on "
            "either (docs/api.md, missed days); high_pain: "
            "a pain rating of 7+ in the last 7 days; adherence_drop: this week so far is 25 "
            "points or more below last week; score_worsened: an outcome questionnaire's latest "
            "score is worse than the previous one by more than the instrument's MCID."
        )
    )
    max_pain_last_7_days: int | None
    adherence_this_week: float | None = Field(description="So far this week, 0-1.")
    adherence_last_week: float | None
    last_session_at: datetime | None
    time_zone: str = Field(description="The patient's IANA time zone, in which their days count.")


class ActivityItem(ReadSchema):
    """A workout or brain session; the fields of the other kind are null."""

    kind: ActivityKind
    id: int = Field(description="The workout session's or brain session's id, by kind.")
    patient: UserSummary
    started_at: datetime
    ended_at: datetime | None
    pain_score: int | None
    difficulty: int | None
    sets: int | None
    reps_done: int | None
    game: BrainGame | None
    score: int | None
    accuracy: float | None


class DoctorDashboard(ReadSchema):
    today: date = Field(
        description=(
            "The doctor's day (in their time zone) whose appointments are listed. Each patient's "
            "missed days and weeks are counted in that patient's own zone."
        )
    )
    appointments_today: list[DoctorAppointment] = Field(
        description="Chronological; at most 50 (see appointments_today_total)."
    )
    appointments_today_total: int
    needs_attention: list[PatientAttention] = Field(
        description="Most reasons first, then by name; at most 50 (see needs_attention_total)."
    )
    needs_attention_total: int


class TodayPlan(ReadSchema):
    week_plan_id: int | None = Field(description="This week's plan, if there is one.")
    planned: int = Field(description="Routines planned for today.")
    done: int = Field(
        description="Routines of today's plan with a workout started today (at most `planned`)."
    )
    sessions: int = Field(description="Workout sessions started today, planned or not.")


class WeekProgress(ReadSchema):
    """The patient's weekly streak and this week in one line (telerehab.domain.streaks)."""

    streak_weeks: int = Field(
        description="Consecutive weeks meeting the plan; weeks without a plan are skipped."
    )
    days_done: int = Field(description="Days of this week's plan with a workout started.")
    days_planned: int = Field(description="Days of this week with a routine planned.")
    range_change_deg: float | None = Field(
        description=(
            "Mean largest angle per set over the last 4 weeks minus the 4 weeks before; null "
            "without sets in both."
        )
    )
    summary: str = Field(description='E.g. "4 of 5 planned days this week, range up 8°".')


class PatientDashboard(ReadSchema):
    today: date = Field(description="Today in the patient's time zone.")
    time_zone: str = Field(description="The patient's IANA time zone.")
    week: WeekProgress
    plan: TodayPlan
    next_appointment: PatientAppointment | None
    unread_messages: int
    unread_notifications: int
