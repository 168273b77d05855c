"""Every instrument of the catalogue scores as published, and refuses a missing or out-of-range
item instead of scoring around it."""

from datetime import date

import pytest

from telerehab.domain.questionnaires import current_occurrence, due_on
from telerehab.errors import InvalidInput
from telerehab.exports.questionnaires_csv import important_change
from telerehab.models import QuestionnaireSchedule
from telerehab.questionnaires.catalogue import INSTRUMENTS, LEFS, NPRS, PSFS, SPADI, Direction
from telerehab.questionnaires.scoring import score


def all_items(instrument_code: str, value: int) -> dict[str, int | None]:
    return {item.code: value for item in INSTRUMENTS[instrument_code].items}


def test_the_catalogue_holds_the_required_instruments_with_licence_and_mcid() -> None:
    assert set(INSTRUMENTS) == {"nprs", "psfs", "lefs", "spadi"}
    for instrument in INSTRUMENTS.values():
        assert instrument.mcid > 0
        assert instrument.licence.summary and instrument.licence.citation
        assert instrument.score_min < instrument.score_max
    assert LEFS.body_region == "lower limb" and SPADI.body_region.startswith("upper limb")
    assert NPRS.direction == SPADI.direction == Direction.HIGHER_IS_WORSE
    assert LEFS.direction == PSFS.direction == Direction.HIGHER_IS_BETTER
    assert len(LEFS.items) == 20 and len(SPADI.items) == 13
    assert "quickdash" not in INSTRUMENTS and "dash" not in INSTRUMENTS


def test_nprs_is_the_rating_itself() -> None:
    assert score(NPRS, {"pain": 7}, []).score == 7
    assert score(NPRS, {"pain": 0}, []).score == 0


def test_lefs_is_the_sum_of_twenty_items() -> None:
    assert score(LEFS, all_items("lefs", 4), []).score == 80
    answers = all_items("lefs", 2)
    answers["lefs1"] = 0
    scored = score(LEFS, answers, [])
    assert scored.score == 38
    assert scored.items[0].code == "lefs1" and scored.items[0].value == 0


def test_spadi_is_the_percentage_of_the_largest_sum() -> None:
    assert score(SPADI, all_items("spadi", 10), []).score == 100
    assert score(SPADI, all_items("spadi", 0), []).score == 0
    answers = all_items("spadi", 5)  # 65 of 130
    assert score(SPADI, answers, []).score == 50
    answers["pain1"] = 6  # 66 of 130 = 50.77 %
    assert score(SPADI, answers, []).score == 50.8


def test_psfs_is_the_mean_of_the_patients_own_activities() -> None:
    scored = score(PSFS, {}, [("Climbing stairs", 3), ("Kneeling", 5), ("Gardening", 4)])
    assert scored.score == 4
    assert [item.text for item in scored.items] == ["Climbing stairs", "Kneeling", "Gardening"]
    assert score(PSFS, {}, [("a", 1), ("b", 2), ("c", 2)]).score == 1.67


@pytest.mark.parametrize(
    ("instrument", "answers", "activities", "message"),
    [
        (NPRS, {}, [], "missing"),
        (NPRS, {"pain": None}, [], "missing"),
        (NPRS, {"pain": 11}, [], "from 0 to 10"),
        (NPRS, {"pain": -1}, [], "from 0 to 10"),
        (NPRS, {"pain": 3, "mood": 2}, [], "no item mood"),
        (LEFS, {k: v for k, v in all_items("lefs", 3).items() if k != "lefs20"}, [], "missing"),
        (LEFS, {**all_items("lefs", 3), "lefs4": 5}, [], "from 0 to 4"),
        (
            SPADI,
            {k: v for k, v in all_items("spadi", 3).items() if k != "disability8"},
            [],
            "missing",
        ),
        (PSFS, {}, [("Stairs", 3), ("Kneeling", 4)], "from 3 to 5"),
        (PSFS, {}, [("Stairs", 3), ("Kneeling", None), ("Running", 2)], "missing"),
        (PSFS, {}, [("Stairs", 3), ("Kneeling", 11), ("Running", 2)], "from 0 to 10"),
        (PSFS, {}, [("Stairs", 3), ("stairs", 4), ("Running", 2)], "once"),
        (PSFS, {"pain": 3}, [("a", 1), ("b", 1), ("c", 1)], "own activities"),
        (LEFS, all_items("lefs", 3), [("a", 1)], "fixed items"),
    ],
)
def test_a_missing_or_out_of_range_item_is_refused(
    instrument: object,
    answers: dict[str, int | None],
    activities: list[tuple[str, int | None]],
    message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message):
        score(instrument, answers, activities)  # type: ignore[arg-type]


def test_an_important_change_follows_the_instruments_direction() -> None:
    assert important_change(NPRS, 3) == "worse"  # pain up by more than 2
    assert important_change(NPRS, -3) == "better"
    assert important_change(NPRS, 2) == ""  # not more than the MCID
    assert important_change(LEFS, -10) == "worse"  # function down by more than 9
    assert important_change(LEFS, 10) == "better"


def schedule(
    start: date, every_weeks: int | None = None, end: date | None = None
) -> QuestionnaireSchedule:
    return QuestionnaireSchedule(
        instrument="nprs", start_date=start, every_weeks=every_weeks, end_date=end
    )


def test_occurrences_and_what_is_due() -> None:
    once = schedule(date(2026, 3, 2))
    assert current_occurrence(once, date(2026, 3, 1)) is None
    assert current_occurrence(once, date(2026, 5, 1)) == date(2026, 3, 2)
    assert due_on(once, set(), date(2026, 5, 1)) == date(2026, 3, 2)  # due until answered
    assert due_on(once, {date(2026, 3, 2)}, date(2026, 5, 1)) is None
    every_two = schedule(date(2026, 3, 2), every_weeks=2, end=date(2026, 4, 1))
    assert current_occurrence(every_two, date(2026, 3, 15)) == date(2026, 3, 2)
    assert current_occurrence(every_two, date(2026, 3, 16)) == date(2026, 3, 16)
    assert current_occurrence(every_two, date(2026, 6, 1)) == date(2026, 3, 30)  # the last one
    # A missed occurrence is replaced by the next one, not asked for twice.
    assert due_on(every_two, set(), date(2026, 3, 20)) == date(2026, 3, 16)
    assert due_on(every_two, {date(2026, 3, 16)}, date(2026, 3, 20)) is None
