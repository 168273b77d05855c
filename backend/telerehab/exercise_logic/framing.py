"""A patient seated and framed from the chest up: the hips are below the picture.

The arm raises measure the upper arm's angle from the trunk's axis (the hips' midpoint to the
shoulders'), and the torso's length scales the form rules. With the hips out of view, the trunk
is taken as upright, straight down from the shoulder in the picture, and its length as the upper
arm's over 0.6 (the adult ratio; the web app's setup check reads a body's size the same way). A
seated patient sits upright for these exercises; a hip the camera does see is always used as it
is.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.exercise_logic.exercises import (
    LEFT_ELBOW,
    LEFT_HIP,
    LEFT_SHOULDER,
    RIGHT_ELBOW,
    RIGHT_HIP,
    RIGHT_SHOULDER,
)

FloatArray = npt.NDArray[np.float64]

UPPER_ARM_TO_TORSO: Final = 0.6
# (shoulder, elbow, hip) on each side.
SIDES: Final = ((LEFT_SHOULDER, LEFT_ELBOW, LEFT_HIP), (RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_HIP))


def with_upright_trunk(
    frame: FloatArray, visible: npt.NDArray[np.bool_]
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """``frame`` and ``visible`` with a stand-in for each hip out of view whose shoulder and
    elbow are seen: below the shoulder by the torso's length, at the shoulder's depth."""
    missing = [
        (shoulder, elbow, hip)
        for shoulder, elbow, hip in SIDES
        if not visible[hip] and visible[shoulder] and visible[elbow]
    ]
    if not missing:
        return frame, visible
    frame = frame.copy()
    visible = visible.copy()
    for shoulder, elbow, hip in missing:
        upper_arm = float(np.hypot(*(frame[elbow, :2] - frame[shoulder, :2])))
        if upper_arm <= 0.0:
            continue
        frame[hip, :3] = frame[shoulder, :3] + (0.0, upper_arm / UPPER_ARM_TO_TORSO, 0.0)
        frame[hip, 3] = 1.0
        visible[hip] = True
    return frame, visible
