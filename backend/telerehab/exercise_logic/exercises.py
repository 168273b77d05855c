"""The exercise table: what each exercise measures, how it moves and what feedback it gives.

Adding an exercise is a new ``EXERCISES`` entry built from the pieces below, not new code.
Landmark numbers are MediaPipe Pose indices (see ``landmarks.LANDMARK_NAMES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Final, Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic.kernels import joint_angle_3d
from telerehab.exercise_logic.landmarks import (
    LANDMARK_COUNT,
    LEFT_HIP_UP_TRUNK,
    LEFT_SHOULDER_DOWN_TRUNK,
    RIGHT_HIP_UP_TRUNK,
    RIGHT_SHOULDER_DOWN_TRUNK,
    Pair,
    Triplet,
)
from telerehab.exercise_logic.posture_rules import RaisePlaneRule, TrunkTiltRule

T = TypeVar("T")


@dataclass(frozen=True)
class Sided(Generic[T]):
    """The same thing on the patient's left and right (MediaPipe names sides from the patient)."""

    left: T
    right: T

    def of(self, side: Side) -> T:
        return self.right if side is Side.RIGHT else self.left


@dataclass(frozen=True)
class HeightCue:
    """A landmark whose height above a reference landmark follows the movement.

    Heights survive camera angles and per-frame normalisation that distort joint angles, so they
    are counted alongside the angles and the clearest signal wins.
    """

    landmarks: Sided[Pair]  # (moving landmark, reference landmark)
    rises_with_effort: bool


class FormRule(Protocol):
    """A check on each rep, from one number measured on every frame of the rep."""

    @property
    def code(self) -> str: ...

    @property
    def message(self) -> str: ...

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float: ...

    def needed(self, side: Side) -> tuple[int, ...]: ...

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool: ...


@dataclass(frozen=True)
class StillnessRule:
    """``landmark`` should keep its place beside ``anchor`` during a rep (the elbow in a curl).

    Drift is measured sideways in the image, as a share of the torso length, so it reads the
    same near and far from the camera.
    """

    code: str
    message: str
    landmarks: Sided[Pair]  # (landmark that should stay still, anchor landmark)
    max_drift: float

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float:
        moving, anchor = self.landmarks.of(side)
        return float(points[moving, 0] - points[anchor, 0]) / body_scale

    def needed(self, side: Side) -> tuple[int, ...]:
        return self.landmarks.of(side)

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool:
        return bool(np.nanmax(values) - np.nanmin(values) > self.max_drift)


@dataclass(frozen=True)
class ReachRule:
    """At the top of the effort ``landmark`` should come up to the height of ``target``."""

    code: str
    message: str
    landmarks: Sided[Pair]  # (landmark that should rise, landmark whose height it should reach)
    tolerance: float  # share of the torso length it may stay below the target

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float:
        rising, target = self.landmarks.of(side)
        # y grows downward, so a positive value means the landmark is above the target.
        return float(points[target, 1] - points[rising, 1]) / body_scale

    def needed(self, side: Side) -> tuple[int, ...]:
        return self.landmarks.of(side)

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool:
        return bool(np.nanmax(values) < -self.tolerance)


@dataclass(frozen=True)
class AngleLimitRule:
    """A second joint should not bend below ``min_deg`` during a rep (a straight arm in a raise)."""

    code: str
    message: str
    joints: Sided[Triplet]
    min_deg: float

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float:
        angle: float = joint_angle_3d(points, *self.joints.of(side))
        return angle

    def needed(self, side: Side) -> tuple[int, ...]:
        return self.joints.of(side)

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool:
        return bool(np.nanmin(values) < self.min_deg)


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise as data.

    ``joints`` is the angle whose range of motion is reported. ``helper_joints`` and ``heights``
    move with it and are only used to count: the engine follows whichever signal is clearest for
    this person and camera.
    """

    exercise: ExerciseType
    measured_angle: str
    plane: str
    joints: Sided[Triplet]
    effort_closes_joint: bool  # True when the measured angle gets smaller during the effort
    helper_joints: tuple[Sided[Triplet], ...]
    heights: tuple[HeightCue, ...]
    typical_rom_deg: float
    minimum_rom_deg: float  # below this a rep draws the shallow-rep feedback when no target is set
    min_rep_duration_s: float  # from leaving rest to coming most of the way back
    effort_phase: str
    return_phase: str
    shallow_rep_code: str
    shallow_rep_message: str
    form_rules: tuple[FormRule, ...] = ()
    # An arm exercise: a patient seated and framed from the chest up can do it (framing.py).
    upper_limb: bool = False

    @cached_property  # read every frame: worked out once per exercise
    def uses_trunk_axis(self) -> bool:
        """Whether an angle is measured from the trunk's axis (``landmarks.with_trunk_axis``)."""
        triplets = (self.joints, *self.helper_joints)
        return any(i >= LANDMARK_COUNT for t in triplets for i in (*t.left, *t.right))


LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28

ELBOW = Sided((LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST), (RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST))
# Shoulder flexion and abduction, and hip flexion, are measured as a goniometer measures them:
# the upper arm's (the thigh's) angle from the trunk's long axis (``landmarks.py``).
SHOULDER = Sided(
    (LEFT_SHOULDER_DOWN_TRUNK, LEFT_SHOULDER, LEFT_ELBOW),
    (RIGHT_SHOULDER_DOWN_TRUNK, RIGHT_SHOULDER, RIGHT_ELBOW),
)
HIP_FLEXION = Sided(
    (LEFT_HIP_UP_TRUNK, LEFT_HIP, LEFT_KNEE), (RIGHT_HIP_UP_TRUNK, RIGHT_HIP, RIGHT_KNEE)
)
# Counting helpers: they only have to move with the exercise.
SHOULDER_TO_WRIST = Sided(
    (LEFT_HIP, LEFT_SHOULDER, LEFT_WRIST), (RIGHT_HIP, RIGHT_SHOULDER, RIGHT_WRIST)
)
HIP = Sided((LEFT_SHOULDER, LEFT_HIP, LEFT_KNEE), (RIGHT_SHOULDER, RIGHT_HIP, RIGHT_KNEE))
KNEE = Sided((LEFT_HIP, LEFT_KNEE, LEFT_ANKLE), (RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE))

WRIST_ABOVE_SHOULDER = HeightCue(
    Sided((LEFT_WRIST, LEFT_SHOULDER), (RIGHT_WRIST, RIGHT_SHOULDER)), rises_with_effort=True
)
HIP_ABOVE_ANKLE = HeightCue(
    Sided((LEFT_HIP, LEFT_ANKLE), (RIGHT_HIP, RIGHT_ANKLE)), rises_with_effort=False
)
# Squat depth is read as the hip coming down towards the knee (hip crease at knee level), which a
# front or a side camera both see; the knee stays put while the hip drops.
HIP_ABOVE_KNEE = HeightCue(
    Sided((LEFT_HIP, LEFT_KNEE), (RIGHT_HIP, RIGHT_KNEE)), rises_with_effort=False
)
KNEE_ABOVE_HIP = HeightCue(Sided((LEFT_KNEE, LEFT_HIP), (RIGHT_KNEE, RIGHT_HIP)), True)
ANKLE_ABOVE_HIP = HeightCue(Sided((LEFT_ANKLE, LEFT_HIP), (RIGHT_ANKLE, RIGHT_HIP)), True)

# A rep's duration is read from the moment it leaves rest to the moment it has come 60 % of the
# way back: about two thirds of the whole rep, less when the jitter is high (it leaves rest later).
# The floor only rules out what no exercise does, a limb out and back in a third of a second (a
# glitch the median missed). At 0.6 s it threw out every rep quicker than about 0.9 s, and a brisk
# squat or raise takes 0.8: the first reps of a fast set never taught the counter the person's
# swing, so it went on counting one rep in two, or fewer (docs/benchmarks.md, issue 21).
QUICKEST_REP_S: Final = 0.3

# A rep quicker than this (from leaving rest to coming most of the way back, as above: about two
# thirds of the whole rep, so about a second in all) is swung rather than controlled. Chosen by
# leave-one-subject-out folds over the shared recordings (the 2nd percentile of the other
# subjects' reps; the folds' median): 3 % of the left-out subjects' reps fall below it.
QUICKEST_CONTROLLED_REP_S: Final = 0.64
TOO_FAST_CODE: Final = "too_fast"
TOO_FAST_MESSAGE: Final = "slow down and move with control"

