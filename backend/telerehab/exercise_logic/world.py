"""The measured angle read from MediaPipe's world landmarks, for the range of motion.

MediaPipe gives each landmark twice: on the picture (x and y over its width and height, a depth
in x's unit) and in the world (metres about the hips' midpoint). The picture is a perspective
drawing: a hand reaching towards the camera is drawn larger and lower than it is, so an arm
raised forward to 90 degrees and seen from the front reads 97, a knee raised to 60 reads 55
(docs/benchmarks.md, "Range of motion against a known truth", item 3). The world landmarks are
not drawn by the camera, so an angle between them is the body's own, wherever the phone stands.

When a client sends them (``world_landmarks`` of a set), the session measures each side's range
of motion on them: the same angle (``ExerciseSpec.joints``, from the trunk's axis where the spec
says so), on the same frames, smoothed the same way. Counting still reads the picture: every
counting constant was chosen on picture landmarks, and a rep's count must not depend on which
pose model a phone runs. What is seen is the picture's to say (its visibility), as MediaPipe's
world landmarks carry a position for every joint, seen or not.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side
from telerehab.exercise_logic.exercises import ExerciseSpec
from telerehab.exercise_logic.framing import with_upright_trunk
from telerehab.exercise_logic.kernels import measured_angles
from telerehab.exercise_logic.landmarks import LANDMARK_COUNT, TRUNK_AXIS_TABLE
from telerehab.exercise_logic.signals import SignalSmoother

WORLD_VALUES_PER_LANDMARK: Final = 3  # x, y, z in metres
_NO_POINTS = np.empty((0, 3), dtype=np.int64)


class WorldAngles:
    """Each side's measured angle on the world landmarks, one frame at a time, smoothed as the
    counting signals are (``SignalSmoother``)."""

    def __init__(
        self, spec: ExerciseSpec, sides: tuple[Side, ...], fps: float, gap_reset_s: float
    ) -> None:
        self._spec = spec
        self._sides = sides
        self._triplets = np.array([spec.joints.of(side) for side in sides], dtype=np.int64)
        self._trunk_axis = TRUNK_AXIS_TABLE if spec.uses_trunk_axis else _NO_POINTS
        self._smoother = SignalSmoother(len(sides), fps)
        self._last_seen = [-math.inf] * len(sides)
        self._gap_reset_s = gap_reset_s

    def measure(
        self, world: object, visible: npt.NDArray[np.bool_], time: float, dt: float
    ) -> dict[Side, float] | None:
        """Each side's smoothed angle on ``world`` (``(33, 3)`` metres), where ``visible`` (the
        picture's, before the engine's own points) says which joints were seen; NaN where they
        were not. None when ``world`` is None or all zeros (a frame the client had none for):
        the picture's angles stand. A side out of view longer than ``gap_reset_s`` starts its
        smoothing afresh."""
        if world is None:
            return None
        points = np.asarray(world, dtype=np.float64)
        if points.shape != (LANDMARK_COUNT, WORLD_VALUES_PER_LANDMARK):
            raise ValueError(f"world landmarks must have shape (33, 3), not {points.shape}")
        if not points.any():  # a frame the client had none for (its pose model changed)
            return None
        frame = np.empty((LANDMARK_COUNT, 4))
        frame[:, :3] = points
        frame[:, 3] = visible
        if self._spec.upper_limb:
            frame, visible = with_upright_trunk(frame, visible)
        raw = measured_angles(frame, visible, self._trunk_axis, self._triplets)
        returning = np.zeros(len(self._sides), dtype=np.bool_)
        for index, angle in enumerate(raw.tolist()):
            if math.isnan(angle):
                continue
            returning[index] = time - self._last_seen[index] > self._gap_reset_s
            self._last_seen[index] = time
        if returning.any():
            self._smoother.reset(returning)
        smoothed = self._smoother.update(raw, dt).tolist()
        return dict(zip(self._sides, smoothed, strict=True))
