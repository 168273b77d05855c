"""The demonstration figure's geometry on the server: the stick figure of a key pose, for the
printed home programme. The web app's ``frontend/src/library/figure.ts`` draws the figure on
screen from the same angles, by the same conventions (``telerehab.library.model``) and segment
lengths; ``tests/test_library_figure.py`` checks this one's geometry, pose by pose."""

import math
from dataclasses import dataclass
from itertools import pairwise

from telerehab.library.model import Demonstration, KeyPose

# Segment lengths in the figure's units (about a centimetre each for a 1.7 m person).
TRUNK, NECK, HEAD, UPPER_ARM, FOREARM, THIGH, SHANK, FOOT = 50, 13, 9, 28, 25, 41, 39, 12
SHOULDER_HALF_WIDTH = 11
HIP_HALF_WIDTH = 8

Point = tuple[float, float]


@dataclass(frozen=True)
class Limb:
    side: str
    root: Point
    middle: Point
    end: Point
    tip: Point | None = None  # the toes


@dataclass(frozen=True)
class Skeleton:
    pelvis: Point
    neck: Point
    head: Point  # the head's centre; its radius is ``HEAD``
    arms: tuple[Limb, ...]
    legs: tuple[Limb, ...]

    def points(self) -> list[Point]:
        """Every point of the figure, the head's top and bottom included."""
        x, y = self.head
        limbs = (*self.arms, *self.legs)
        return [
            self.pelvis,
            self.neck,
            (x, y - HEAD),
            (x, y + HEAD),
            *(p for limb in limbs for p in (limb.root, limb.middle, limb.end, limb.tip) if p),
        ]


@dataclass(frozen=True)
class Drawing:
    """A figure ready to draw: its bones as line segments and its head, lifted so that its
    lowest point rests on the floor (y = 0)."""

    bones: tuple[tuple[Point, Point], ...]
    head: Point
    head_radius: float = HEAD

    def extent(self) -> tuple[float, float, float, float]:
        """The smallest box holding the figure: min x, max x, min y, max y."""
        xs = [x for bone in self.bones for x, _ in bone] + [
            self.head[0] - HEAD,
            self.head[0] + HEAD,
        ]
        ys = [y for bone in self.bones for _, y in bone] + [
            self.head[1] - HEAD,
            self.head[1] + HEAD,
        ]
        return min(xs), max(xs), min(ys), max(ys)


def drawing(figure: Skeleton) -> Drawing:
    lift = -min(y for _, y in figure.points())

    def up(point: Point) -> Point:
        return (point[0], point[1] + lift)

    bones = [(figure.pelvis, figure.neck)]
    for limb in (*figure.arms, *figure.legs):
        joints = [limb.root, limb.middle, limb.end, *([limb.tip] if limb.tip else [])]
        bones.extend(pairwise(joints))
    return Drawing(tuple((up(a), up(b)) for a, b in bones), up(figure.head))


def _add(point: Point, direction: Point, length: float) -> Point:
    return (point[0] + direction[0] * length, point[1] + direction[1] * length)


def skeleton(angles: dict[str, float], view: str) -> Skeleton:
    """The figure's joints for ``angles`` in ``view`` ("side" or "front"), y pointing up, the
    pelvis at the origin; side view: facing +x, its left limbs the near ones; front view: facing
    the viewer, its left on the viewer's right."""
    trunk = math.radians(angles.get("trunk", 0))
    up = (math.sin(trunk), math.cos(trunk))
    across = (math.cos(trunk), -math.sin(trunk))

    def direction(degrees: float, towards: Point) -> Point:
        a = math.radians(degrees)
        return (
            -up[0] * math.cos(a) + towards[0] * math.sin(a),
            -up[1] * math.cos(a) + towards[1] * math.sin(a),
        )

    pelvis = (0.0, 0.0)
    neck = _add(pelvis, up, TRUNK)
    head = _add(neck, up, NECK)
    arms, legs = [], []
    for side in ("left", "right"):
        outward = (-across[0], -across[1]) if view == "front" and side == "right" else across
        lateral = (1 if side == "left" else -1) if view == "front" else 0
        shoulder = _add(neck, across, lateral * SHOULDER_HALF_WIDTH)
        hip = _add(pelvis, across, lateral * HIP_HALF_WIDTH)
        arm = angles.get(f"shoulder_{side}", 0)
        bend = angles.get(f"elbow_{side}", 0)
        elbow = _add(shoulder, direction(arm, outward), UPPER_ARM)
        forearm = arm + bend if view == "side" else arm - bend
        arms.append(Limb(side, shoulder, elbow, _add(elbow, direction(forearm, outward), FOREARM)))
        thigh = angles.get(f"hip_{side}", 0)
        shank = thigh - angles.get(f"knee_{side}", 0)
        knee = _add(hip, direction(thigh, outward), THIGH)
        ankle = _add(knee, direction(shank, outward), SHANK)
        foot = shank + 90 - angles.get(f"ankle_{side}", 0) if view == "side" else shank + 90
        legs.append(Limb(side, hip, knee, ankle, _add(ankle, direction(foot, outward), FOOT)))
    return Skeleton(pelvis, neck, head, tuple(arms), tuple(legs))


def start_and_end(demonstration: Demonstration) -> list[Drawing]:
    """The picture of a movement on paper: its first key pose, and the one furthest from it."""
    first = demonstration.poses[0]

    def distance(pose: KeyPose) -> float:
        joints = first.angles.keys() | pose.angles.keys()
        return sum(abs(pose.angles.get(j, 0) - first.angles.get(j, 0)) for j in joints)

    furthest = max(demonstration.poses, key=distance)
    shown = [first] if distance(furthest) == 0 else [first, furthest]
    return [drawing(skeleton(pose.angles, demonstration.view.value)) for pose in shown]
