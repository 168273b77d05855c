"""How far the engine's confidence can be trusted: accuracy of the count by confidence band.

Usage, from the repository root: ``python bench/confidence_accuracy.py ../shared/data/pose
[--files NAME ...]``
Every recording of the manifest (or those named) is counted as it is and under every stress of
``STRESS_FAMILIES`` (``backend/tests/exercise_synth.py``: tempo, pauses, a limb out of view,
camera yaw, a mirror, landmark noise, frame rates, a stall). Each set's count, the confidence
of each of its reps and how far the other signals bore out its count are kept, so that the two
thresholds (``REP_HIGH``: below it a rep is uncertain; ``SET_HIGH``: at or above it a set is
high) can be chosen afresh without counting again.

The thresholds are chosen by leave one subject out (subjects as in ``rep_accuracy.py``; a
stressed recording belongs to its recording's subject): on the other subjects' sets, the pair
that rates the most sets high while those high sets are counted within one rep in at least
``TARGET`` (97 %) of cases, with a margin of ``MARGIN``; the held-out subject's sets are then
rated with that pair. Prints, per band, the sets, the share within one rep and the mean relative
error, held out and with the shipped thresholds, and the pair chosen on all subjects (what
``exercise_logic/confidence.py`` ships).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from exercise_synth import STRESS_FAMILIES, RealRecording, Stressed, Variant
from rep_accuracy import subject_of
from stress_accuracy import real_recordings

from telerehab.exercise_logic import analyze, confidence

TARGET = 0.97
# The thresholds are chosen to reach the target with a margin to spare, since the sets they are
# chosen on are not the sets they will rate. How much margin is itself chosen by leave one
# subject out within the sets at hand: the smallest of these whose held-out sets rated high are
# within one rep in at least TARGET of cases (the largest when none is).
MARGINS = (0.01, 0.02, 0.025, 0.03)
# The rep threshold is searched from 0.3: lower, a rep half of whose frames saw nothing (and
# that was otherwise clean) would pass as certain, and "uncertain" would say nothing of a rep.
REP_THRESHOLDS = tuple(np.round(np.arange(0.3, 0.61, 0.05), 2))
SET_THRESHOLDS = tuple(np.round(np.arange(0.0, 1.001, 0.025), 3))
ACTIVE_SHARES = (0.0, 0.2, 0.3, 0.4, 0.5)
Thresholds = tuple[float, float, float]  # rep threshold, active share, set threshold


@dataclass(frozen=True)
class RatedSet:
    """One set as counted: where it came from, its counts, and what its confidence is made of."""

    recording: str
    variant: str
    truth: int
    counted: int
    rep_confidences: tuple[float, ...]
    count_agreement: float
    spacing: float
    seen: float
    active: float

    @property
    def within_one(self) -> bool:
        return abs(self.counted - self.truth) <= 1

    @property
    def relative_error(self) -> float:
        return abs(self.counted - self.truth) / self.truth

    def confidence(self, rep_high: float, active_share: float) -> float:
        """The set's confidence with these thresholds (``confidence.set_value``)."""
        return confidence.set_value(
            self.rep_confidences,
            self.count_agreement,
            self.spacing,
            self.seen,
            self.active,
            rep_high,
            active_share,
        )

    def is_high(self, thresholds: Thresholds) -> bool:
        rep_high, active_share, set_high = thresholds
        return self.confidence(rep_high, active_share) >= set_high


def unchanged(recording: RealRecording) -> Stressed:
    return Stressed(recording.frames, recording.fps)


def all_variants() -> dict[str, Variant]:
    """The recordings as they are, then every stress."""
    variants: dict[str, Variant] = {"as recorded": unchanged}
    for family, members in STRESS_FAMILIES.items():
        for name, variant in members.items():
            variants[f"{family}: {name}"] = variant
    return variants


def rate_sets(recordings: Sequence[RealRecording], variants: dict[str, Variant]) -> list[RatedSet]:
    """Every recording under every variant, counted and rated."""
    rated = []
    for name, variant in variants.items():
        for recording in recordings:
            stressed = variant(recording)
            summary = analyze(
                stressed.frames, recording.exercise, stressed.fps, timestamps=stressed.times
            ).summary
            rated.append(
                RatedSet(
                    recording.name,
                    name,
                    recording.truth,
                    summary.reps,
                    tuple(rep.confidence for rep in summary.rep_events),
                    summary.confidence.count_agreement if summary.confidence else 0.0,
                    summary.confidence.spacing if summary.confidence else 0.0,
                    summary.confidence.seen if summary.confidence else 0.0,
                    summary.confidence.active if summary.confidence else 0.0,
                )
            )
    return rated


@dataclass(frozen=True)
class Band:
    sets: int
    within_one: float
    relative_error: float


def band(sets: Sequence[RatedSet]) -> Band:
    if not sets:
        return Band(0, float("nan"), float("nan"))
    return Band(
        len(sets),
        float(np.mean([s.within_one for s in sets])),
        float(np.mean([s.relative_error for s in sets])),
    )


