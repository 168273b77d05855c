"""Synthetic MediaPipe Pose recordings whose joint angle follows a known waveform.

A standing skeleton seen from the front; the exercise's limb turns about its joint in the
exercise's plane (sagittal: towards the camera, in y-z; frontal: sideways, in x-y), so the
measured 3D angle is exactly the waveform, and the rep count is known.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side

Frames = npt.NDArray[np.float32]
REPO_ROOT = Path(__file__).resolve().parents[2]

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
    # The face is nearer the camera than the shoulders, as MediaPipe's depth has it: a figure with
    # one depth everywhere is what a model without depth sends (MoveNet), whose raises have no
    # plane to judge (posture_rules.RaisePlaneRule).
    pose[:11, 2] = -0.1
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


# -- stress: real recordings changed the way a camera, a device or a patient changes them ------

# MediaPipe Pose indices of left/right pairs (nose, 0, has no twin).
MIRRORED_PAIRS = (
    (1, 4),
    (2, 5),
    (3, 6),
    (7, 8),
    (9, 10),
    *((left, left + 1) for left in range(11, 33, 2)),
)
MIRROR_ORDER = np.arange(33)
for _left, _right in MIRRORED_PAIRS:
    MIRROR_ORDER[[_left, _right]] = _right, _left
LEFT_HIP, RIGHT_HIP = 23, 24
VISIBLE = 0.5


def _seen(frames: npt.NDArray[np.floating]) -> npt.NDArray[np.bool_]:
    return np.asarray(frames[..., 3] >= VISIBLE)


def change_tempo(frames: Frames, speed: float) -> Frames:
    """The same movement ``speed`` times as fast, at the same frame rate: the time axis is
    resampled, each landmark interpolated linearly between the two nearest frames where both
    saw it (otherwise taken from the nearer one)."""
    source = np.arange(0.0, len(frames) - 1, speed)
    before = np.floor(source).astype(int)
    after = np.minimum(before + 1, len(frames) - 1)
    share = (source - before)[:, None, None]
    a, b = frames[before].astype(np.float64), frames[after].astype(np.float64)
    nearer = np.where(share < 0.5, a, b)
    blended = a + share * (b - a)
    both_seen = (_seen(a) & _seen(b))[..., None]
    return np.where(both_seen, blended, nearer).astype(np.float32)


def hold(frames: Frames, at_frames: list[int], hold_frames: list[int]) -> Frames:
    """Each frame in ``at_frames`` held (repeated) for the matching number of extra frames:
    the patient pausing there, the pose model seeing the very same pose."""
    parts, start = [], 0
    for at, extra in sorted(zip(at_frames, hold_frames, strict=True)):
        parts += [frames[start : at + 1], np.repeat(frames[at : at + 1], extra, axis=0)]
        start = at + 1
    parts.append(frames[start:])
    return np.concatenate(parts).astype(np.float32)


def hide(frames: Frames, landmarks: tuple[int, ...], windows: list[tuple[int, int]]) -> Frames:
    """``landmarks`` at visibility 0 over each ``(first, last)`` frame window (a limb out of
    the picture, or lost by the pose model)."""
    hidden = frames.copy()
    for first, last in windows:
        hidden[first : last + 1, list(landmarks), 3] = 0.0
    return hidden


def turn_camera(frames: Frames, yaw_deg: float) -> Frames:
    """The recording as a camera turned ``yaw_deg`` about the vertical axis through the hips
    would see it: x and depth rotate about the hips' midpoint, frame by frame; the picture is
    the rotated x and the unchanged y (a camera far enough for perspective not to matter)."""
    turned = frames.astype(np.float64)
    hips = turned[:, [LEFT_HIP, RIGHT_HIP], :]
    centre = hips[:, :, [0, 2]].mean(axis=1)[:, None, :]
    x, z = turned[..., 0] - centre[..., 0], turned[..., 2] - centre[..., 1]
    angle = math.radians(yaw_deg)
    turned[..., 0] = centre[..., 0] + x * math.cos(angle) - z * math.sin(angle)
    turned[..., 2] = centre[..., 1] + x * math.sin(angle) + z * math.cos(angle)
    # A frame without the hips (no person found) stays as it was.
    no_hips = ~_seen(frames[:, [LEFT_HIP, RIGHT_HIP]]).all(axis=1)
    turned[no_hips] = frames[no_hips]
    return turned.astype(np.float32)


def mirror(frames: Frames) -> Frames:
    """The recording seen in a mirror (a selfie camera): x -> 1 - x, left and right swapped."""
    mirrored = frames[:, MIRROR_ORDER].copy()
    mirrored[..., 0] = 1.0 - mirrored[..., 0]
    return mirrored


def torso_length(frames: Frames) -> float:
    """The median shoulder-to-hip distance in the picture, over frames that see all four."""
    seen = _seen(frames[:, [11, 12, 23, 24]]).all(axis=1)
    shoulders = frames[seen][:, [11, 12], :2].mean(axis=1)
    hips = frames[seen][:, [23, 24], :2].mean(axis=1)
    return float(np.median(np.linalg.norm(shoulders - hips, axis=1)))


def jitter(frames: Frames, torso_share: float, seed: int = 0) -> Frames:
    """White noise on every coordinate, ``torso_share`` of the torso length (standard
    deviation), so that it is as large beside the person in normalised and in metric data."""
    rng = np.random.default_rng(seed)
    noisy = frames.astype(np.float64)
    noisy[..., :3] += rng.normal(0.0, torso_share * torso_length(frames), noisy[..., :3].shape)
    return noisy.astype(np.float32)


@dataclass(frozen=True)
class RealRecording:
    """A shared recording with its human count, and the reps the engine found in it as it is
    (where to put a pause between reps or in the middle of one)."""

    name: str
    exercise: ExerciseType
    truth: int
    fps: float
    frames: Frames
    rep_spans_s: tuple[tuple[float, float], ...]


class Stressed(NamedTuple):
    """A recording as a stress changed it: its frames, the frame rate the device declares, and
    each frame's time in seconds (None: frame number / ``fps``)."""

    frames: Frames
    fps: float
    times: npt.NDArray[np.float64] | None = None


