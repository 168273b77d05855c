"""Form rules that read the whole body rather than one joint: the trunk's tilt and the plane an
arm is raised in. Each is a ``FormRule`` (``exercises.py``): one
number per frame, judged over the frames of a finished rep.

The thresholds are anatomical conventions, not fitted to recordings: how each was chosen is
written beside it, and what each rule flags on the shared recordings is in docs/api.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side
from telerehab.exercise_logic.kernels import plane_of_elevation

LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
TRUNK: Final = (LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP)

# The plane an arm is raised in is only read once the arm is this far from hanging (degrees): near
# the side, a small change of direction swings the plane anywhere.
PLANE_READ_FROM_ELEVATION_DEG: Final = 45.0


@dataclass(frozen=True)
class TrunkTiltRule:
    """The trunk should keep its tilt during a rep: no swinging the body to lift a curl, no
    leaning away to get an arm higher.

    The tilt is the direction of the line from the middle of the hips to the middle of the
    shoulders in the image, in degrees from upright: a sideways lean seen from the front, a lean
    forward or back seen from the side. A lean straight towards the camera does not show.
    """

    code: str
    message: str
    max_change_deg: float

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float:
        # Plain floats: NumPy's cost per call on 2-vectors was most of this rule's time.
        l_sh, r_sh, l_hip, r_hip = points[[*TRUNK], :2].tolist()
        across = (l_sh[0] + r_sh[0]) / 2 - (l_hip[0] + r_hip[0]) / 2
        down = (l_sh[1] + r_sh[1]) / 2 - (l_hip[1] + r_hip[1]) / 2
        if across == 0.0 and down == 0.0:
            return math.nan
        # y grows downward, so an upright trunk points along -y: 0 degrees.
        return math.degrees(math.atan2(across, -down))

    def needed(self, side: Side) -> tuple[int, ...]:
        return TRUNK

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool:
        return bool(np.nanmax(values) - np.nanmin(values) > self.max_change_deg)


@dataclass(frozen=True)
class RaisePlaneRule:
    """A raised arm should go up in the prescribed plane: forward for shoulder flexion, sideways
    for abduction. Judged on the rep's frames with the arm raised at least
    ``PLANE_READ_FROM_ELEVATION_DEG``: their median plane must lie in ``allowed_deg``.

    The plane of elevation is the angle, about the trunk's long axis, between the arm (shoulder to
    wrist) and the line through both shoulders: 0 degrees straight out sideways (abduction, the
    frontal plane), 90 straight forward (flexion, the sagittal plane); forward and back are not
    told apart, nor outward and across the body (a mirrored image swaps them). It needs the
    landmarks' depth (z), which MediaPipe and a Kinect both give; MoveNet gives none (z is 0),
    and a frame without depth is not judged: the 2-D picture alone does not tell a front raise
    from a lateral one across people (docs/benchmarks.md, issue 21).
    """

    code: str
    message: str
    allowed_deg: tuple[float, float]

    def measure(self, points: npt.NDArray[np.float64], side: Side, body_scale: float) -> float:
        wrist = RIGHT_WRIST if side is Side.RIGHT else LEFT_WRIST
        shoulder = RIGHT_SHOULDER if side is Side.RIGHT else LEFT_SHOULDER
        plane: float = plane_of_elevation(
            points,
            LEFT_SHOULDER,
            RIGHT_SHOULDER,
            LEFT_HIP,
            RIGHT_HIP,
            shoulder,
            wrist,
            PLANE_READ_FROM_ELEVATION_DEG,
        )
        return plane

    def needed(self, side: Side) -> tuple[int, ...]:
        return (*TRUNK, RIGHT_WRIST if side is Side.RIGHT else LEFT_WRIST)

    def is_broken(self, values: npt.NDArray[np.float64]) -> bool:
        low, high = self.allowed_deg
        return not low <= float(np.nanmedian(values)) <= high