def choose_thresholds(sets: Sequence[RatedSet], margin: float) -> Thresholds:
    """The thresholds that rate the most of ``sets`` high while those are within one rep in at
    least TARGET + ``margin`` of cases; ties go to the first found (lower rep threshold and
    active share, higher set threshold)."""
    best: tuple[int, Thresholds] = (-1, (1.0, 1.0, 1.0))
    within = np.array([s.within_one for s in sets])
    for rep_high in REP_THRESHOLDS:
        for active_share in ACTIVE_SHARES:
            values = np.array([s.confidence(rep_high, active_share) for s in sets])
            for set_high in reversed(SET_THRESHOLDS):
                high = values >= set_high
                if not high.any() or within[high].mean() < TARGET + margin:
                    continue
                if int(high.sum()) > best[0]:
                    best = (
                        int(high.sum()),
                        (float(rep_high), float(active_share), float(set_high)),
                    )
    return best[1]


def choose_margin(sets: Sequence[RatedSet]) -> float:
    """The smallest of MARGINS whose thresholds, chosen without each subject in turn, rate that
    subject's sets high only where they are within one rep in at least TARGET of cases."""
    for margin in MARGINS:
        _, high = leave_one_subject_out(sets, margin)
        rated = [s.within_one for s, h in zip(sets, high, strict=True) if h]
        if rated and float(np.mean(rated)) >= TARGET:
            return margin
    return MARGINS[-1]


def choose(sets: Sequence[RatedSet]) -> Thresholds:
    """The thresholds for ``sets``: the margin chosen by leave one subject out, then the
    thresholds with that margin on all of them."""
    return choose_thresholds(sets, choose_margin(sets))


def leave_one_subject_out(
    sets: Sequence[RatedSet], margin: float | None = None
) -> tuple[list[Thresholds], list[bool]]:
    """Each set's thresholds, chosen without its subject (with ``margin``, or a margin chosen
    without the subject too), and whether they rate it high."""
    chosen: list[Thresholds] = [(0.0, 0.0, 0.0)] * len(sets)
    for subject in sorted({subject_of(s.recording) for s in sets}):
        training = [s for s in sets if subject_of(s.recording) != subject]
        thresholds = choose(training) if margin is None else choose_thresholds(training, margin)
        for index, s in enumerate(sets):
            if subject_of(s.recording) == subject:
                chosen[index] = thresholds
    return chosen, [s.is_high(t) for s, t in zip(sets, chosen, strict=True)]


def shown(thresholds: Thresholds) -> str:
    rep_high, active_share, set_high = thresholds
    return f"rep {rep_high:g}, active share {active_share:g}, set {set_high:g}"


def band_table(sets: Sequence[RatedSet], high: Sequence[bool]) -> list[str]:
    lines = []
    for name, wanted in (("high", True), ("uncertain", False)):
        b = band([s for s, h in zip(sets, high, strict=True) if h is wanted])
        lines.append(f"| {name} | {b.sets} | {b.within_one:.3f} | {b.relative_error:.3f} |")
    whole = band(sets)
    lines.append(f"| all | {whole.sets} | {whole.within_one:.3f} | {whole.relative_error:.3f} |")
    return lines


def render(sets: Sequence[RatedSet]) -> str:
    chosen, held_out = leave_one_subject_out(sets)
    ships = (confidence.REP_HIGH, confidence.ACTIVE_SHARE, confidence.SET_HIGH)
    shipped = [s.is_high(ships) for s in sets]
    header = [
        "| band | sets | within one rep | mean relative error |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines = [f"sets: {len(sets)}", "", "Held out (thresholds chosen without the subject):"]
    lines += ["", *header, *band_table(sets, held_out)]
    lines += ["", "thresholds the folds chose: " + "; ".join(shown(t) for t in sorted(set(chosen)))]
    lines += ["", f"Shipped thresholds ({shown(ships)}):", "", *header, *band_table(sets, shipped)]
    margin = choose_margin(sets)
    lines += [
        "",
        f"chosen on all subjects: {shown(choose_thresholds(sets, margin))}, margin {margin:g}",
    ]
    lines += ["", "| variant | sets | high | high within one rep |", "| --- | ---: | ---: | ---: |"]
    for variant in dict.fromkeys(s.variant for s in sets):
        members = [(s, h) for s, h in zip(sets, shipped, strict=True) if s.variant == variant]
        highs = [s for s, h in members if h]
        share = f"{np.mean([s.within_one for s in highs]):.3f}" if highs else "-"
        lines.append(f"| {variant} | {len(members)} | {len(highs)} | {share} |")
    misses = [
        f"{s.recording} ({s.variant}) {s.counted} of {s.truth}"
        for s, h in zip(sets, shipped, strict=True)
        if h and not s.within_one
    ]
    lines += ["", "high but off by more than one: " + ("; ".join(misses) or "none")]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python bench/confidence_accuracy.py")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("--files", nargs="*", metavar="NAME", help="only these recordings")
    parser.add_argument(
        "--sets",
        type=Path,
        metavar="JSON",
        help="keep the rated sets here; read them back if there",
    )
    arguments = parser.parse_args(argv)
    if not (arguments.directory / "manifest.csv").is_file():
        parser.error(f"{arguments.directory} has no manifest.csv")
    if arguments.sets and arguments.sets.is_file():
        sets = [
            RatedSet(**{**row, "rep_confidences": tuple(row["rep_confidences"])})
            for row in json.loads(arguments.sets.read_text())
        ]
    else:
        recordings = real_recordings(arguments.directory, arguments.files)
        sets = rate_sets(recordings, all_variants())
        if arguments.sets:
            arguments.sets.write_text(json.dumps([vars(s) for s in sets]))
    print(render(sets))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
