"""Reports a clinician hands over: a patient's progress report (PDF), and the doctor's monthly
monitoring report (JSON, CSV, PDF). Building them is ``telerehab.exports``' and
``telerehab.domain.monitoring``'s job."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from telerehab.access.audit import record_allowed_many
from telerehab.dependencies import AccessiblePatient, DbSession, Doctor
from telerehab.domain.monitoring import MONTH_PATTERN, monitoring_report, parse_month
from telerehab.exports.monitoring import monitoring_csv, monitoring_pdf
from telerehab.exports.progress_report import DEFAULT_REPORT_DAYS, load_report, report_pdf
from telerehab.schemas.monitoring import MonitoringReport
from telerehab.trends import PeriodQuery

router = APIRouter(tags=["reports"])

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
PDF_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The PDF.",
        "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
    }
}
DOCTORS_ONLY: dict[int | str, dict[str, Any]] = {403: {"description": "Only a doctor may do this."}}
MonthQuery = Annotated[
    str | None,
    Query(
        pattern=MONTH_PATTERN,
        description="The calendar month (UTC), YYYY-MM, 1900-2199; default this month.",
        examples=["2026-11"],
    ),
]


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/patients/{patient_id}/report.pdf",
    operation_id="reports-progress",
    summary="A patient's progress report (PDF)",
    description=(
        "For a referrer or an insurer: the patient, diagnosis and goals (newest medical record), "
        "weekly adherence, range of motion and pain as charts, questionnaire scores, the "
        "sessions and clinical notes of the period, the clinician and the date. `from`/`to` "
        f"are UTC days, both included; without `from` the {DEFAULT_REPORT_DAYS} days up to `to` "
        "(default today); at most two years."
    ),
    response_class=Response,
    responses={
        **PDF_FILE,
        **DOCTORS_ONLY,
        404: {"description": "Not a patient in your care."},
        422: {"description": "A date that is not YYYY-MM-DD, `from` after `to`, or over 2 years."},
    },
)
def progress_report(
    doctor: Doctor, patient: AccessiblePatient, db: DbSession, period: PeriodQuery
) -> Response:
    window = period.closed(default_days=DEFAULT_REPORT_DAYS)
    report = load_report(db, doctor, patient, window, datetime.now(UTC))
    name = f"patient-{patient.id}-report-{window.start.isoformat()}-{window.end.isoformat()}.pdf"
    return Response(report_pdf(report), media_type=PDF, headers=_attachment(name))


def _monitoring(
    request: Request, doctor: Doctor, db: DbSession, month: str | None
) -> MonitoringReport:
    today = datetime.now(UTC).date()
    first = parse_month(month) if month else today.replace(day=1)
    report = monitoring_report(db, doctor, first, today)
    # Each patient's measured days are clinical data: audited per patient.
    record_allowed_many(db, request, doctor, "patient", (p.patient_id for p in report.patients))
    return report


MONITORING = (
    "For the calling doctor and each patient in their care at any time in `month` (UTC): the "
    "days with measured exercise data in each 30-day period that starts in the month (periods "
    "run from the patient's first measured day; 16 days or more meets the remote-monitoring "
    "threshold), the days measured in the month, and the doctor's logged minutes. The "
    "definitions are in docs/api.md."
)
MONITORING_RESPONSES: dict[int | str, dict[str, Any]] = {
    **DOCTORS_ONLY,
    422: {"description": "`month` is not YYYY-MM (1900-2199)."},
}


@router.get(
    "/reports/monitoring",
    operation_id="reports-monitoring",
    summary="My monthly remote-monitoring report",
    description=MONITORING,
    responses=MONITORING_RESPONSES,
)
def monitoring(
    request: Request, doctor: Doctor, db: DbSession, month: MonthQuery = None
) -> MonitoringReport:
    return _monitoring(request, doctor, db, month)


@router.get(
    "/reports/monitoring.csv",
    operation_id="reports-monitoring-csv",
    summary="My monthly remote-monitoring report as CSV",
    description=MONITORING + " One row per patient and period (a patient without one: one row).",
    response_class=Response,
    responses={
        200: {
            "description": "The CSV file.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **MONITORING_RESPONSES,
    },
)
def monitoring_as_csv(
    request: Request, doctor: Doctor, db: DbSession, month: MonthQuery = None
) -> Response:
    report = _monitoring(request, doctor, db, month)
    return Response(
        monitoring_csv(report),
        media_type=CSV,
        headers=_attachment(f"monitoring-{report.month}.csv"),
    )


@router.get(
    "/reports/monitoring.pdf",
    operation_id="reports-monitoring-pdf",
    summary="My monthly remote-monitoring report as PDF",
    description=MONITORING,
    response_class=Response,
    responses={**PDF_FILE, **MONITORING_RESPONSES},
)
def monitoring_as_pdf(
    request: Request, doctor: Doctor, db: DbSession, month: MonthQuery = None
) -> Response:
    report = _monitoring(request, doctor, db, month)
    return Response(
        monitoring_pdf(report, datetime.now(UTC)),
        media_type=PDF,
        headers=_attachment(f"monitoring-{report.month}.pdf"),
    )