# A partial rep starts before the limb has come back to where the set's reps start: short of the
# usual starting angle (the median over the last reps) by more than this share of their usual
# range. Chosen by leave-one-subject-out folds over the shared recordings
# (bench/partial_rep_threshold.py: the 98th percentile of the other subjects' reps; the folds'
# median, 0.295): 7 of the left-out subjects' 269 reps (2.6 %) are over it.
PARTIAL_REP_SHARE: Final = 0.3
PARTIAL_REP_CODE: Final = "partial_rep"
PARTIAL_REP_MESSAGE: Final = "go all the way back before the next rep"
# The usual start and range are read over this many of the set's last reps, once there are two.
PARTIAL_REP_MEMORY: Final = 10
PARTIAL_REP_AFTER: Final = 2

# The rep's flags are told one at a time: the first of these the rep has (and that has not been
# told in the last few seconds) is the one said. The wrong exercise first, then how far the rep
# went, then posture, then tempo; codes not listed come after, in the order the rep has them.
FEEDBACK_PRIORITY: Final = (
    "wrong_movement",
    "short_curl",
    "low_arm",
    "shallow_squat",
    "low_knee",
    "knee_below_hip",
    PARTIAL_REP_CODE,
    "trunk_swing",
    "trunk_lean",
    "moving_elbow",
    "bent_elbow",
    TOO_FAST_CODE,
)
FEEDBACK_RANK: Final = {code: rank for rank, code in enumerate(FEEDBACK_PRIORITY)}

STRAIGHT_ARM = AngleLimitRule("bent_elbow", "keep your arm straight", ELBOW, min_deg=120.0)

# The trunk's tilt may change this much during a rep (degrees). Standing still sways it a few
# degrees (UI-PRMD's controlled arm raises: at most 3.3 within a rep, its standing leg raises up to
# 10.8); 15 is a lean anyone watching sees, the body helping the arm up.
TRUNK_SWAY_DEG: Final = 15.0
TRUNK_SWING = TrunkTiltRule("trunk_swing", "keep your body still", TRUNK_SWAY_DEG)
TRUNK_LEAN = TrunkTiltRule("trunk_lean", "stand tall, do not lean", TRUNK_SWAY_DEG)

# The plane of an arm raise (posture_rules.RaisePlaneRule): 0 degrees sideways (abduction),
# 90 forward (flexion). Between them lies the scapular plane, 30 degrees forward of sideways,
# which either exercise accepts; a raise nearer the other pure plane than the scapular plane is
# the other exercise: sideways under 15 degrees (halfway from 0 to 30), forward over 60 (halfway
# from 30 to 90).
SIDEWAYS_BELOW_DEG: Final = 15.0
FORWARD_ABOVE_DEG: Final = 60.0
WRONG_MOVEMENT_CODE: Final = "wrong_movement"
RAISED_FORWARD = RaisePlaneRule(
    WRONG_MOVEMENT_CODE, "raise your arm forward, in front of you", (SIDEWAYS_BELOW_DEG, 180.0)
)
RAISED_SIDEWAYS = RaisePlaneRule(
    WRONG_MOVEMENT_CODE, "raise your arm out to the side", (0.0, FORWARD_ABOVE_DEG)
)

