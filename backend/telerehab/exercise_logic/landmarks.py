"""MediaPipe Pose landmark indices and the geometry the engine measures on them.

A frame is a ``(33, 4)`` array of ``x, y, z, visibility`` in MediaPipe's order; ``y`` grows
downward. Angles and lengths are measured with x, y and z in one unit: MediaPipe gives x (and z)
as fractions of the picture's width and y of its height, so a caller multiplies x and z by the
picture's width over its height first (the live stream does, from ``aspect_ratio``). Only the
landmarks below are used; the others (face, fingers, feet) may be missing.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side

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
