"""A patient's progress over a period, as a PDF a clinician sends to a referrer or an insurer:
the patient, diagnosis and goals from the medical record, adherence, range of motion and pain as
charts, questionnaire scores, the sessions and clinical notes of the period, the clinician and
the date.

``load_report`` gathers it in a fixed number of statements (each read starts from the caller's
readable statement; the trends are the same SQL as the progress screens); ``report_pdf`` draws
it. Periods are UTC days, both ends included.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from telerehab.access.scopes import visible_notes, visible_questionnaire_responses, visible_records
from telerehab.domain.calendar import week_start
from telerehab.domain.progress import adherence
from telerehab.exports import load_sessions
from telerehab.exports.pdf import PdfDocument, Series
from telerehab.library import exercise_name
from telerehab.models import (
    MedicalRecord,
    PatientNote,
    QuestionnaireResponse,
    User,
    WorkoutSession,
)
from telerehab.questionnaires.catalogue import INSTRUMENTS, Direction
from telerehab.trends import (
    ClosedPeriod,
    TrendBucket,
    adherence_series,
    pain_trend,
    range_of_motion_trend,
)

# A report without ``from`` covers the 30 days up to ``to``.
DEFAULT_REPORT_DAYS = 30
# Up to this many days the charts have a point a day; beyond it, a point a week.
DAILY_UP_TO_DAYS = 62


@dataclass(frozen=True)
class AdherenceWeek:
    monday: date
    planned: int
    done: int


@dataclass(frozen=True)
class ProgressReport:
    patient: User
    clinician: User
    period: ClosedPeriod
    created_at: datetime
    record: MedicalRecord | None  # the newest entry of the medical record
    bucket: TrendBucket
    adherence: list[AdherenceWeek]
    range_of_motion: list[Row[Any]]  # bucket_start, exercise_type, side, mean/max ROM, reps, sets
    pain: list[Row[Any]]  # bucket_start, mean_pain, max_pain, sessions
    sessions: list[WorkoutSession]  # with their sets, oldest first
    notes: list[PatientNote]  # with their author, oldest first
    questionnaires: list[QuestionnaireResponse]  # answered in the period, oldest first


def load_report(
    db: Session, clinician: User, patient: User, period: ClosedPeriod, now: datetime
) -> ProgressReport:
    days = (period.end - period.start).days + 1
    bucket = TrendBucket.DAY if days <= DAILY_UP_TO_DAYS else TrendBucket.WEEK
    weeks = (week_start(period.end) - week_start(period.start)).days // 7 + 1
    record = db.scalars(
        visible_records(clinician)
        .where(MedicalRecord.patient_id == patient.id)
        .order_by(MedicalRecord.created_at.desc(), MedicalRecord.id.desc())
        .limit(1)
    ).one_or_none()
    notes = db.scalars(
        visible_notes(clinician)
        .where(PatientNote.patient_id == patient.id, *period.where(PatientNote.created_at))
        .order_by(PatientNote.created_at, PatientNote.id)
    ).all()
    responses = db.scalars(
        visible_questionnaire_responses(clinician)
        .where(
            QuestionnaireResponse.patient_id == patient.id,
            *period.where(QuestionnaireResponse.answered_at),
        )
        .order_by(QuestionnaireResponse.answered_at, QuestionnaireResponse.id)
    ).all()
    weekly = db.execute(*adherence_series(patient.id, weeks, today=period.end)).all()
    return ProgressReport(
        patient=patient,
        clinician=clinician,
        period=period,
        created_at=now,
        record=record,
        bucket=bucket,
        adherence=[AdherenceWeek(row.week_start, row.planned, row.done) for row in weekly],
        range_of_motion=list(
            db.execute(*range_of_motion_trend(patient.id, period, bucket, None, None)).all()
        ),
        pain=list(db.execute(*pain_trend(patient.id, period, bucket)).all()),
        sessions=load_sessions(db, clinician, patient, period),
        notes=list(notes),
        questionnaires=list(responses),
    )


# --- Drawing ----------------------------------------------------------------------------------


def report_pdf(report: ProgressReport) -> bytes:
    doc = PdfDocument(f"Progress report: {report.patient.full_name}")
    _header(doc, report)
    _medical_record(doc, report.record)
    _adherence(doc, report)
    _range_of_motion(doc, report)
    _pain(doc, report)
    questionnaire_scores_section(doc, report)
    _sessions(doc, report.sessions)
    _notes(doc, report.notes)
    _signature(doc, report)
    return doc.output()


def questionnaire_scores_section(doc: PdfDocument, report: ProgressReport) -> None:
    """Each outcome questionnaire answered in the period: its scores, and each score's change
    since the first of the period, called clinically important beyond the instrument's MCID."""
    doc.heading("Outcome questionnaires")
    if not report.questionnaires:
        doc.text("No questionnaire was answered in this period.", muted=True)
        return
    first: dict[str, float] = {}
    rows = []
    for response in report.questionnaires:
        instrument = INSTRUMENTS.get(response.instrument)
        if instrument is None:  # an instrument since retired from the catalogue
            continue
        change = response.score - first.setdefault(response.instrument, response.score)
        rows.append(
            (
                instrument.name,
                f"{response.answered_at:%d %b %Y}",
                f"{response.score:g} {instrument.unit}",
                f"{change:+g}" if change else "",
                _importance(change, instrument.mcid, instrument.direction),
            )
        )
    doc.table(
        ("Questionnaire", "Answered", "Score", "Change", "Beyond the MCID"),
        rows,
        (36, 16, 16, 10, 22),
    )
    mcids = sorted({(INSTRUMENTS[code].name, INSTRUMENTS[code].mcid) for code in first})
    doc.text(
        "Change: since the first answer of the period. MCID (minimal clinically important "
        "difference): " + "; ".join(f"{name} {mcid:g}" for name, mcid in mcids) + ".",
        9,
        muted=True,
    )