EXERCISES: Final[dict[ExerciseType, ExerciseSpec]] = {
    ExerciseType.BICEP_CURL: ExerciseSpec(
        exercise=ExerciseType.BICEP_CURL,
        measured_angle="elbow flexion (shoulder-elbow-wrist)",
        plane="sagittal",
        joints=ELBOW,
        effort_closes_joint=True,
        helper_joints=(),
        heights=(WRIST_ABOVE_SHOULDER,),
        typical_rom_deg=120.0,
        minimum_rom_deg=70.0,
        min_rep_duration_s=QUICKEST_REP_S,
        effort_phase="flexing",
        return_phase="extending",
        shallow_rep_code="short_curl",
        shallow_rep_message="curl all the way up",
        upper_limb=True,
        form_rules=(
            StillnessRule(
                "moving_elbow",
                "keep your elbow still",
                Sided((LEFT_ELBOW, LEFT_SHOULDER), (RIGHT_ELBOW, RIGHT_SHOULDER)),
                max_drift=0.35,
            ),
            TRUNK_SWING,
        ),
    ),
    ExerciseType.SHOULDER_FLEXION: ExerciseSpec(
        exercise=ExerciseType.SHOULDER_FLEXION,
        measured_angle=(
            "shoulder flexion (the upper arm from the trunk's axis), arm raised forward"
        ),
        plane="sagittal",
        joints=SHOULDER,
        effort_closes_joint=False,
        helper_joints=(SHOULDER_TO_WRIST,),
        heights=(WRIST_ABOVE_SHOULDER,),
        typical_rom_deg=150.0,
        minimum_rom_deg=60.0,
        min_rep_duration_s=QUICKEST_REP_S,
        effort_phase="raising",
        return_phase="lowering",
        shallow_rep_code="low_arm",
        shallow_rep_message="raise your arm higher",
        form_rules=(RAISED_FORWARD, STRAIGHT_ARM, TRUNK_LEAN),
        upper_limb=True,
    ),
    ExerciseType.SHOULDER_ABDUCTION: ExerciseSpec(
        exercise=ExerciseType.SHOULDER_ABDUCTION,
        measured_angle=(
            "shoulder abduction (the upper arm from the trunk's axis), arm raised sideways"
        ),
        plane="frontal",
        joints=SHOULDER,
        effort_closes_joint=False,
        helper_joints=(SHOULDER_TO_WRIST,),
        heights=(WRIST_ABOVE_SHOULDER,),
        typical_rom_deg=150.0,
        minimum_rom_deg=60.0,
        min_rep_duration_s=QUICKEST_REP_S,
        effort_phase="raising",
        return_phase="lowering",
        shallow_rep_code="low_arm",
        shallow_rep_message="raise your arm higher",
        form_rules=(RAISED_SIDEWAYS, STRAIGHT_ARM, TRUNK_LEAN),
        upper_limb=True,
    ),
    ExerciseType.SQUAT: ExerciseSpec(
        exercise=ExerciseType.SQUAT,
        measured_angle="knee flexion (hip-knee-ankle)",
        plane="sagittal",
        joints=KNEE,
        effort_closes_joint=True,
        helper_joints=(HIP,),
        heights=(HIP_ABOVE_ANKLE, HIP_ABOVE_KNEE),
        typical_rom_deg=90.0,
        minimum_rom_deg=45.0,
        min_rep_duration_s=QUICKEST_REP_S,
        effort_phase="down",
        return_phase="up",
        shallow_rep_code="shallow_squat",
        shallow_rep_message="go lower",
    ),
    ExerciseType.KNEE_RAISE: ExerciseSpec(
        exercise=ExerciseType.KNEE_RAISE,
        # Hip flexion reads both a bent-knee raise and a straight-leg raise; knee flexion does not.
        measured_angle="hip flexion (the thigh from the trunk's axis)",
        plane="sagittal",
        joints=HIP_FLEXION,
        effort_closes_joint=True,
        helper_joints=(KNEE,),
        heights=(KNEE_ABOVE_HIP, ANKLE_ABOVE_HIP),
        typical_rom_deg=90.0,
        minimum_rom_deg=30.0,
        min_rep_duration_s=QUICKEST_REP_S,
        effort_phase="raising",
        return_phase="lowering",
        shallow_rep_code="low_knee",
        shallow_rep_message="raise your knee higher",
        form_rules=(
            ReachRule(
                "knee_below_hip",
                "raise your knee to hip height",
                Sided((LEFT_KNEE, LEFT_HIP), (RIGHT_KNEE, RIGHT_HIP)),
                tolerance=0.15,
            ),
        ),
    ),
}


def exercise_spec(exercise: ExerciseType) -> ExerciseSpec:
    return EXERCISES[exercise]


def feedback_messages(spec: ExerciseSpec) -> dict[str, str]:
    """What the patient is told for each flag ``spec``'s reps can have."""
    return {
        spec.shallow_rep_code: spec.shallow_rep_message,
        TOO_FAST_CODE: TOO_FAST_MESSAGE,
        PARTIAL_REP_CODE: PARTIAL_REP_MESSAGE,
    } | {rule.code: rule.message for rule in spec.form_rules}
