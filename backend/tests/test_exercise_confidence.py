"""The engine's confidence in each rep and each set (issue 21 §3): what makes a rep uncertain, that
an uncertain rep is still counted, and that sets rated high are counted within one rep in at least
97 % of the shared recordings and their stress variants."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from telerehab.enums import ConfidenceBand, ExerciseType, Side
from telerehab.exercise_logic import analyze, confidence
from telerehab.exercise_logic.confidence import rate_reps, set_confidence
from telerehab.exercise_logic.counter import Cycle
from telerehab.exercise_logic.events import RepCompleted

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import load_bench, rep_progress, synthesize

from .shared_data import shared_data
from .test_exercise_stress import STRESS_RECORDINGS

FPS = 30.0
HIPS_TO_ANKLES = slice(23, 29)


def squats(reps: int = 6) -> np.ndarray:
    return synthesize(ExerciseType.SQUAT, rep_progress(reps, FPS), 80.0)


def test_clean_reps_are_high_confidence() -> None:
    result = analyze(squats(), ExerciseType.SQUAT, FPS)
    assert len(result.reps) == 6
    assert all(rep.confidence_band is ConfidenceBand.HIGH for rep in result.reps)
    assert min(rep.confidence for rep in result.reps) > 0.9
    summary = result.summary
    assert summary.confidence is not None
    assert summary.confidence.band is ConfidenceBand.HIGH
    assert summary.uncertain_reps == 0
    assert summary.to_dict()["confidence_band"] == "high"


def squats_with_a_gap() -> np.ndarray:
    """Six squats (lead 1 s, then 2 s reps and 0.5 s pauses: the third moves from 6 to 8 s and is
    counted from about 6.4 s to 7.6 s); the legs are lost for 0.7 s of the third. A longer gap
    loses the rep altogether (issue 21 §5, not this test's)."""
    frames = squats()
    gap = round(6.6 * FPS)
    frames[gap : gap + round(0.7 * FPS), HIPS_TO_ANKLES, 3] = 0.0
    return frames


def test_a_rep_through_a_visibility_gap_is_uncertain_and_still_counted() -> None:
    result = analyze(squats_with_a_gap(), ExerciseType.SQUAT, FPS)
    assert len(result.reps) == 6, "an uncertain rep is counted, never dropped"
    bands = [rep.confidence_band for rep in result.reps]
    assert bands[2] is ConfidenceBand.UNCERTAIN
    assert bands.count(ConfidenceBand.UNCERTAIN) == 1
    assert result.summary.uncertain_reps == 1
    live = [event for event in result.events if isinstance(event, RepCompleted)]
    assert live[2].confidence < 0.5 * live[1].confidence, "the live event doubts it too"


def cycle(start: float, end: float, swing: float = 80.0) -> Cycle:
    return Cycle(start, start, (start + end) / 2, end, swing)


def judged(c: Cycle, seen: float = 1.0) -> RepCompleted:
    return RepCompleted(
        time=c.end_time,
        index=0,
        start_time=c.start_time,
        end_time=c.end_time,
        range_of_motion_deg=80.0,
        peak_angle_deg=170.0,
        min_angle_deg=90.0,
        duration_s=c.end_time - c.start_time,
        side=Side.LEFT,
        form_flags=(),
        confidence=seen,
        confidence_band=ConfidenceBand.HIGH,
        good=None,
    )


def test_a_rep_the_other_signals_did_not_find_is_uncertain() -> None:
    """Three reps of one signal; a trusted signal read from other landmarks peaked inside the
    first two only: the third is discordant."""
    reps = [cycle(0.0, 2.0), cycle(3.0, 5.0), cycle(6.0, 8.0)]
    witness = (1.0, np.array([1.0, 4.0]))
    rated = rate_reps([(c, judged(c)) for c in reps], reps, 1.0, [witness])
    assert [rep.confidence_band for rep in rated] == [
        ConfidenceBand.HIGH,
        ConfidenceBand.HIGH,
        ConfidenceBand.UNCERTAIN,
    ]
    set_ = set_confidence([rep.confidence for rep in rated], 1.0, 1.0, 1.0, 1.0)
    assert set_.uncertain_reps == 1
    assert set_.confidence == pytest.approx(2 / 3, abs=1e-3)


def test_an_irregular_rep_is_less_certain_than_its_regular_neighbours() -> None:
    reps = [cycle(0.0, 2.0), cycle(3.0, 5.0), cycle(6.0, 14.0), cycle(15.0, 17.0)]
    rated = rate_reps([(c, judged(c)) for c in reps], reps, 1.0, [])
    assert rated[2].confidence < 0.5 * rated[0].confidence


def test_a_set_without_reps_is_uncertain() -> None:
    result = analyze(squats(0), ExerciseType.SQUAT, FPS)
    assert result.summary.confidence is not None
    assert result.summary.confidence.band is ConfidenceBand.UNCERTAIN


# -- calibration ----------------------------------------------------------------------------------

CALIBRATION_TARGET = 0.97


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("confidence_accuracy")


def test_sets_rated_high_are_counted_within_one_rep(bench: ModuleType) -> None:
    """The shipped thresholds on the 30 shared recordings as they are, and on the stress
    recordings under every stress of ``STRESS_FAMILIES``: sets rated high are within one rep of
    the human count in at least 97 % of cases (docs/benchmarks.md has all 30 under every stress,
    held out by leave one subject out)."""
    manifest = shared_data("pose/manifest.csv", "the real pose recordings' manifest")
    stress = load_bench("stress_accuracy")
    everything = stress.real_recordings(manifest.parent)
    chosen = [r for r in everything if r.name in STRESS_RECORDINGS]
    variants = bench.all_variants()
    as_recorded = {"as recorded": variants.pop("as recorded")}
    sets = bench.rate_sets(everything, as_recorded) + bench.rate_sets(chosen, variants)
    shipped = (confidence.REP_HIGH, confidence.ACTIVE_SHARE, confidence.SET_HIGH)
    high = [s for s in sets if s.is_high(shipped)]
    within = sum(s.within_one for s in high) / len(high)
    misses = [
        f"{s.recording} ({s.variant}) {s.counted} of {s.truth}" for s in high if not s.within_one
    ]
    assert within >= CALIBRATION_TARGET, misses
    # A confidence that rated every set uncertain would pass the above and say nothing.
    assert len(high) >= 0.5 * len(sets), f"{len(high)} of {len(sets)} sets rated high"
