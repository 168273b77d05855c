"""The monthly monitoring report as CSV (one row per patient and 30-day period) and as PDF: the
same rows as the JSON answer, built from one ``MonitoringReport``."""

from collections.abc import Iterator
from datetime import datetime

from telerehab.exports.pdf import PdfDocument
from telerehab.exports.sessions_csv import csv_text, text_cell
from telerehab.schemas.monitoring import MonitoringPatient, MonitoringPeriod, MonitoringReport

HEADER = (
    "month",
    "patient_id",
    "full_name",
    "first_measured_day",
    "period_start",
    "period_end",
    "days_measured",
    "meets_threshold",
    "period_complete",
    "days_measured_in_month",
    "minutes",
)


def _rows(
    report: MonitoringReport,
) -> Iterator[tuple[MonitoringPatient, MonitoringPeriod | None]]:
    """Each patient with each of their periods; a patient without one, once with None."""
    for patient in report.patients:
        if not patient.periods:
            yield patient, None
        for period in patient.periods:
            yield patient, period


def monitoring_csv(report: MonitoringReport) -> str:
    def cells(patient: MonitoringPatient, period: MonitoringPeriod | None) -> tuple[object, ...]:
        first = patient.first_measured_day
        return (
            report.month,
            patient.patient_id,
            text_cell(patient.full_name),
            first.isoformat() if first else "",
            *(
                (
                    period.start.isoformat(),
                    period.end.isoformat(),
                    period.days_measured,
                    "yes" if period.meets_threshold else "no",
                    "yes" if period.complete else "no",
                )
                if period
                else ("", "", "", "", "")
            ),
            patient.days_measured_in_month,
            patient.minutes,
        )

    return csv_text(HEADER, (cells(patient, period) for patient, period in _rows(report)))


def monitoring_pdf(report: MonitoringReport, created_at: datetime) -> bytes:
    doc = PdfDocument(f"Remote monitoring report {report.month}")
    doc.text(f"Remote monitoring report, {report.month}", 18, bold=True, gap=2)
    doc.text(f"{report.doctor_name}, prepared on {created_at:%d %B %Y}", 11)
    doc.text(
        f"Days with measured exercise data in each {report.period_days}-day period (counted from "
        f"the patient's first measured day; periods starting this month). A period with "
        f"{report.threshold_days} or more days meets the remote-monitoring threshold. Minutes: "
        "interactive time logged this month.",
        9,
        muted=True,
        gap=3,
    )
    rows = [
        (
            patient.full_name,
            f"{period.start:%d %b} to {period.end:%d %b %Y}" if period else "no period",
            str(period.days_measured) if period else "",
            ("meets" if period.meets_threshold else "below")
            + ("" if period.complete else " (running)")
            if period
            else "",
            str(patient.days_measured_in_month),
            str(patient.minutes),
        )
        for patient, period in _rows(report)
    ]
    if rows:
        doc.table(
            ("Patient", "30-day period", "Days", "Threshold", "Days in month", "Minutes"),
            rows,
            (34, 34, 10, 22, 14, 12),
        )
    else:
        doc.text("No patient was in your care this month.", muted=True)
    total = sum(patient.minutes for patient in report.patients)
    meeting = sum(1 for patient, period in _rows(report) if period and period.meets_threshold)
    doc.text(f"Periods meeting the threshold: {meeting}. Minutes logged in total: {total}.", 11)
    return doc.output()
