"""A patient's questionnaire scores as CSV, oldest first: the score, its change from the previous
answer to the same instrument, whether that change passes the instrument's MCID (and which way),
and, for one instrument, each item's value (for the PSFS, each activity the patient named and its
rating). Every instrument at once has no item columns: their items differ."""

import csv
import io
from collections.abc import Sequence

from telerehab.exports.sessions_csv import text_cell
from telerehab.models import QuestionnaireResponse
from telerehab.questionnaires.catalogue import INSTRUMENTS, Direction, Instrument

HEAD = (
    "response_id",
    "instrument",
    "due_on",
    "answered_at",
    "score",
    "unit",
    "change",
    "mcid",
    "important_change",
)


def important_change(instrument: Instrument, change: float) -> str:
    """'better' or 'worse' when ``change`` (later minus earlier) passes the MCID, else ''."""
    if abs(change) <= instrument.mcid:
        return ""
    improved = (change > 0) == (instrument.direction == Direction.HIGHER_IS_BETTER)
    return "better" if improved else "worse"


def _item_header(instrument: Instrument) -> list[str]:
    if instrument.activity_scale is None:
        return [item.code for item in instrument.items]
    return [
        f"activity{n}_{part}"
        for n in range(1, instrument.max_activities + 1)
        for part in ("name", "value")
    ]


def _item_cells(instrument: Instrument, response: QuestionnaireResponse) -> list[object]:
    if instrument.activity_scale is None:
        values = {item["code"]: item["value"] for item in response.items}
        return [values.get(item.code, "") for item in instrument.items]
    cells: list[object] = []
    for item in response.items:
        cells += [text_cell(item["text"]), item["value"]]
    return cells + [""] * (2 * instrument.max_activities - len(cells))


def scores_csv(only: Instrument | None, responses: Sequence[QuestionnaireResponse]) -> str:
    """The CSV of ``responses`` (oldest first): of the instrument ``only``, with its items, or of
    every instrument (None)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow([*HEAD, *(_item_header(only) if only else [])])
    previous: dict[str, float] = {}
    for response in responses:
        instrument = INSTRUMENTS[response.instrument]
        before = previous.get(instrument.code)
        change = None if before is None else round(response.score - before, 2)
        writer.writerow(
            [
                response.id,
                instrument.code,
                response.due_on.isoformat(),
                response.answered_at.isoformat(),
                response.score,
                instrument.unit,
                "" if change is None else change,
                instrument.mcid,
                "" if change is None else important_change(instrument, change),
                *(_item_cells(only, response) if only else []),
            ]
        )
        previous[instrument.code] = response.score
    return buffer.getvalue()
