"""Whether the joints an exercise needs are in view, told to the patient only after a while."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side
from telerehab.exercise_logic.events import Event, InView, OutOfView
from telerehab.exercise_logic.landmarks import landmark_name, seen_landmarks

# The needed joints may drop out briefly (a blurred arm); only a longer absence is reported.
OUT_OF_VIEW_AFTER_S: Final = 1.0
OUT_OF_VIEW_MESSAGE: Final = "step into view"


class ViewTracker:
    """Follows whether any side's measured joints are all seen."""

    def __init__(self, measured_joints: Mapping[Side, tuple[int, ...]]) -> None:
        # MediaPipe's own landmarks: the points the engine adds stand for them.
        self._measured_joints = {side: seen_landmarks(j) for side, j in measured_joints.items()}
        self._in_view = True
        self._last_visible_time: float | None = None
        self.first_time = 0.0  # the first frame's time

    def track(self, visible: npt.NDArray[np.bool_], time: float) -> list[Event]:
        """``OutOfView`` once the joints were unseen for a while, ``InView`` when back."""
        in_view = any(visible[list(joints)].all() for joints in self._measured_joints.values())
        if self._last_visible_time is None:
            self._last_visible_time = self.first_time = time
        if in_view:
            self._last_visible_time = time
            if not self._in_view:
                self._in_view = True
                return [InView(time)]
            return []
        if self._in_view and time - self._last_visible_time >= OUT_OF_VIEW_AFTER_S:
            self._in_view = False
            missing = sorted(
                {
                    landmark_name(joint)
                    for joints in self._measured_joints.values()
                    for joint in joints
                    if not visible[joint]
                }
            )
            return [OutOfView(time, OUT_OF_VIEW_MESSAGE, tuple(missing))]
        return []
