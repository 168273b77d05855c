"""The exercise engine on the shared real recordings, changed as cameras, devices and patients
change them (issue 21): tempo, pauses, a limb out of view, camera yaw, a mirror, landmark noise,
frame rate.

Each family's variants run on a few recordings, chosen to span the exercises and both sources
and all counted within one rep as they are, so that a miss is the stress's doing. A family must
count at least its ``THRESHOLDS`` share of them within one rep: what the engine achieves today
where that meets the issue's bar (``ISSUE_BAR``, the held-out target); where it does not, the test
asks for the bar and is a strict xfail naming today's figure, so it fails the day it passes and
the threshold must then be raised. ``python bench/stress_accuracy.py ../shared/data/pose`` prints
the same families over all 30 recordings (docs/benchmarks.md).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import STRESS_FAMILIES, RealRecording, load_bench

from .shared_data import shared_data

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
}
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
    family: str, bench: ModuleType, recordings: list[RealRecording]
) -> None:
    result = bench.stress(recordings, list(STRESS_FAMILIES[family].values()))
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
