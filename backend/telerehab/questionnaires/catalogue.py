"""The outcome questionnaires (PROMs) a doctor may schedule: items, answer scales, scoring, the
minimal clinically important difference (MCID) and the licence, as data.

An instrument is here only if its licence lets software present it without a fee or a
permission we do not hold; each one names what was checked. Item texts are written in our own
words, keeping each item's meaning (the activity or the pain asked about) and its answer scale,
which is what the published scoring and MCID rest on.

Left out, and why:
- QuickDASH and DASH (Institute for Work & Health): free only for clinicians' and researchers'
  non-commercial use; "commercial software and/or web-based software for repeated use" needs a
  paid licence (Category B), and the instruments "may not be incorporated into a product to be
  sold" (https://dash.iwh.on.ca/licences, and the DASH conditions of use).
"""

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    """Which way a score gets better: the attention list looks for a change the other way."""

    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"


@dataclass(frozen=True)
class Anchor:
    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    """Whole numbers from ``minimum`` to ``maximum``; ``anchors`` name some of them (all of them
    for a short scale, the ends for 0-10)."""

    minimum: int
    maximum: int
    anchors: tuple[Anchor, ...]


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    scale: Scale
    group: str | None = None  # a subscale (SPADI: "pain", "disability")


@dataclass(frozen=True)
class Licence:
    summary: str
    citation: str  # the instrument's reference publication
    sources: tuple[str, ...]  # where the terms (or the lack of any) were checked


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    body_region: str
    instructions: str
    items: tuple[Item, ...]
    scoring: str
    score_min: float
    score_max: float
    unit: str
    direction: Direction
    mcid: float
    mcid_source: str
    licence: Licence
    # Patient-specific: the patient names 3-5 activities and rates each on ``activity_scale``;
    # ``items`` is then empty.
    activity_scale: Scale | None = None
    # The sum as a percentage of the largest possible sum (SPADI), else the sum itself.
    as_percent: bool = False
    min_activities: int = 0
    max_activities: int = 0


ZERO_TO_TEN_PAIN = Scale(0, 10, (Anchor(0, "No pain"), Anchor(10, "Worst pain imaginable")))
DIFFICULTY_0_4 = Scale(
    0,
    4,
    (
        Anchor(0, "Extreme difficulty or unable to do it"),
        Anchor(1, "Quite a bit of difficulty"),
        Anchor(2, "Moderate difficulty"),
        Anchor(3, "A little difficulty"),
        Anchor(4, "No difficulty"),
    ),
)
ABILITY_0_10 = Scale(
    0, 10, (Anchor(0, "Unable to do it"), Anchor(10, "As well as before the problem"))
)
SPADI_DIFFICULTY = Scale(
    0, 10, (Anchor(0, "No difficulty"), Anchor(10, "So difficult I need help"))
)

NPRS = Instrument(
    code="nprs",
    name="Numeric Pain Rating Scale",
    body_region="any",
    instructions="Choose the number that best describes your pain over the last 24 hours.",
    items=(Item("pain", "Your pain over the last 24 hours", ZERO_TO_TEN_PAIN),),
    scoring="The rating itself, 0 (no pain) to 10 (worst pain imaginable).",
    score_min=0,
    score_max=10,
    unit="points",
    direction=Direction.HIGHER_IS_WORSE,
    mcid=2,
    mcid_source=(
        "2 points (Farrar JT et al. Pain 2001;94:149-158; Childs JD et al. Spine "
        "2005;30:1331-1334)."
    ),
    licence=Licence(
        summary=(
            "A generic 0-10 rating with no owner, in clinical use since the 1970s: no licence "
            "or permission is needed."
        ),
        citation="Downie WW et al. Ann Rheum Dis 1978;37:378-381.",
        sources=(),  # a scale with no owner: there are no terms to check
    ),
)

PSFS = Instrument(
    code="psfs",
    name="Patient-Specific Functional Scale",
    body_region="any",
    instructions=(
        "Name 3 to 5 everyday activities that your problem makes hard or impossible, and rate "
        "how well you can do each today."
    ),
    items=(),
    scoring="The mean of the activities' ratings, 0 (unable) to 10 (as before the problem).",
    score_min=0,
    score_max=10,
    unit="points",
    direction=Direction.HIGHER_IS_BETTER,
    mcid=2,
    mcid_source=(
        "2 points on the mean score (Stratford P et al. Physiother Can 1995;47:258-263; "
        "Horn KK et al. J Orthop Sports Phys Ther 2012;42:30-42)."
    ),
    licence=Licence(
        summary=(
            "Published without a licence or fee; the patient writes the activities, so the "
            "instrument has no item text to reproduce, only its 0-10 rating and instructions "
            "(here in our own words)."
        ),
        citation=(
            "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on "
            "individual patients: a report of a patient specific measure. Physiother Can "
            "1995;47:258-263."
        ),
        sources=(
            # no terms found; software vendors ship it as a free PROM pathway
            "https://pep.health/portfolio/patient-specific-functional-scale-psfs-pathway",
        ),
    ),
    activity_scale=ABILITY_0_10,
    min_activities=3,
    max_activities=5,
)