def _importance(change: float, mcid: float, direction: Direction) -> str:
    if abs(change) <= mcid:
        return ""
    better = (change < 0) == (direction == Direction.HIGHER_IS_WORSE)
    return "better" if better else "worse"


def _day(day: date) -> str:
    return f"{day:%d %b %Y}"


def _header(doc: PdfDocument, report: ProgressReport) -> None:
    patient = report.patient
    doc.text("Progress report", 18, bold=True, gap=2)
    doc.text(patient.full_name, 14, bold=True, gap=1)
    born = f"born {_day(patient.date_of_birth)}, " if patient.date_of_birth else ""
    doc.text(f"{born}patient number {patient.id}", 10, muted=True)
    doc.text(f"Period: {_day(report.period.start)} to {_day(report.period.end)}", 11)
    doc.text(f"Prepared by {report.clinician.full_name} on {report.created_at:%d %B %Y}", 11, gap=3)


def _medical_record(doc: PdfDocument, record: MedicalRecord | None) -> None:
    doc.heading("Diagnosis and goals")
    if record is None:
        doc.text("No medical record has been entered.", muted=True)
        return
    side = f" ({record.affected_side.value} side)" if record.affected_side else ""
    doc.text(f"Diagnosis: {record.diagnosis}{side}")
    doc.text(f"Goals: {record.goals or 'none recorded'}")
    if record.precautions:
        doc.text(f"Precautions: {record.precautions}")


def _adherence(doc: PdfDocument, report: ProgressReport) -> None:
    doc.heading("Adherence")
    planned = sum(week.planned for week in report.adherence)
    done = sum(week.done for week in report.adherence)
    weekly = [adherence(week.planned, week.done) for week in report.adherence]
    shares = [share for share in weekly if share is not None]
    summary = f"{done} sessions done, {planned} planned in the weeks of the period"
    if shares:
        summary += (
            f"; mean weekly adherence {sum(shares) / len(shares):.0%} over the "
            f"{len(shares)} weeks with a plan (a week counts at most 100%)."
        )
    else:
        summary += "; no week of the period had a plan."
    doc.text(summary)
    doc.bar_chart(
        "Weekly adherence (sessions done / planned)",
        [f"{week.monday:%d %b}" for week in report.adherence],
        [None if value is None else round(value * 100) for value in weekly],
        unit="%",
        ceiling=100,
    )


