"""A patient's record taken out of the app: a FHIR R4 Bundle, a CSV of sessions and sets, and
the week's home programme as a PDF.
For the patient themselves (data portability) or a doctor caring for them; anyone else gets
404, audited like any clinical read. Building them is ``telerehab.exports``'s job."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from telerehab.dependencies import AccessiblePatient, Clinician, DbSession
from telerehab.domain.calendar import local_today, week_start
from telerehab.exports import load_history, load_sessions
from telerehab.exports.fhir import history_bundle
from telerehab.exports.home_programme import current_plan, home_programme_pdf
from telerehab.exports.sessions_csv import sessions_csv

router = APIRouter(prefix="/patients", tags=["exports"])

FHIR_JSON = "application/fhir+json"
CSV = "text/csv; charset=utf-8"
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Admins see no clinical content."},
    404: {"description": "Not a patient in your care."},
}


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/{patient_id}/fhir",
    operation_id="exports-fhir",
    summary="A patient's record as a FHIR R4 Bundle",
    description=(
        "A FHIR R4 Bundle (type collection; valid for the R4B models of `fhir.resources`): the "
        "Patient, their Practitioners, a CarePlan per week plan, Appointments, and Observations "
        "for each set's repetitions and range of motion and each pain rating, and a "
        "QuestionnaireResponse per answered outcome questionnaire. Ids are stable "
        "across exports. The mapping and its codes are in docs/api.md."
    ),
    response_class=Response,
    responses={
        200: {"description": "The Bundle.", "content": {FHIR_JSON: {"schema": {"type": "object"}}}},
        **NOT_YOURS,
    },
)
def export_fhir(
    request: Request, user: Clinician, patient: AccessiblePatient, db: DbSession
) -> Response:
    history = load_history(db, user, patient)
    bundle = history_bundle(
        history,
        base_url=str(request.url_for("export_fhir", patient_id=patient.id)),
        now=datetime.now(UTC),
    )
    return Response(
        bundle.model_dump_json(),
        media_type=FHIR_JSON,
        headers=_attachment(f"patient-{patient.id}-fhir.json"),
    )


@router.get(
    "/{patient_id}/sessions.csv",
    operation_id="exports-sessions-csv",
    summary="A patient's workout sessions and sets as CSV",
    description=(
        "One row per set, oldest first, with its session's columns; a session without sets has "
        "one row. UTF-8, comma-separated, a header row. The columns are listed in docs/api.md."
    ),
    response_class=Response,
    responses={
        200: {
            "description": "The CSV file.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **NOT_YOURS,
    },
)
def export_sessions_csv(user: Clinician, patient: AccessiblePatient, db: DbSession) -> Response:
    return Response(
        sessions_csv(load_sessions(db, user, patient)),
        media_type=CSV,
        headers=_attachment(f"patient-{patient.id}-sessions.csv"),
    )


@router.get(
    "/{patient_id}/home-programme.pdf",
    operation_id="exports-home-programme",
    summary="This week's plan as a printable home programme (PDF)",
    description=(
        "The patient's plan of the current ISO week (UTC): each day's routines, and for each "
        "exercise how to do it, the side, sets, reps, rest and target angle. A week without a "
        "plan gives a one-page PDF that says so."
    ),
    response_class=Response,
    responses={
        200: {
            "description": "The PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        **NOT_YOURS,
    },
)
def export_home_programme(user: Clinician, patient: AccessiblePatient, db: DbSession) -> Response:
    monday = week_start(local_today(patient.time_zone))
    plan = current_plan(db, user, patient, monday)
    return Response(
        home_programme_pdf(patient, monday, plan),
        media_type="application/pdf",
        headers=_attachment(f"patient-{patient.id}-home-programme-{monday.isoformat()}.pdf"),
    )