Variant = Callable[[RealRecording], Stressed]

# The landmarks of each exercise's moving limb, left then right: what drops out of the picture.
MOVING_LIMB: dict[ExerciseType, tuple[tuple[int, ...], tuple[int, ...]]] = {
    ExerciseType.BICEP_CURL: ((13, 15), (14, 16)),
    ExerciseType.SHOULDER_FLEXION: ((13, 15), (14, 16)),
    ExerciseType.SHOULDER_ABDUCTION: ((13, 15), (14, 16)),
    ExerciseType.SQUAT: ((25, 27), (26, 28)),
    ExerciseType.KNEE_RAISE: ((25, 27), (26, 28)),
}
PAUSES_S = (1.0, 2.0, 3.0, 4.0, 5.0)
DROPOUTS_S = (0.5, 1.0, 1.5, 2.0)
DROPOUT_EVERY_S = 4.0
STALLS_S = (1.0, 1.5, 2.0)
STALL_AT_SHARES = (0.35, 0.5, 0.65)


def at_tempo(speed: float) -> Variant:
    return lambda r: Stressed(change_tempo(r.frames, speed), r.fps)


def paused(mid_rep: bool) -> Variant:
    """A pause of 1 to 5 s (in turn) after every other rep, or in the middle of every other rep."""

    def variant(r: RealRecording) -> Stressed:
        spans = r.rep_spans_s[::2]
        times = [(start + end) / 2 if mid_rep else end for start, end in spans]
        at = [min(round(time * r.fps), len(r.frames) - 1) for time in times]
        extra = [round(PAUSES_S[i % len(PAUSES_S)] * r.fps) for i in range(len(at))]
        return Stressed(hold(r.frames, at, extra), r.fps)

    return variant


def limb_dropping_out(r: RealRecording) -> Stressed:
    """Every 4 s the moving limb of one side (left and right in turn) is lost for 0.5 to 2 s."""
    windows: list[tuple[tuple[int, ...], tuple[int, int]]] = []
    for number, start in enumerate(np.arange(1.0, len(r.frames) / r.fps, DROPOUT_EVERY_S)):
        length = DROPOUTS_S[number % len(DROPOUTS_S)]
        first = round(start * r.fps)
        windows.append(
            (MOVING_LIMB[r.exercise][number % 2], (first, first + round(length * r.fps)))
        )
    frames = r.frames
    for landmarks, window in windows:
        frames = hide(frames, landmarks, [window])
    return Stressed(frames, r.fps)


def seen_from(yaw_deg: float) -> Variant:
    return lambda r: Stressed(turn_camera(r.frames, yaw_deg), r.fps)


def mirrored(r: RealRecording) -> Stressed:
    return Stressed(mirror(r.frames), r.fps)


def with_noise(torso_share: float) -> Variant:
    return lambda r: Stressed(jitter(r.frames, torso_share, seed=len(r.frames)), r.fps)


def at_frame_rate(fps: float) -> Variant:
    """Every n-th frame, as a device whose pose model reaches ``fps`` sends them."""

    def variant(r: RealRecording) -> Stressed:
        step = max(1, round(r.fps / fps))
        return Stressed(r.frames[::step], r.fps / step)

    return variant


def stalled(length_s: float, at_share: float) -> Variant:
    """No frames for ``length_s`` seconds from ``at_share`` of the recording on: the device
    stalled in mid-set (the browser sends the frames it buffered, but none were made meanwhile),
    so the timestamps jump."""

    def variant(r: RealRecording) -> Stressed:
        first = round(at_share * len(r.frames))
        kept = np.r_[0:first, min(first + round(length_s * r.fps), len(r.frames)) : len(r.frames)]
        return Stressed(r.frames[kept], r.fps, kept / r.fps)

    return variant


# Each stress the issue names, as variants of a recording (name: how to make it).
STRESS_FAMILIES: dict[str, dict[str, Variant]] = {
    "tempo": {f"{speed:g}x": at_tempo(speed) for speed in (0.5, 1.5, 2.0)},
    "pauses": {"between reps": paused(mid_rep=False), "mid-rep": paused(mid_rep=True)},
    "limb out of view": {"0.5-2 s every 4 s": limb_dropping_out},
    "camera yaw": {f"{yaw:+g} deg": seen_from(yaw) for yaw in (-30.0, 30.0)},
    "mirror": {"mirrored": mirrored},
    "landmark noise": {f"{share:g} torso": with_noise(share) for share in (0.01, 0.03)},
    "frame rate": {f"{fps:g} frames/s": at_frame_rate(fps) for fps in (30.0, 15.0, 10.0, 6.0)},
    "stall": {
        f"{length:g} s at {share:.0%}": stalled(length, share)
        for length in STALLS_S
        for share in STALL_AT_SHARES
    },
}


def load_bench(name: str) -> ModuleType:
    """A script of ``bench/`` as a module, so that a test measures what its benchmark does."""
    path = REPO_ROOT / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module
