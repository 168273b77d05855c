"""The patient's current week plan as a printable home programme (PDF, drawn with fpdf2): each
day's routines, and for each exercise a picture (the library's figure at the start and at the
far end of the movement), how to do it, on which side, sets, reps, rest and target."""

from datetime import date, timedelta

from sqlalchemy.orm import Session

from telerehab.access.scopes import Caller, visible_week_plans
from telerehab.enums import Weekday
from telerehab.exports.pdf import PdfDocument
from telerehab.library import LIBRARY, exercise_name
from telerehab.library.figure import start_and_end
from telerehab.models import ComboItem, User, WeekPlan


def _how_to(code: str) -> str:
    """How to do it, for a patient exercising from paper, without the camera's guidance."""
    exercise = LIBRARY.get(code)
    return " ".join((*exercise.instructions, *exercise.cautions)) if exercise else ""


def current_plan(db: Session, caller: Caller, patient: User, monday: date) -> WeekPlan | None:
    """The patient's plan of the week starting ``monday``, if the caller may see it."""
    statement = visible_week_plans(caller).where(
        WeekPlan.patient_id == patient.id, WeekPlan.week_start == monday
    )
    return db.scalars(statement).unique().one_or_none()


def _step(item: ComboItem) -> str:
    side = "both sides" if item.side.value == "both" else f"{item.side.value} side"
    target = f", aim for {item.target_rom_deg:g} degrees" if item.target_rom_deg else ""
    return (
        f"{item.sets} sets of {item.reps} repetitions, {side}, "
        f"rest {item.rest_seconds} s between sets{target}."
    )


PICTURE_WIDTH_MM = 36
PICTURE_HEIGHT_MM = 28


def _exercise(doc: PdfDocument, step: ComboItem) -> None:
    """The exercise's picture on the left, what to do beside it."""
    exercise = LIBRARY.get(step.exercise_code)
    doc.ensure_room(PICTURE_HEIGHT_MM + 4)
    pdf = doc.pdf
    top, margin = pdf.get_y(), pdf.l_margin
    if exercise is not None:
        doc.figures(
            start_and_end(exercise.demonstration), margin, top, PICTURE_WIDTH_MM, PICTURE_HEIGHT_MM
        )
    pdf.set_left_margin(margin + PICTURE_WIDTH_MM + 5)
    pdf.set_x(pdf.l_margin)
    try:
        doc.text(exercise_name(step.exercise_code), 11, bold=True, gap=0)
        doc.text(_step(step), 11, gap=0)
        doc.text(_how_to(step.exercise_code), 10, gap=0)
    finally:
        pdf.set_left_margin(margin)
    pdf.set_xy(margin, max(pdf.get_y(), top + PICTURE_HEIGHT_MM) + 4)


def home_programme_pdf(patient: User, monday: date, plan: WeekPlan | None) -> bytes:
    doc = _document_header(patient, monday, plan)
    if plan is None or not plan.items:
        doc.text("Nothing is planned for this week. Your doctor will add your exercises.")
        return doc.output()
    for weekday in Weekday:
        items = [item for item in plan.items if item.weekday == weekday]
        if not items:
            continue
        doc.text(weekday.value.capitalize(), 14, bold=True, gap=2)
        for item in items:
            doc.text(item.combo.name, 12, bold=True)
            for step in item.combo.items:
                _exercise(doc, step)
    doc.text("Stop and tell your doctor if an exercise causes sharp or increasing pain.", 10)
    return doc.output()


def _document_header(patient: User, monday: date, plan: WeekPlan | None) -> PdfDocument:
    doc = PdfDocument("Home exercise programme")
    sunday = monday + timedelta(days=6)
    doc.text("Home exercise programme", 18, bold=True, gap=2)
    doc.text(f"{patient.full_name}: week of {monday:%d %B %Y} to {sunday:%d %B %Y}", 11)
    if plan is not None:
        doc.text(f"Prescribed by {plan.doctor.full_name}", 11)
        if plan.notes:
            doc.text(f"Notes: {plan.notes}", 11)
    doc.text("", 4)
    return doc
