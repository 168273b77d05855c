"""The exercise engine on the shared real recordings, changed as cameras, devices and patients
change them (issue 21): tempo, pauses, a limb out of view, camera yaw, a mirror, landmark noise,
frame rate, a device stalling in mid-set.

Each family's variants run on a few recordings, chosen to span the exercises and both sources
and all counted within one rep as they are, so that a miss is the stress's doing. A family must
count at least its ``THRESHOLDS`` share of them within one rep: what the engine achieves today
where that meets the issue's bar (``ISSUE_BAR``, the held-out target); where it does not, the test
asks for the bar and is a strict xfail naming today's figure, so it fails the day it passes and
the threshold must then be raised. ``python bench/stress_accuracy.py ../shared/data/pose`` prints
the same families over all 30 recordings (docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import STRESS_FAMILIES, RealRecording, load_bench

from .shared_data import shared_data

StressResult = Any  # bench/stress_accuracy.py's, loaded as a module

STRESS_RECORDINGS = [
    "repcount_stu5_62.npy",  # 32 quick squats (1.6 s a rep)
    "repcount_stu6_63.npy",  # squats
    "repcount_stu9_17.npy",  # front raises, in-the-wild video
    "repcount_test536.npy",  # front raises, a short set
    "uiprmd_m06_s01.npy",  # straight-leg raises (knee raise), Kinect
    "uiprmd_m07_s01.npy",  # shoulder abduction, Kinect
    "uiprmd_m10_s01.npy",  # scaption (shoulder flexion), Kinect
]
ISSUE_BAR = 0.90
# Off-by-one accuracy each family reaches today over its variants and the recordings above
# (recordings x variants within one rep, out of recordings x variants).
THRESHOLDS: dict[str, float] = {
    "tempo": 21 / 21,
    "pauses": 14 / 14,
    "limb out of view": 7 / 7,
    "camera yaw": 14 / 14,
    "mirror": 7 / 7,
    "landmark noise": 13 / 14,
    "frame rate": 27 / 28,
    "stall": 63 / 63,  # 58 / 63 before the engine bridged stalls, 62 / 63 before it split them
}
# A stall of 1 to 2 s in mid-set (no frames, the timestamps jump) must not lose a rep: the share
# of counts a stall leaves as the engine counts the unchanged recording, over the variants and
# the recordings above. 23 / 63 before the engine bridged stalls (a rep whose top or return fell
# in the stall was lost, or ran together with the next); 38 / 63 before an effort across a stall
# was split by the set's rhythm, and whole reps after one that came back in it were counted;
# 47 / 63 by the time a stall was left out of the choice of the leading signal, and after it
# (uiprmd_m07_s01 kept its leader and count; repcount_stu5_62 kept its leader, which loses a
# rep in a 1.5 s stall that the signal leading by chance before had bridged).
STALL_KEPT = 47 / 63
# The families below the bar today, with the figure measured (off-by-one over the variants).
# Pauses (0.500) and a limb out of view (0.143) were, until the fixes of "losing reps in gaps".
SHORT_OF_THE_BAR: dict[str, str] = {}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench("stress_accuracy")


@pytest.fixture(scope="module")
def recordings(bench: ModuleType) -> list[RealRecording]:
    manifest = shared_data("pose/manifest.csv", "the real pose recordings' manifest")
    found: list[RealRecording] = bench.real_recordings(manifest.parent, STRESS_RECORDINGS)
    return found


@pytest.fixture(scope="module")
def family_result(
    bench: ModuleType, recordings: list[RealRecording]
) -> Callable[[str], StressResult]:
    """Each family's result, counted once for the tests that read it."""

    @functools.cache
    def result(family: str) -> StressResult:
        found: StressResult = bench.stress(recordings, list(STRESS_FAMILIES[family].values()))
        return found

    return result


def family_cases() -> list[object]:
    cases: list[object] = []
    for family in STRESS_FAMILIES:
        if family in SHORT_OF_THE_BAR:
            reason = f"{SHORT_OF_THE_BAR[family]}; issue 21"
            cases.append(pytest.param(family, marks=pytest.mark.xfail(strict=True, reason=reason)))
        else:
            cases.append(family)
    return cases


@pytest.mark.parametrize("family", family_cases())
def test_counts_hold_under_stress(
    family: str, family_result: Callable[[str], StressResult]
) -> None:
    result = family_result(family)
    threshold = ISSUE_BAR if family in SHORT_OF_THE_BAR else THRESHOLDS[family]
    assert result.off_by_one_accuracy >= threshold, result.misses()


def test_recordings_are_counted_within_one_rep_as_they_are(
    recordings: list[RealRecording],
) -> None:
    """The stresses start from recordings the engine counts: a miss under stress is the stress's."""
    assert [abs(len(r.rep_spans_s) - r.truth) <= 1 for r in recordings] == [True] * len(recordings)


def test_fast_reps_are_not_halved(bench: ModuleType, recordings: list[RealRecording]) -> None:
    """The issue's first failure: a fast set counted at half. Twice the tempo must not lose
    that many reps on any recording (32 squats at 2x counted 5 before the fixes of issue 21,
    then 18 with the shorter quickest rep alone)."""
    result = bench.stress(recordings, [STRESS_FAMILIES["tempo"]["2x"]])
    assert result.halved == 0, result.misses()


def test_a_stall_in_mid_set_keeps_the_count(family_result: Callable[[str], StressResult]) -> None:
    result = family_result("stall")
    assert result.kept_share >= STALL_KEPT, result.changed()