_LEFS_ACTIVITIES = (
    "Your usual work, housework or school activities",
    "Your usual hobbies, sport or recreation",
    "Getting into or out of the bath",
    "Walking from one room to another",
    "Putting on shoes or socks",
    "Squatting down",
    "Lifting something like a bag of shopping from the floor",
    "Light jobs around the home",
    "Heavy jobs around the home",
    "Getting into or out of a car",
    "Walking two blocks",
    "Walking a mile (about 1.6 km)",
    "Going up or down a flight of about 10 stairs",
    "Standing for an hour",
    "Sitting for an hour",
    "Running on flat ground",
    "Running on uneven ground",
    "Turning sharply while running fast",
    "Hopping",
    "Rolling over in bed",
)
LEFS = Instrument(
    code="lefs",
    name="Lower Extremity Functional Scale",
    body_region="lower limb",
    instructions=(
        "Because of the problem with your leg, hip, knee, ankle or foot: how much difficulty "
        "do you have today, or would you have, with each of these activities?"
    ),
    items=tuple(
        Item(f"lefs{number}", text, DIFFICULTY_0_4)
        for number, text in enumerate(_LEFS_ACTIVITIES, start=1)
    ),
    scoring="The sum of the 20 ratings, 0 (worst) to 80 (no difficulty with any activity).",
    score_min=0,
    score_max=80,
    unit="points",
    direction=Direction.HIGHER_IS_BETTER,
    mcid=9,
    mcid_source="9 points (Binkley JM et al. Phys Ther 1999;79:371-383).",
    licence=Licence(
        summary=(
            "Free to use: the Shirley Ryan AbilityLab Rehabilitation Measures Database lists "
            "its cost as free; the developers attach no licence to the published scale."
        ),
        citation=(
            "Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional "
            "Scale (LEFS): scale development, measurement properties, and clinical "
            "application. Phys Ther 1999;79:371-383."
        ),
        sources=(
            # The database's instrument page ("Cost: Free"), read through a public copy of it.
            "https://www.sralab.org/rehabilitation-measures/lower-extremity-functional-scale",
            "http://dorfenfashion.com/rehabilitation-measures/lower-extremity-functional-scale",
        ),
    ),
)

_SPADI_PAIN = (
    "Pain at its worst",
    "Pain when lying on the affected side",
    "Pain reaching for something on a high shelf",
    "Pain touching the back of your neck",
    "Pain pushing with the affected arm",
)
_SPADI_DISABILITY = (
    "Washing your hair",
    "Washing your back",
    "Putting on a jumper or a vest over your head",
    "Putting on a shirt that buttons down the front",
    "Putting on trousers",
    "Putting something on a high shelf",
    "Carrying something heavy (about 4.5 kg)",
    "Taking something out of a back pocket",
)
SPADI = Instrument(
    code="spadi",
    name="Shoulder Pain and Disability Index",
    body_region="upper limb (shoulder)",
    instructions=(
        "Thinking of the last week and your shoulder: rate your pain (0 no pain, 10 worst "
        "imaginable) and how hard each activity is (0 no difficulty, 10 so hard you need help)."
    ),
    items=(
        *(
            Item(f"pain{number}", text, ZERO_TO_TEN_PAIN, "pain")
            for number, text in enumerate(_SPADI_PAIN, start=1)
        ),
        *(
            Item(f"disability{number}", text, SPADI_DIFFICULTY, "disability")
            for number, text in enumerate(_SPADI_DISABILITY, start=1)
        ),
    ),
    scoring=(
        "The sum of the 13 ratings as a percentage of 130, 0 (best) to 100 (worst). Every item "
        "must be answered: the paper form's rule of scoring around a skipped item is not used."
    ),
    score_min=0,
    score_max=100,
    unit="%",
    as_percent=True,
    direction=Direction.HIGHER_IS_WORSE,
    mcid=13,
    mcid_source=(
        "13 points (Williams JW et al. Med Care 1995;33:AS145-AS151; Roach KE et al. "
        "Arthritis Care Res 1991;4:143-149); some studies report 8-13."
    ),
    licence=Licence(
        summary=(
            "Published in a journal and reproduced without a licence or fee by clinical "
            "bodies and by clinical software (e.g. Awell's care-flow library); no permission "
            "or user fee is asked by its developer in any source we checked."
        ),
        citation=(
            "Roach KE, Budiman-Mak E, Songsiridej N, Lertratanakul Y. Development of a "
            "shoulder pain and disability index. Arthritis Care Res 1991;4:143-149."
        ),
        sources=(
            "https://www.apta.org/patient-care/evidence-based-practice-resources/test-measures/"
            "shoulder-pain-and-disability-index-spadi",
            "https://awellhealth.com/care-flow-library/shoulder-pain-and-disability-index-spadi-flow",
        ),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument for instrument in (NPRS, PSFS, LEFS, SPADI)
}
