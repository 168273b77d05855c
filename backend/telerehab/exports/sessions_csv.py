"""A patient's workout sessions as CSV: one row per set, the session's columns repeated on each
of its rows (a session without sets has one row with the set columns empty), so a spreadsheet
can filter and pivot without joining two files."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from telerehab.models import SessionDetail, WorkoutSession

HEADER = (
    "session_id",
    "started_at",
    "ended_at",
    "source",
    "pain_score",
    "difficulty",
    "session_notes",
    "set_id",
    "set_number",
    "exercise",
    "side",
    "reps_target",
    "reps_done",
    "duration_seconds",
    "rom_min_deg",
    "rom_max_deg",
    "rom_mean_deg",
    "form_score",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a
# leading apostrophe keeps a patient's note as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str | None) -> str:
    """A free text cell that a spreadsheet will not run as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: object) -> object:
    return "" if value is None else value


def _rows(session: WorkoutSession) -> Iterator[tuple[object, ...]]:
    head = (
        session.id,
        session.started_at.isoformat(),
        session.ended_at.isoformat() if session.ended_at else "",
        session.source.value,
        _cell(session.pain_score),
        _cell(session.difficulty),
        text_cell(session.notes),
    )
    if not session.details:
        yield (*head, *[""] * (len(HEADER) - len(head)))
    for detail in session.details:
        yield (*head, *_set_cells(detail))


def _set_cells(detail: SessionDetail) -> tuple[object, ...]:
    return (
        detail.id,
        detail.set_number,
        detail.exercise_code,
        detail.side.value if detail.side else "",
        _cell(detail.reps_target),
        detail.reps_done,
        round(detail.duration_seconds, 2),
        *(
            "" if value is None else round(value, 1)
            for value in (detail.rom_min_deg, detail.rom_max_deg, detail.rom_mean_deg)
        ),
        "" if detail.form_score is None else round(detail.form_score, 3),
    )


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV: a header row, then ``rows``, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def sessions_csv(sessions: Iterable[WorkoutSession]) -> str:
    return csv_text(HEADER, (row for session in sessions for row in _rows(session)))
