"""One questionnaire's scores for a patient as CSV, oldest first: the score, its change from the
previous answer, whether that change passes the instrument's MCID (and which way), and each
item's value (for the PSFS, each activity the patient named and its rating)."""

import csv
import io
from collections.abc import Sequence

from telerehab.exports.sessions_csv import text_cell
from telerehab.models import QuestionnaireResponse
from telerehab.questionnaires.catalogue import Direction, Instrument

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


def scores_csv(instrument: Instrument, responses: Sequence[QuestionnaireResponse]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow([*HEAD, *_item_header(instrument)])
    previous: float | None = None
    for response in responses:
        change = None if previous is None else round(response.score - previous, 2)
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
                *_item_cells(instrument, response),
            ]
        )
        previous = response.score
    return buffer.getvalue()
