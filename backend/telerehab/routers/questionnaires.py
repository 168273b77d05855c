"""Outcome questionnaires (PROMs): the catalogue, a doctor's schedule for a patient, the
patient's answers (scored on the server), the score history and its CSV. The rules (when one is
due, who is told) live in ``telerehab.domain.questionnaires``."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import Select

from telerehab.access.scopes import visible_questionnaire_responses, visible_questionnaire_schedules
from telerehab.dependencies import AccessiblePatient, Clinician, DbSession, Doctor
from telerehab.dependencies import Patient as PatientRole
from telerehab.domain import questionnaires
from telerehab.domain.calendar import local_today
from telerehab.exports.questionnaires_csv import scores_csv
from telerehab.models import QuestionnaireResponse, QuestionnaireSchedule, User
from telerehab.questionnaires.catalogue import INSTRUMENTS
from telerehab.schemas.base import Page
from telerehab.schemas.questionnaire import (
    InstrumentCode,
    InstrumentRead,
    QuestionnaireAnswer,
    QuestionnaireResponseRead,
    QuestionnaireScheduleCreate,
    QuestionnaireScheduleRead,
)
from telerehab.trends import PATIENT_NOT_YOURS
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["questionnaires"])

Responses = dict[int | str, dict[str, Any]]
DOCTORS_ONLY: Responses = {403: {"description": "Only doctors order questionnaires."}}
PATIENT_ONLY: Responses = {403: {"description": "Only the patient answers their questionnaire."}}
InstrumentFilter = Annotated[InstrumentCode | None, Query(description="Only this instrument.")]


@router.get(
    "/questionnaires/instruments",
    operation_id="questionnaires-instruments",
    summary="The catalogue of outcome questionnaires",
    description=(
        "Every instrument a doctor may schedule: items, answer scales, scoring, MCID and "
        "licence. A fixed catalogue of a few entries: one page, `next_cursor` always null."
    ),
)
def list_instruments() -> Page[InstrumentRead]:
    items = [InstrumentRead.model_validate(i) for i in INSTRUMENTS.values()]
    return Page(items=items, next_cursor=None)


@router.post(
    "/patients/{patient_id}/questionnaires",
    status_code=status.HTTP_201_CREATED,
    operation_id="questionnaires-schedule",
    summary="Schedule a questionnaire for a patient",
    description=(
        "Once on `start_date`, or every `every_weeks` weeks from it (until `end_date`). When "
        "the first occurrence is today or earlier the patient is notified at once; later ones "
        "by the daily job `telerehab notify-proms`."
    ),
    responses={**DOCTORS_ONLY, **PATIENT_NOT_YOURS},
)
def schedule_questionnaire(
    doctor: Doctor, patient: AccessiblePatient, body: QuestionnaireScheduleCreate, db: DbSession
) -> QuestionnaireScheduleRead:
    return questionnaires.schedule_questionnaire(
        db, doctor, patient, body, local_today(patient.time_zone)
    )


@router.get(
    "/patients/{patient_id}/questionnaires",
    operation_id="questionnaires-list",
    summary="A patient's scheduled questionnaires",
    description="Newest first, each with the occurrence now due (`due_on`), if any.",
    responses=PATIENT_NOT_YOURS,
)
def list_schedules(
    user: Clinician, patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[QuestionnaireScheduleRead]:
    statement = visible_questionnaire_schedules(user).where(
        QuestionnaireSchedule.patient_id == patient.id
    )
    keys = [QuestionnaireSchedule.created_at, QuestionnaireSchedule.id]
    rows, next_cursor = paginate(db, statement, keys, page)
    return Page(
        items=questionnaires.schedules_read(db, rows, local_today(patient.time_zone)),
        next_cursor=next_cursor,
    )


@router.post(
    "/patients/{patient_id}/questionnaire-responses",
    status_code=status.HTTP_201_CREATED,
    operation_id="questionnaires-answer",
    summary="Answer a due questionnaire",
    description=(
        "The patient answers the occurrence of `schedule_id` now due: `answers` maps each item "
        "code to a rating, or (PSFS) `activities` names 3-5 activities with their ratings. The "
        "score is computed here. A missing or out-of-range item is a 422 and nothing is stored; "
        "a questionnaire not due (answered, stopped, not started) is a 409."
    ),
    responses={
        **PATIENT_ONLY,
        404: {"description": "Not you, or no such questionnaire scheduled for you."},
        409: {"description": "Not due now."},
        422: {"description": "An item is missing or out of its scale."},
    },
)
def answer_questionnaire(
    me: PatientRole, patient: AccessiblePatient, body: QuestionnaireAnswer, db: DbSession
) -> QuestionnaireResponseRead:
    response = questionnaires.record_answer(db, patient, body, datetime.now(UTC))
    return QuestionnaireResponseRead.model_validate(response)


def _responses(
    user: User, patient_id: int, instrument: str | None
) -> Select[QuestionnaireResponse]:
    statement = visible_questionnaire_responses(user).where(
        QuestionnaireResponse.patient_id == patient_id
    )
    if instrument is not None:
        statement = statement.where(QuestionnaireResponse.instrument == instrument)
    return statement


@router.get(
    "/patients/{patient_id}/questionnaire-responses",
    operation_id="questionnaires-history",
    summary="A patient's questionnaire scores",
    description="Newest first, with each item's value; `instrument` keeps one instrument's.",
    responses=PATIENT_NOT_YOURS,
)
def list_responses(
    user: Clinician,
    patient: AccessiblePatient,
    db: DbSession,
    page: PageQuery,
    instrument: InstrumentFilter = None,
) -> Page[QuestionnaireResponseRead]:
    keys = [QuestionnaireResponse.answered_at, QuestionnaireResponse.id]
    statement = _responses(user, patient.id, instrument)
    return paginate(db, statement, keys, page, QuestionnaireResponseRead.model_validate)


@router.get(
    "/patients/{patient_id}/questionnaire-scores.csv",
    operation_id="questionnaires-scores-csv",
    summary="A patient's questionnaire scores as CSV",
    description=(
        "Oldest first: score, change from the previous answer, whether it passes the MCID "
        "(`better`/`worse`); with `instrument`, that one's scores and each item's value. The "
        "columns are listed in docs/api.md."
    ),
    response_class=Response,
    responses={
        200: {
            "description": "The CSV file.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **PATIENT_NOT_YOURS,
    },
)
def export_scores_csv(
    user: Clinician,
    patient: AccessiblePatient,
    db: DbSession,
    instrument: InstrumentFilter = None,
) -> Response:
    statement = _responses(user, patient.id, instrument).order_by(
        QuestionnaireResponse.answered_at, QuestionnaireResponse.id
    )
    name = f"patient-{patient.id}-{instrument or 'questionnaire'}-scores.csv"
    only = INSTRUMENTS[instrument] if instrument else None
    return Response(
        scores_csv(only, list(db.scalars(statement))),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
