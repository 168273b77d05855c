"""Synthetic MediaPipe Pose recordings whose joint angle follows a known waveform.

A standing skeleton seen from the front; the exercise's limb turns about its joint in the
exercise's plane (sagittal: towards the camera, in y-z; frontal: sideways, in x-y), so the
measured 3D angle is exactly the waveform, and the rep count is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side

Frames = npt.NDArray[np.float32]

SAGITTAL = (1, 2)
FRONTAL = (0, 1)


@dataclass(frozen=True)
class Motion:
    """Landmarks (left side; the right side is each index + 1) and how they turn."""

    fixed: int
    vertex: int
    moving: tuple[int, ...]  # the first one makes the measured angle with fixed and vertex
    plane: tuple[int, int]
    rest_deg: float  # the measured angle of the standing pose


MOTIONS: dict[ExerciseType, Motion] = {
    ExerciseType.BICEP_CURL: Motion(11, 13, (15,), SAGITTAL, 180.0),
    ExerciseType.SHOULDER_FLEXION: Motion(23, 11, (13, 15), SAGITTAL, 0.0),
    ExerciseType.SHOULDER_ABDUCTION: Motion(23, 11, (13, 15), FRONTAL, 0.0),
    ExerciseType.SQUAT: Motion(27, 25, (23, 11, 13, 15), SAGITTAL, 180.0),
    ExerciseType.KNEE_RAISE: Motion(11, 23, (25, 27), SAGITTAL, 180.0),
}


def standing_pose() -> npt.NDArray[np.float64]:
    """A person facing the camera, arms hanging, in MediaPipe's normalised image coordinates."""
    pose = np.zeros((33, 4))
    pose[:, :2] = (0.5, 0.15)  # face landmarks, all close to the nose
    pose[:, 3] = 1.0
    heights = {11: 0.30, 13: 0.42, 15: 0.54, 17: 0.56, 19: 0.56, 21: 0.55,
               23: 0.60, 25: 0.78, 27: 0.95, 29: 0.97, 31: 0.97}  # fmt: skip
    for left, y in heights.items():
        pose[left, :2] = (0.44, y)
        pose[left + 1, :2] = (0.56, y)
    return pose


def rep_progress(
    reps: int,
    fps: float,
    rep_s: float | list[float] = 2.0,
    pause_s: float = 0.5,
    lead_s: float = 1.0,
) -> npt.NDArray[np.float64]:
    """0 at rest, 1 at the top of each rep: raised-cosine reps separated by pauses."""
    durations = rep_s if isinstance(rep_s, list) else [rep_s] * reps
    parts = [np.zeros(round(lead_s * fps))]
    for duration in durations:
        phase = np.arange(round(duration * fps)) / (duration * fps)
        parts += [(1 - np.cos(2 * math.pi * phase)) / 2, np.zeros(round(pause_s * fps))]
    parts.append(np.zeros(round(lead_s * fps)))
    return np.concatenate(parts)


def synthesize(
    exercise: ExerciseType,
    progress: npt.NDArray[np.float64],
    rom_deg: float,
    sides: tuple[Side, ...] = (Side.LEFT, Side.RIGHT),
    noise: float = 0.0,
    seed: int = 0,
) -> Frames:
    """Frames whose measured angle moves ``rom_deg`` away from rest at ``progress`` 1."""
    motion = MOTIONS[exercise]
    closes = motion.rest_deg > 90
    frames = np.repeat(standing_pose()[None], len(progress), axis=0)
    for side in sides:
        offset = 1 if side is Side.RIGHT else 0
        # Sideways movements go outwards; forward ones towards the camera (smaller z).
        direction = (1.0 if side is Side.RIGHT else -1.0) if motion.plane == FRONTAL else -1.0
        angles = motion.rest_deg + (-rom_deg if closes else rom_deg) * progress
        _turn(frames, motion, offset, angles, direction)
    if noise:
        rng = np.random.default_rng(seed)
        frames[:, :, :3] += rng.normal(0.0, noise, frames[:, :, :3].shape)
    return frames.astype(np.float32)


def _turn(
    frames: npt.NDArray[np.float64],
    motion: Motion,
    offset: int,
    angles_deg: npt.NDArray[np.float64],
    direction: float,
) -> None:
    a, b = motion.plane
    vertex = frames[0, motion.vertex + offset]
    fixed = frames[0, motion.fixed + offset]
    reference = math.atan2(fixed[b] - vertex[b], fixed[a] - vertex[a])
    for index in motion.moving:
        point = frames[0, index + offset]
        radius = math.hypot(point[a] - vertex[a], point[b] - vertex[b])
        own = math.atan2(point[b] - vertex[b], point[a] - vertex[a])
        # Landmarks further along the limb keep their own angle relative to the first one.
        first = frames[0, motion.moving[0] + offset]
        lag = own - math.atan2(first[b] - vertex[b], first[a] - vertex[a])
        heading = reference + direction * np.radians(angles_deg) + lag
        frames[:, index + offset, a] = vertex[a] + radius * np.cos(heading)
        frames[:, index + offset, b] = vertex[b] + radius * np.sin(heading)
