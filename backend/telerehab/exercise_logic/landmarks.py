"""MediaPipe Pose landmark indices and the geometry the engine measures on them.

A frame is a ``(33, 4)`` array of ``x, y, z, visibility`` in MediaPipe's order; ``y`` grows
downward. Angles and lengths are measured with x, y and z in one unit: MediaPipe gives x (and z)
as fractions of the picture's width and y of its height, so a caller multiplies x and z by the
picture's width over its height first (the live stream does, from ``aspect_ratio``). Only the
landmarks below are used; the others (face, fingers, feet) may be missing. The engine adds four
points of its own after MediaPipe's 33 (``with_trunk_axis``), so that an angle at a shoulder or
a hip can be measured from the trunk's long axis.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side
from telerehab.exercise_logic.kernels import trunk_axis_points

LANDMARK_COUNT: Final = 33
VALUES_PER_LANDMARK: Final = 4

# The pictures the engine takes, as width over height: from a phone upright (9:16 is 0.5625) to a
# wide webcam (16:9 is 1.78), with room on either side; beyond these a picture is a strip.
MIN_ASPECT_RATIO: Final = 0.2
MAX_ASPECT_RATIO: Final = 5.0

# A landmark counts as seen when MediaPipe is at least this sure of it (Kinect data uses 0 or 1).
VISIBILITY_THRESHOLD: Final = 0.5

LANDMARK_NAMES: Final[dict[int, str]] = {
    0: "nose",
    11: "left_shoulder",
    12: "right_shoulder",
    13: "left_elbow",
    14: "right_elbow",
    15: "left_wrist",
    16: "right_wrist",
    23: "left_hip",
    24: "right_hip",
    25: "left_knee",
    26: "right_knee",
    27: "left_ankle",
    28: "right_ankle",
}

# The points the engine adds after MediaPipe's 33 (``with_trunk_axis``): each shoulder moved
# down, and each hip up, by the trunk's midline (the hips' midpoint to the shoulders' midpoint).
# An angle at the shoulder from the first to the elbow is the upper arm's angle from the trunk's
# long axis, where a goniometer's fixed arm is laid (parallel to the midaxillary line for
# shoulder flexion, to the sternum's midline for abduction; along the trunk's lateral midline for
# hip flexion: Norkin and White, Measurement of Joint Motion). The same side's hip-to-shoulder
# line is not parallel to it: shoulders are wider than hips, so it leans about 9 degrees inwards,
# and an arm or a thigh raised forward turns less from it than it is raised (150 reads 140).
LEFT_SHOULDER_DOWN_TRUNK: Final = 33
RIGHT_SHOULDER_DOWN_TRUNK: Final = 34
LEFT_HIP_UP_TRUNK: Final = 35
RIGHT_HIP_UP_TRUNK: Final = 36
WITH_TRUNK_AXIS_COUNT: Final = 37
_HIPS = (23, 24)
# Each added point: the landmark it starts from, and the same side's other end of the trunk,
# which it stands in for when the trunk is not all seen (see ``with_trunk_axis``).
TRUNK_AXIS_POINTS: Final[dict[int, tuple[int, int]]] = {
    LEFT_SHOULDER_DOWN_TRUNK: (11, 23),
    RIGHT_SHOULDER_DOWN_TRUNK: (12, 24),
    LEFT_HIP_UP_TRUNK: (23, 11),
    RIGHT_HIP_UP_TRUNK: (24, 12),
}

# ``kernels.trunk_axis_points``'s table: start, the same side's other end, +1 up the trunk or -1.
TRUNK_AXIS_TABLE = np.array(
    [(start, end, 1 if start in _HIPS else -1) for start, end in TRUNK_AXIS_POINTS.values()],
    dtype=np.int64,
)

Frame = npt.NDArray[np.floating]
Triplet = tuple[int, int, int]
Pair = tuple[int, int]

SINGLE_SIDES: Final = (Side.LEFT, Side.RIGHT)


def in_height_units(
    landmarks: npt.NDArray[np.float64], aspect_ratio: float
) -> npt.NDArray[np.float64]:
    """``landmarks`` (``(..., 33, 4)``) with x and z in the unit of y: multiplied by the picture's
    width over its height (a copy; ``landmarks`` itself when the picture is square)."""
    if aspect_ratio == 1.0:
        return landmarks
    scaled = landmarks.copy()
    scaled[..., 0] *= aspect_ratio
    scaled[..., 2] *= aspect_ratio
    return scaled


def landmark_name(index: int) -> str:
    return LANDMARK_NAMES.get(index, f"landmark_{index}")


def seen_landmarks(indices: tuple[int, ...]) -> tuple[int, ...]:
    """MediaPipe's landmarks that must be seen for ``indices`` to be: an added trunk-axis point
    needs its own side's shoulder and hip (the far side's only sharpen it)."""
    seen: list[int] = []
    for index in indices:
        for landmark in TRUNK_AXIS_POINTS.get(index, (index,)):
            if landmark not in seen:
                seen.append(landmark)
    return tuple(seen)


def with_trunk_axis(
    frames: npt.NDArray[np.float64], visible: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """``frames`` (``(..., 33, 4)``) and ``visible`` (``(..., 33)``) with the four trunk-axis
    points added after the 33 (``TRUNK_AXIS_POINTS``).

    With both shoulders and both hips seen, each point is its shoulder (hip) moved by the trunk's
    midline, and is seen; its visibility is the least of the four. Otherwise it is the same
    side's other end of the trunk, seen when that side's shoulder and hip are: the angle is then
    the one measured before this point existed, from the same side's hip-to-shoulder line (a
    camera that sees one side only sees the body from the side, where that line runs along the
    trunk in the picture).
    """
    rows, columns = frames.shape[-2], frames.shape[-1]
    flat = np.ascontiguousarray(frames, dtype=np.float64).reshape(-1, rows, columns)
    flat_seen = np.ascontiguousarray(visible, dtype=np.bool_).reshape(-1, rows)
    added = np.empty((len(flat), rows + len(TRUNK_AXIS_POINTS), columns))
    added_seen = np.empty((len(flat), rows + len(TRUNK_AXIS_POINTS)), dtype=np.bool_)
    added[:, :rows], added_seen[:, :rows] = flat, flat_seen
    for frame in range(len(flat)):  # the live stream sends one frame at a time
        trunk_axis_points(
            flat[frame],
            flat_seen[frame],
            TRUNK_AXIS_TABLE,
            added[frame, rows:],
            added_seen[frame, rows:],
        )
    shape = frames.shape[:-2]
    return added.reshape(*shape, *added.shape[1:]), added_seen.reshape(*shape, -1)


def joint_angles_deg(
    points: npt.NDArray[np.float64],
    ends_a: npt.NDArray[np.intp],
    vertices: npt.NDArray[np.intp],
    ends_b: npt.NDArray[np.intp],
) -> npt.NDArray[np.float64]:
    """Angles at ``vertices`` between the segments to ``ends_a`` and ``ends_b``, in degrees.

    ``points`` holds one row per landmark with as many coordinates as the angle should use
    (2 for the camera's view, 3 with depth), so one call measures every triplet of a frame.
    """
    to_a = points[ends_a] - points[vertices]
    to_b = points[ends_b] - points[vertices]
    dot = np.einsum("ij,ij->i", to_a, to_b)
    norms = np.sqrt(np.einsum("ij,ij->i", to_a, to_a) * np.einsum("ij,ij->i", to_b, to_b))
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = dot / norms
    angles: npt.NDArray[np.float64] = np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))
    return angles
