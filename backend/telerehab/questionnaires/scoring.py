"""Scoring an answered questionnaire: every item present and in range, or a clear error.

A missing item is never scored around (some paper forms allow it; a trend across visits would
then compare different sums): it is an ``InvalidInput`` naming the item.
"""

from dataclasses import dataclass

from telerehab.errors import InvalidInput
from telerehab.questionnaires.catalogue import Instrument, Scale


@dataclass(frozen=True)
class ItemValue:
    code: str
    text: str
    value: int


@dataclass(frozen=True)
class Scored:
    score: float
    items: list[ItemValue]


def _checked(value: int | None, scale: Scale, name: str) -> int:
    if value is None:
        raise InvalidInput(f"Answer '{name}': it is missing.")
    if not scale.minimum <= value <= scale.maximum:
        raise InvalidInput(
            f"Answer '{name}' with a whole number from {scale.minimum} to {scale.maximum}."
        )
    return value


def score_items(instrument: Instrument, answers: dict[str, int | None]) -> Scored:
    """Score a fixed-item instrument from ``answers`` (item code -> value)."""
    known = {item.code for item in instrument.items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InvalidInput(f"{instrument.name} has no item {', '.join(unknown)}.")
    values = [
        ItemValue(item.code, item.text, _checked(answers.get(item.code), item.scale, item.text))
        for item in instrument.items
    ]
    total = sum(value.value for value in values)
    if instrument.as_percent:
        maximum = sum(item.scale.maximum for item in instrument.items)
        return Scored(round(100 * total / maximum, 1), values)
    return Scored(float(total), values)


def score_activities(instrument: Instrument, activities: list[tuple[str, int | None]]) -> Scored:
    """Score a patient-specific instrument (PSFS) from (activity, rating) pairs."""
    scale = instrument.activity_scale
    if scale is None:
        raise InvalidInput(f"{instrument.name} is answered item by item, not with activities.")
    if not instrument.min_activities <= len(activities) <= instrument.max_activities:
        raise InvalidInput(
            f"Name from {instrument.min_activities} to {instrument.max_activities} activities."
        )
    names = [name.strip() for name, _ in activities]
    if any(not name for name in names):
        raise InvalidInput("Every activity needs a name.")
    if len({name.casefold() for name in names}) != len(names):
        raise InvalidInput("Name each activity once.")
    values = [
        ItemValue(f"activity{number}", name, _checked(value, scale, name))
        for number, (name, (_, value)) in enumerate(zip(names, activities, strict=True), 1)
    ]
    return Scored(round(sum(v.value for v in values) / len(values), 2), values)


def score(
    instrument: Instrument,
    answers: dict[str, int | None],
    activities: list[tuple[str, int | None]],
) -> Scored:
    """The instrument's score, from ``answers`` or (patient-specific) ``activities``."""
    if instrument.activity_scale is not None:
        if answers:
            raise InvalidInput(f"{instrument.name} is answered with your own activities.")
        return score_activities(instrument, activities)
    if activities:
        raise InvalidInput(f"{instrument.name} has fixed items: answer them, not activities.")
    return score_items(instrument, answers)
