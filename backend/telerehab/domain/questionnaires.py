"""Outcome questionnaires in the clinic: when one is due, telling the patient, and recording an
answer with its server-computed score.

**Due.** A schedule's occurrences are its ``start_date`` and, when it repeats, every
``every_weeks`` weeks after it, up to ``end_date`` if set: calendar days of the patient's own
time zone, as their "today" everywhere else. On a given day the *current* occurrence is the
latest one on or before that day; it is **due** while it has no answer and the schedule is not
stopped. So an unanswered occurrence stays due until the next one replaces it (it is then
missed, and only the newer one is asked for); a one-off stays due until answered.

**Notifications.** A patient is told once per occurrence: when the doctor schedules one that is
already due (its start is today or earlier), and by the daily job ``telerehab notify-proms``,
which tells of every due occurrence not told of yet (``notified_on`` remembers the last one).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import local_day, local_today
from telerehab.domain.notifications import notify
from telerehab.enums import NotificationKind
from telerehab.errors import Conflict, NotFound
from telerehab.models import QuestionnaireResponse, QuestionnaireSchedule, User
from telerehab.questionnaires.catalogue import INSTRUMENTS
from telerehab.questionnaires.scoring import score
from telerehab.schemas.questionnaire import (
    QuestionnaireAnswer,
    QuestionnaireScheduleCreate,
    QuestionnaireScheduleRead,
)

PATIENT_LINK = "/questionnaires"


def current_occurrence(schedule: QuestionnaireSchedule, day: date) -> date | None:
    """The latest occurrence on or before ``day``; None before the first."""
    if day < schedule.start_date:
        return None
    last = day if schedule.end_date is None else min(day, schedule.end_date)
    if schedule.every_weeks is None:
        return schedule.start_date
    period = 7 * schedule.every_weeks
    return schedule.start_date + timedelta(
        days=(last - schedule.start_date).days // period * period
    )


def due_on(schedule: QuestionnaireSchedule, answered: set[date], day: date) -> date | None:
    """The occurrence due on ``day`` (see the module's rule), or None."""
    if schedule.stopped_at is not None:
        return None
    occurrence = current_occurrence(schedule, day)
    return occurrence if occurrence is not None and occurrence not in answered else None


def answered_days(db: Session, schedule_ids: Iterable[int]) -> dict[int, set[date]]:
    """The occurrences answered, per schedule: one statement for a page of schedules."""
    ids = list(schedule_ids)
    answered: dict[int, set[date]] = defaultdict(set)
    if ids:
        rows = db.execute(
            select(QuestionnaireResponse.schedule_id, QuestionnaireResponse.due_on).where(
                QuestionnaireResponse.schedule_id.in_(ids)
            )
        )
        for schedule_id, day in rows:
            answered[schedule_id].add(day)
    return answered


def schedules_read(
    db: Session, schedules: Sequence[QuestionnaireSchedule], today: date
) -> list[QuestionnaireScheduleRead]:
    answered = answered_days(db, (s.id for s in schedules))
    return [
        QuestionnaireScheduleRead.model_validate(schedule).model_copy(
            update={"due_on": due_on(schedule, answered[schedule.id], today)}
        )
        for schedule in schedules
    ]


def _tell(db: Session, schedule: QuestionnaireSchedule, occurrence: date) -> None:
    name = INSTRUMENTS[schedule.instrument].name
    notify(
        db,
        schedule.patient_id,
        NotificationKind.GENERAL,
        f"A questionnaire is waiting for you: {name}",
        body="Your doctor asks how you are doing. It takes a few minutes.",
        link=PATIENT_LINK,
    )
    schedule.notified_on = occurrence


def notify_due(
    db: Session,
    today: date | None = None,
    *,
    patient_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Tell each patient of every due occurrence not told of yet (of one patient's schedules
    with ``patient_id``); return how many notifications were added. The day is each patient's
    own today at ``now`` (default: this instant), or ``today`` for everyone when given."""
    moment = now or datetime.now(UTC)
    # No zone's day is more than a day ahead of UTC's: nothing later can have started.
    latest = today or (moment + timedelta(days=1)).date()
    statement = (
        select(QuestionnaireSchedule, User.time_zone)
        .join(User, User.id == QuestionnaireSchedule.patient_id)
        .where(
            QuestionnaireSchedule.stopped_at.is_(None),
            QuestionnaireSchedule.start_date <= latest,
        )
    )
    if patient_id is not None:
        statement = statement.where(QuestionnaireSchedule.patient_id == patient_id)
    rows = db.execute(statement).tuples().all()
    answered = answered_days(db, (schedule.id for schedule, _ in rows))
    told = 0
    for schedule, zone_name in rows:
        day = today or local_today(zone_name, moment)
        occurrence = due_on(schedule, answered[schedule.id], day)
        if occurrence is not None and (
            schedule.notified_on is None or schedule.notified_on < occurrence
        ):
            _tell(db, schedule, occurrence)
            told += 1
    db.flush()
    return told


def schedule_questionnaire(
    db: Session, doctor: User, patient: User, body: QuestionnaireScheduleCreate, today: date
) -> QuestionnaireScheduleRead:
    schedule = QuestionnaireSchedule(
        patient_id=patient.id,
        doctor=doctor,
        instrument=body.instrument,
        start_date=body.start_date,
        every_weeks=body.every_weeks,
        end_date=body.end_date,
    )
    db.add(schedule)
    db.flush()
    occurrence = due_on(schedule, set(), today)
    if occurrence is not None:
        _tell(db, schedule, occurrence)
        db.flush()
    return schedules_read(db, [schedule], today)[0]


def record_answer(
    db: Session, patient: User, body: QuestionnaireAnswer, now: datetime
) -> QuestionnaireResponse:
    """Score and store the patient's answer to the occurrence of ``body.schedule_id`` due now.

    Someone else's schedule is not found (404); one not due is a conflict (409); a missing or
    out-of-range item is invalid input (422) and nothing is stored.
    """
    schedule = db.scalars(
        select(QuestionnaireSchedule).where(
            QuestionnaireSchedule.id == body.schedule_id,
            QuestionnaireSchedule.patient_id == patient.id,
        )
    ).one_or_none()
    if schedule is None:
        raise NotFound("No questionnaire with this id is scheduled for you.")
    answered = answered_days(db, [schedule.id])[schedule.id]
    occurrence = due_on(schedule, answered, local_day(now, patient.time_zone))
    if occurrence is None:
        raise Conflict(
            "This questionnaire is not due now: it was answered, stopped or starts later."
        )
    scored = score(
        INSTRUMENTS[schedule.instrument],
        dict(body.answers),
        [(activity.name, activity.value) for activity in body.activities],
    )
    response = QuestionnaireResponse(
        schedule_id=schedule.id,
        patient_id=patient.id,
        instrument=schedule.instrument,
        due_on=occurrence,
        answered_at=now,
        score=scored.score,
        items=[{"code": v.code, "text": v.text, "value": v.value} for v in scored.items],
    )
    db.add(response)
    db.flush()  # two answers to one occurrence at once: the unique key makes the second a 409
    return response
