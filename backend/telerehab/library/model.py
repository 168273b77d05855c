"""What a library exercise is: the words a patient reads, the dose a doctor starts from, how it
is recorded, and the key poses its demonstration figure moves between.

A key pose is a set of joint angles in degrees (unnamed joints keep the standing pose's 0). The
figure faces the viewer's right in the ``side`` view and the viewer in the ``front`` view; in
each, an angle means the movement that view shows:

- ``trunk``: the trunk's lean from upright; side view: forward +, backward - (+90 lying face
  down, -90 lying on the back, -110 shoulders down and hips up as in a bridge); front view:
  towards the figure's left +, right - (-90 lying on the right side, the left limbs on top).
- ``shoulder_*``: side view flexion (arm forward and up, 180 overhead; backward -); front view
  abduction (arm out to the side and up).
- ``elbow_*``: flexion, 0 straight. ``knee_*``: flexion, 0 straight.
- ``hip_*``: side view flexion (thigh forward and up; backward -); front view abduction (leg
  out to the side; across the midline -).
- ``ankle_*``: plantar flexion (toes pointed down) +, dorsiflexion (toes pulled up) -.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from telerehab.enums import BodyRegion, ExerciseGoal, ExerciseType, Recording


class View(StrEnum):
    FRONT = "front"
    SIDE = "side"


class Prop(StrEnum):
    """What the figure uses, drawn with it: nothing, a chair, a mat, a wall or a step."""

    NONE = "none"
    CHAIR = "chair"
    MAT = "mat"
    WALL = "wall"
    STEP = "step"


SIDES = ("left", "right")
LIMB_JOINTS = ("shoulder", "elbow", "hip", "knee", "ankle")
JOINTS: tuple[str, ...] = ("trunk", *(f"{j}_{s}" for j in LIMB_JOINTS for s in SIDES))

# The range each joint may take in each view, in degrees: a wider pose is a typing error.
JOINT_RANGES: dict[View, dict[str, tuple[float, float]]] = {
    View.SIDE: {
        "trunk": (-120, 120),  # beyond 90: head lower than the hips (a bridge)
        "shoulder": (-60, 180),
        "elbow": (0, 150),
        "hip": (-30, 130),
        "knee": (0, 150),
        "ankle": (-30, 50),
    },
    View.FRONT: {
        "trunk": (-90, 90),
        "shoulder": (0, 180),
        "elbow": (0, 150),
        "hip": (-20, 60),
        "knee": (0, 150),
        "ankle": (-30, 50),
    },
}


def joint_range(view: View, joint: str) -> tuple[float, float]:
    return JOINT_RANGES[view][joint.split("_")[0]]


@dataclass(frozen=True)
class KeyPose:
    """A pose the figure passes through and holds for ``hold_s`` seconds."""

    angles: dict[str, float]
    hold_s: float = 0.5
    label: str = ""


@dataclass(frozen=True)
class Demonstration:
    """Key poses played in a loop (back to the first), ``move_s`` seconds between two poses."""

    view: View
    poses: tuple[KeyPose, ...]
    move_s: float = 1.5
    prop: Prop = Prop.NONE


@dataclass(frozen=True)
class Dose:
    """Where a doctor starts: ``reps`` repetitions a set, each held ``hold_seconds`` if any."""

    sets: int
    reps: int
    rest_seconds: int = 60
    hold_seconds: int | None = None


@dataclass(frozen=True)
class LibraryExercise:
    code: str
    name: str
    region: BodyRegion
    goal: ExerciseGoal
    summary: str
    instructions: tuple[str, ...]
    cautions: tuple[str, ...]
    dose: Dose
    demonstration: Demonstration
    # Set for the five exercises the camera engine counts; their code is the engine's name.
    camera: ExerciseType | None = None
    harder: str | None = None
    easier: str | None = None
    equipment: tuple[str, ...] = field(default=())

    @property
    def recording(self) -> Recording:
        return Recording.CAMERA if self.camera else Recording.SELF_REPORT


def pose(hold_s: float = 0.5, label: str = "", **angles: float) -> KeyPose:
    """A key pose; a ``both_`` prefix sets the left and the right joint alike."""
    resolved: dict[str, float] = {}
    for name, degrees in angles.items():
        if name.startswith("both_"):
            joint = name.removeprefix("both_")
            resolved[f"{joint}_left"] = resolved[f"{joint}_right"] = degrees
        else:
            resolved[name] = degrees
    return KeyPose(angles=resolved, hold_s=hold_s, label=label)


def demo(view: View, *poses: KeyPose, move_s: float = 1.5, prop: Prop = Prop.NONE) -> Demonstration:
    return Demonstration(view=view, poses=poses, move_s=move_s, prop=prop)
