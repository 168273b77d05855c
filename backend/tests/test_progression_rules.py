"""The clinic's progression rules (telerehab.progression.rules), each threshold from both sides:
a week one step inside a rule and one step outside it."""

from dataclasses import replace

import pytest

from telerehab.enums import ProposalKind
from telerehab.progression.rules import (
    HARD_DIFFICULTY,
    MAX_REPS,
    MAX_SETS,
    MIN_REPS,
    MIN_SURE_SHARE,
    PROGRESS_MAX_PAIN,
    REGRESS_PAIN,
    REPS_STEP,
    TARGET_MARGIN_DEG,
    TARGET_STEP_DEG,
    Dose,
    Proposal,
    Variant,
    WeekFacts,
    propose,
)

SQUAT = "squat"
DOSE = Dose(sets=3, reps=10, target_rom_deg=90.0)
# A good week: every session done, little pain, moderate effort, the target reached (not beaten
# by the margin), every count sure.
GOOD = WeekFacts(
    planned=3,
    done=3,
    max_pain=2,
    mean_difficulty=4.0,
    range_deg=92.0,
    rated_sets=9,
    sure_sets=9,
)


def run(facts: WeekFacts = GOOD, dose: Dose = DOSE, **hooks: object) -> Proposal:
    return propose(SQUAT, dose, facts, **hooks)  # type: ignore[arg-type]


def test_a_good_week_progresses_the_reps_and_says_why_in_one_sentence() -> None:
    proposal = run()
    assert proposal.kind == ProposalKind.PROGRESS
    assert proposal.dose == Dose(sets=3, reps=10 + REPS_STEP, target_rom_deg=90.0)
    assert proposal.reason == (
        "3 of 3 sessions done, pain 2/10, difficulty 4/10, range 92° of a 90° target: "
        "ready for more, reps 10 → 12."
    )
    assert proposal.reason.count(".") == 1


# --- Progress needs every session done ------------------------------------------------------


def test_one_session_missed_holds() -> None:
    proposal = run(replace(GOOD, done=2))
    assert proposal.kind == ProposalKind.HOLD
    assert proposal.dose == DOSE
    assert "2 of 3 sessions done" in proposal.reason
    assert "not every session done" in proposal.reason


def test_extra_sessions_still_progress() -> None:
    assert run(replace(GOOD, done=4)).kind == ProposalKind.PROGRESS


# --- Pain ------------------------------------------------------------------------------------


def test_pain_at_the_progress_limit_progresses_and_one_above_holds() -> None:
    assert run(replace(GOOD, max_pain=PROGRESS_MAX_PAIN)).kind == ProposalKind.PROGRESS
    above = run(replace(GOOD, max_pain=PROGRESS_MAX_PAIN + 1))
    assert above.kind == ProposalKind.HOLD
    assert "pain above 3/10" in above.reason


def test_pain_at_the_regress_limit_regresses_and_one_below_holds() -> None:
    below = run(replace(GOOD, max_pain=REGRESS_PAIN - 1))
    assert below.kind == ProposalKind.HOLD
    at = run(replace(GOOD, max_pain=REGRESS_PAIN))
    assert at.kind == ProposalKind.REGRESS
    assert at.dose == Dose(sets=3, reps=10 - REPS_STEP, target_rom_deg=90.0)
    assert at.reason.endswith(
        "pain 6/10, difficulty 4/10, range 92° of a 90° target: ease off, reps 10 → 8."
    )


def test_no_pain_rating_never_progresses() -> None:
    proposal = run(replace(GOOD, max_pain=None))
    assert proposal.kind == ProposalKind.HOLD
    assert "no pain rating" in proposal.reason


# --- Difficulty ------------------------------------------------------------------------------


def test_a_hard_week_holds_and_one_just_below_hard_progresses() -> None:
    assert run(replace(GOOD, mean_difficulty=HARD_DIFFICULTY - 0.1)).kind == ProposalKind.PROGRESS
    hard = run(replace(GOOD, mean_difficulty=HARD_DIFFICULTY))
    assert hard.kind == ProposalKind.HOLD
    assert "it felt hard" in hard.reason


def test_no_difficulty_rating_does_not_block_progress() -> None:
    assert run(replace(GOOD, mean_difficulty=None)).kind == ProposalKind.PROGRESS


# --- Adherence with difficulty: regress ------------------------------------------------------


def test_under_half_done_and_hard_regresses() -> None:
    week = replace(GOOD, planned=4, done=1, mean_difficulty=HARD_DIFFICULTY)
    assert run(week).kind == ProposalKind.REGRESS


def test_half_done_and_hard_holds() -> None:
    week = replace(GOOD, planned=4, done=2, mean_difficulty=HARD_DIFFICULTY)
    assert run(week).kind == ProposalKind.HOLD


def test_under_half_done_but_not_hard_holds() -> None:
    week = replace(GOOD, planned=4, done=1, mean_difficulty=HARD_DIFFICULTY - 0.1)
    assert run(week).kind == ProposalKind.HOLD


def test_nothing_done_holds_without_ratings() -> None:
    week = WeekFacts(3, 0, None, None, None, 0, 0)
    proposal = run(week)
    assert proposal.kind == ProposalKind.HOLD
    assert proposal.reason == "0 of 3 sessions done: keep the dose (not every session done)."