def _buckets(report: ProgressReport) -> list[date]:
    step = 1 if report.bucket == TrendBucket.DAY else 7
    first = report.period.start if step == 1 else week_start(report.period.start)
    count = (report.period.end - first).days // step + 1
    return [first + timedelta(days=step * index) for index in range(count)]


def _bucket_of(value: date | str) -> date:
    """A trend row's bucket (SQLite answers text, PostgreSQL a date)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _range_of_motion(doc: PdfDocument, report: ProgressReport) -> None:
    doc.heading("Range of motion")
    if not report.range_of_motion:
        doc.text("No range of motion was measured in this period.", muted=True)
        return
    buckets = _buckets(report)
    index = {day: position for position, day in enumerate(buckets)}
    lines: dict[str, list[float | None]] = defaultdict(lambda: [None] * len(buckets))
    for row in report.range_of_motion:
        if row.mean_rom_deg is None:
            continue
        name = exercise_name(row.exercise_type) + (f", {row.side.value}" if row.side else "")
        lines[name][index[_bucket_of(row.bucket_start)]] = round(float(row.mean_rom_deg), 1)
    per = "day" if report.bucket == TrendBucket.DAY else "week"
    doc.line_chart(
        f"Mean range of motion per {per}",
        [f"{day:%d %b}" for day in buckets],
        [Series(name, values) for name, values in sorted(lines.items())],
        unit="degrees",
        ceiling=180,
    )


def _pain(doc: PdfDocument, report: ProgressReport) -> None:
    doc.heading("Pain")
    if not report.pain:
        doc.text("No session was rated for pain in this period.", muted=True)
        return
    buckets = _buckets(report)
    index = {day: position for position, day in enumerate(buckets)}
    mean: list[float | None] = [None] * len(buckets)
    worst: list[float | None] = [None] * len(buckets)
    for row in report.pain:
        position = index[_bucket_of(row.bucket_start)]
        mean[position] = round(float(row.mean_pain), 1)
        worst[position] = float(row.max_pain)
    per = "day" if report.bucket == TrendBucket.DAY else "week"
    doc.line_chart(
        f"Pain after sessions per {per} (0 none, 10 worst)",
        [f"{day:%d %b}" for day in buckets],
        [Series("mean pain", mean), Series("worst pain", worst)],
        unit="pain 0-10",
        ceiling=10,
    )


def _sessions(doc: PdfDocument, sessions: list[WorkoutSession]) -> None:
    doc.heading("Sessions")
    if not sessions:
        doc.text("No exercise session in this period.", muted=True)
        return
    rows = []
    for session in sessions:
        exercises = sorted({exercise_name(detail.exercise_code) for detail in session.details})
        best = [d.rom_max_deg for d in session.details if d.rom_max_deg is not None]
        rows.append(
            (
                f"{session.started_at:%d %b %Y %H:%M}",
                ", ".join(exercises) or "no sets",
                str(len(session.details)),
                str(sum(detail.reps_done for detail in session.details)),
                f"{max(best):.0f}" if best else "",
                "" if session.pain_score is None else str(session.pain_score),
            )
        )
    doc.table(
        ("Started (UTC)", "Exercises", "Sets", "Reps", "Best ROM (deg)", "Pain"),
        rows,
        (26, 36, 8, 9, 17, 8),
    )


def _notes(doc: PdfDocument, notes: list[PatientNote]) -> None:
    doc.heading("Clinical notes")
    if not notes:
        doc.text("No clinical note in this period.", muted=True)
        return
    for note in notes:
        doc.text(f"{note.created_at:%d %b %Y}, {note.doctor.full_name}", 9, bold=True, gap=0)
        doc.text(note.body, 10, gap=2)


def _signature(doc: PdfDocument, report: ProgressReport) -> None:
    doc.heading("Clinician")
    doc.text(f"{report.clinician.full_name}, {report.created_at:%d %B %Y %H:%M} UTC")
