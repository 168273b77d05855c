"""The clinic's progression rules: from one exercise's finished week, propose to progress, hold
or regress its dose, and say why in one sentence.

Pure functions of plain values (no database, no web), so each threshold is tested on both of
its sides (tests/test_progression_rules.py). The rules, as docs/api.md states them for the
clinic:

- **Regress** when the worst pain of the week reached ``REGRESS_PAIN`` (6/10) or more, or when
  fewer than half the planned sessions were done (``LOW_ADHERENCE``) and they felt hard (mean
  difficulty ``HARD_DIFFICULTY``, 7/10, or more).
- **Progress** when every planned session was done, the worst pain stayed at ``PROGRESS_MAX_PAIN``
  (3/10) or below, the mean difficulty was below hard, the range reached its target (if the
  exercise has one), and the counts are trusted: at least ``MIN_SURE_SHARE`` (80 %) of the rated
  sets were counted with high confidence (sets stored before counts were rated do not count).
- **Hold** otherwise, and whenever a fact needed for progressing is missing.

The change, one step at a time:

- Progress: raise the range target by ``TARGET_STEP_DEG`` when the range beat it by
  ``TARGET_MARGIN_DEG`` or more; else add ``REPS_STEP`` reps up to ``MAX_REPS``; else add a set
  up to ``MAX_SETS``; at the top of that ladder, a harder variant if the library names one, else
  hold.
- Regress: take ``REPS_STEP`` reps off down to ``MIN_REPS``; else a set off down to one; else
  lower the range target by ``TARGET_STEP_DEG``; at the bottom, an easier variant if the library
  names one, else hold.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from telerehab.enums import ProposalKind
from telerehab.exercise_logic import MAX_TARGET_ROM_DEG, MIN_TARGET_ROM_DEG

PROGRESS_MAX_PAIN: Final = 3
REGRESS_PAIN: Final = 6
HARD_DIFFICULTY: Final = 7.0
LOW_ADHERENCE: Final = 0.5
MIN_SURE_SHARE: Final = 0.8
TARGET_MARGIN_DEG: Final = 5.0
TARGET_STEP_DEG: Final = 10.0
REPS_STEP: Final = 2
MAX_REPS: Final = 15
MIN_REPS: Final = 6
MAX_SETS: Final = 5


@dataclass(frozen=True)
class Dose:
    """What a routine asks of one exercise."""

    sets: int
    reps: int
    target_rom_deg: float | None


@dataclass(frozen=True)
class WeekFacts:
    """One exercise's finished week.

    ``range_deg``: the mean over the week's sets of each set's best rep range (None: no set).
    ``rated_sets`` / ``sure_sets``: sets the engine rated, and those rated high confidence.
    """

    planned: int
    done: int
    max_pain: int | None
    mean_difficulty: float | None
    range_deg: float | None
    rated_sets: int
    sure_sets: int

    @property
    def adherence(self) -> float:
        return min(1.0, self.done / self.planned) if self.planned else 0.0

    @property
    def sure_share(self) -> float | None:
        return self.sure_sets / self.rated_sets if self.rated_sets else None


@dataclass(frozen=True)
class Variant:
    """A harder or easier exercise of the library: its code, and its name for the reason."""

    code: str
    name: str


# The exercise library's hook: the harder (or easier) variant of an exercise's code, or None.
VariantLookup = Callable[[str], Variant | None]


def no_variant(exercise: str) -> Variant | None:
    return None


@dataclass(frozen=True)
class Proposal:
    kind: ProposalKind
    dose: Dose  # the dose proposed for next week (the current one for a hold or a variant)
    reason: str
    variant: str | None = None  # the library exercise's code, for a variant kind


def _facts_text(facts: WeekFacts, target: float | None) -> str:
    parts = [f"{facts.done} of {facts.planned} sessions done"]
    if facts.max_pain is not None:
        parts.append(f"pain {facts.max_pain}/10")
    if facts.mean_difficulty is not None:
        parts.append(f"difficulty {facts.mean_difficulty:.0f}/10")
    if facts.range_deg is not None:
        goal = f" of a {target:.0f}° target" if target is not None else ""
        parts.append(f"range {facts.range_deg:.0f}°{goal}")
    share = facts.sure_share
    if share is not None and share < MIN_SURE_SHARE:
        parts.append(f"only {facts.sure_sets} of {facts.rated_sets} sets counted surely")
    return ", ".join(parts)


def _degrees(value: float | None) -> str:
    return "none" if value is None else f"{value:.0f}°"


def _change_text(current: Dose, proposed: Dose) -> str:
    changes = []
    if proposed.sets != current.sets:
        changes.append(f"sets {current.sets} → {proposed.sets}")
    if proposed.reps != current.reps:
        changes.append(f"reps {current.reps} → {proposed.reps}")
    if proposed.target_rom_deg != current.target_rom_deg:
        changes.append(
            f"target {_degrees(current.target_rom_deg)} → {_degrees(proposed.target_rom_deg)}"
        )
    return ", ".join(changes)


def _why_not_progress(facts: WeekFacts, dose: Dose) -> str | None:
    """The first unmet condition of progressing, as words; None when all are met."""
    if facts.planned == 0 or facts.done < facts.planned:
        return "not every session done"
    if facts.max_pain is None:
        return "no pain rating"
    if facts.max_pain > PROGRESS_MAX_PAIN:
        return f"pain above {PROGRESS_MAX_PAIN}/10"
    if facts.mean_difficulty is not None and facts.mean_difficulty >= HARD_DIFFICULTY:
        return "it felt hard"
    if dose.target_rom_deg is not None:
        if facts.range_deg is None:
            return "no range measured"
        if facts.range_deg < dose.target_rom_deg:
            return "range below its target"
    share = facts.sure_share
    if share is not None and share < MIN_SURE_SHARE:
        return "counts too unsure to build on"
    return None


def _should_regress(facts: WeekFacts) -> bool:
    if facts.max_pain is not None and facts.max_pain >= REGRESS_PAIN:
        return True
    hard = facts.mean_difficulty is not None and facts.mean_difficulty >= HARD_DIFFICULTY
    return facts.planned > 0 and facts.adherence < LOW_ADHERENCE and hard


def harder_dose(dose: Dose, facts: WeekFacts) -> Dose | None:
    """One step up the ladder, or None at its top."""
    target = dose.target_rom_deg
    if (
        target is not None
        and facts.range_deg is not None
        and facts.range_deg >= target + TARGET_MARGIN_DEG
        and target < MAX_TARGET_ROM_DEG
    ):
        return replace(dose, target_rom_deg=min(MAX_TARGET_ROM_DEG, target + TARGET_STEP_DEG))
    if dose.reps < MAX_REPS:
        return replace(dose, reps=min(MAX_REPS, dose.reps + REPS_STEP))
    if dose.sets < MAX_SETS:
        return replace(dose, sets=dose.sets + 1)
    return None


def easier_dose(dose: Dose) -> Dose | None:
    """One step down the ladder, or None at its bottom."""
    if dose.reps > MIN_REPS:
        return replace(dose, reps=max(MIN_REPS, dose.reps - REPS_STEP))
    if dose.sets > 1:
        return replace(dose, sets=dose.sets - 1)
    target = dose.target_rom_deg
    if target is not None and target > MIN_TARGET_ROM_DEG:
        return replace(dose, target_rom_deg=max(MIN_TARGET_ROM_DEG, target - TARGET_STEP_DEG))
    return None


def propose(
    exercise: str,
    dose: Dose,
    facts: WeekFacts,
    *,
    harder: VariantLookup = no_variant,
    easier: VariantLookup = no_variant,
) -> Proposal:
    """The proposal for one exercise after its week, with its one-sentence reason."""
    seen = _facts_text(facts, dose.target_rom_deg)
    if _should_regress(facts):
        lower = easier_dose(dose)
        if lower is not None:
            return Proposal(
                ProposalKind.REGRESS, lower, f"{seen}: ease off, {_change_text(dose, lower)}."
            )
        variant = easier(exercise)
        if variant is not None:
            return Proposal(
                ProposalKind.EASIER_VARIANT,
                dose,
                f"{seen}: try the easier {variant.name}.",
                variant.code,
            )
        return Proposal(
            ProposalKind.HOLD, dose, f"{seen}: already at the lowest dose, review in person."
        )
    why_not = _why_not_progress(facts, dose)
    if why_not is not None:
        return Proposal(ProposalKind.HOLD, dose, f"{seen}: keep the dose ({why_not}).")
    higher = harder_dose(dose, facts)
    if higher is not None:
        return Proposal(
            ProposalKind.PROGRESS, higher, f"{seen}: ready for more, {_change_text(dose, higher)}."
        )
    variant = harder(exercise)
    if variant is not None:
        return Proposal(
            ProposalKind.HARDER_VARIANT,
            dose,
            f"{seen}: try the harder {variant.name}.",
            variant.code,
        )
    return Proposal(
        ProposalKind.HOLD, dose, f"{seen}: at the top of the dose ladder, keep the dose."
    )