# --- Range against its target ----------------------------------------------------------------


def test_range_just_below_the_target_holds() -> None:
    proposal = run(replace(GOOD, range_deg=89.9))
    assert proposal.kind == ProposalKind.HOLD
    assert "range below its target" in proposal.reason


def test_range_beating_the_target_by_the_margin_raises_the_target() -> None:
    proposal = run(replace(GOOD, range_deg=90 + TARGET_MARGIN_DEG))
    assert proposal.kind == ProposalKind.PROGRESS
    assert proposal.dose == Dose(3, 10, 90 + TARGET_STEP_DEG)
    assert proposal.reason == (
        "3 of 3 sessions done, pain 2/10, difficulty 4/10, range 95° of a 90° target: "
        "ready for more, target 90° → 100°."
    )


def test_range_just_under_the_margin_raises_the_reps_instead() -> None:
    proposal = run(replace(GOOD, range_deg=90 + TARGET_MARGIN_DEG - 0.1))
    assert proposal.dose == Dose(3, 12, 90.0)


def test_the_target_never_goes_past_the_engines_limit() -> None:
    proposal = run(replace(GOOD, range_deg=180.0), Dose(3, 10, 175.0))
    assert proposal.dose.target_rom_deg == 180.0
    at_limit = run(replace(GOOD, range_deg=185.0), Dose(3, 10, 180.0))
    assert at_limit.dose == Dose(3, 12, 180.0)


def test_no_target_needs_no_range() -> None:
    proposal = run(replace(GOOD, range_deg=None), Dose(3, 10, None))
    assert proposal.kind == ProposalKind.PROGRESS
    assert "range" not in proposal.reason


def test_a_target_without_a_measured_range_holds() -> None:
    proposal = run(replace(GOOD, range_deg=None))
    assert proposal.kind == ProposalKind.HOLD
    assert "no range measured" in proposal.reason


# --- Confidence of the counts ----------------------------------------------------------------


def test_too_few_sure_counts_hold_and_enough_progress() -> None:
    enough = round(MIN_SURE_SHARE * 10)
    assert run(replace(GOOD, rated_sets=10, sure_sets=enough)).kind == ProposalKind.PROGRESS
    unsure = run(replace(GOOD, rated_sets=10, sure_sets=enough - 1))
    assert unsure.kind == ProposalKind.HOLD
    assert "only 7 of 10 sets counted surely" in unsure.reason
    assert "counts too unsure to build on" in unsure.reason


def test_sets_stored_before_ratings_do_not_block_progress() -> None:
    assert run(replace(GOOD, rated_sets=0, sure_sets=0)).kind == ProposalKind.PROGRESS


def test_unsure_counts_do_not_stop_a_regress() -> None:
    week = replace(GOOD, max_pain=8, rated_sets=4, sure_sets=0)
    assert run(week).kind == ProposalKind.REGRESS


# --- The ladder ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "after"),
    [
        (Dose(3, MAX_REPS - 1, None), Dose(3, MAX_REPS, None)),
        (Dose(3, MAX_REPS, None), Dose(4, MAX_REPS, None)),
        (Dose(MAX_SETS - 1, MAX_REPS, None), Dose(MAX_SETS, MAX_REPS, None)),
    ],
)
def test_progress_climbs_reps_then_sets(dose: Dose, after: Dose) -> None:
    assert run(replace(GOOD, range_deg=None), dose).dose == after


def test_at_the_top_it_holds_or_offers_the_librarys_harder_variant() -> None:
    top = Dose(MAX_SETS, MAX_REPS, None)
    week = replace(GOOD, range_deg=None)
    hold = run(week, top)
    assert hold.kind == ProposalKind.HOLD
    assert "top of the dose ladder" in hold.reason
    variant = run(week, top, harder=lambda exercise: Variant("split-squat", "split squat"))
    assert variant.kind == ProposalKind.HARDER_VARIANT
    assert variant.variant == "split-squat"
    assert variant.dose == top
    assert variant.reason.endswith("try the harder split squat.")


@pytest.mark.parametrize(
    ("dose", "after"),
    [
        (Dose(3, MIN_REPS + 1, 90.0), Dose(3, MIN_REPS, 90.0)),
        (Dose(3, MIN_REPS, 90.0), Dose(2, MIN_REPS, 90.0)),
        (Dose(1, MIN_REPS, 90.0), Dose(1, MIN_REPS, 80.0)),
        (Dose(1, MIN_REPS, 5.0), Dose(1, MIN_REPS, 1.0)),
    ],
)
def test_regress_steps_down_reps_then_sets_then_target(dose: Dose, after: Dose) -> None:
    assert run(replace(GOOD, max_pain=7), dose).dose == after


def test_at_the_bottom_it_holds_or_offers_the_librarys_easier_variant() -> None:
    bottom = Dose(1, MIN_REPS, None)
    week = replace(GOOD, max_pain=9)
    hold = run(week, bottom)
    assert hold.kind == ProposalKind.HOLD
    assert "lowest dose" in hold.reason
    variant = run(week, bottom, easier=lambda exercise: Variant("wall-sit", "wall sit"))
    assert variant.kind == ProposalKind.EASIER_VARIANT
    assert variant.variant == "wall-sit"
