"""A 3-D adult skeleton whose joint angles are set frame by frame, seen by a camera.

``exercise_synth`` turns one limb in the picture's own planes, so the engine's angle is the
waveform by construction. This module builds the body in metres instead (segment lengths of an
adult 1.75 m tall: Winter's proportions), moves it through reps of a known joint angle (elbow
flexion, shoulder flexion and abduction, knee flexion, hip flexion), films it with a pinhole
camera (perspective, not weak perspective) turned about the person by a yaw, and writes what
MediaPipe Pose would report: x and y normalised by the picture's width and height, z the depth
from the hips' midpoint in the units of x, a visibility, and a seeded jitter that is larger on z.

Body coordinates: x to the person's left, y up, z forward (where the person faces); the origin
on the floor between the feet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from exercise_synth import rep_progress

from telerehab.enums import ExerciseType

FloatArray = npt.NDArray[np.float64]

# An adult 1.75 m tall (Winter, Biomechanics and Motor Control of Human Movement: segment
# lengths as shares of height).
HEIGHT_M = 1.75
SHOULDER_HEIGHT = 0.818 * HEIGHT_M
HIP_HEIGHT = 0.530 * HEIGHT_M
KNEE_HEIGHT = 0.285 * HEIGHT_M
ANKLE_HEIGHT = 0.039 * HEIGHT_M
UPPER_ARM = 0.186 * HEIGHT_M
FOREARM = 0.146 * HEIGHT_M
HAND = 0.108 * HEIGHT_M
TRUNK = SHOULDER_HEIGHT - HIP_HEIGHT
THIGH = HIP_HEIGHT - KNEE_HEIGHT
SHANK = KNEE_HEIGHT - ANKLE_HEIGHT
# Half the distance between the two shoulder landmarks, and between the two hip landmarks
# (MediaPipe's hips lie about between the joint centre and the outside of the hip).
SHOULDER_HALF_WIDTH = 0.19
HIP_HALF_WIDTH = 0.11
NOSE_HEIGHT = 0.92 * HEIGHT_M
FOOT = 0.15

LEFT, RIGHT = +1.0, -1.0  # the sign of x on the person's left and right


@dataclass(frozen=True)
class Pose:
    """One frame's joint angles, in degrees. Arms: elevation of the upper arm from hanging
    straight down, in a plane ``arm_plane`` degrees forward of sideways (0 abduction, 90
    flexion), and elbow flexion. Legs: hip flexion (the thigh forward of the trunk's line) and
    knee flexion, for a leg in the air; a squat instead bends both knees with the feet on the
    floor. ``trunk_lean``: the trunk forward of vertical, about the hips."""

    arm_elevation: tuple[float, float] = (0.0, 0.0)  # left, right
    arm_plane: float = 90.0
    elbow_flexion: tuple[float, float] = (0.0, 0.0)
    hip_flexion: tuple[float, float] = (0.0, 0.0)
    knee_flexion: tuple[float, float] = (0.0, 0.0)
    squat_knee_flexion: float = 0.0
    trunk_lean: float = 0.0


def _unit(
    degrees_from_down: float, forward_share: float, side: float, sideways: float
) -> FloatArray:
    """A direction ``degrees_from_down`` away from straight down, towards a horizontal heading
    ``sideways`` of out to the side (``side``) and ``forward_share`` of forward."""
    angle = math.radians(degrees_from_down)
    heading = np.array([side * sideways, 0.0, forward_share])
    return np.array([0.0, -math.cos(angle), 0.0]) + math.sin(angle) * heading


def _leaned(point: FloatArray, pivot: FloatArray, lean_deg: float) -> FloatArray:
    """``point`` turned forward by ``lean_deg`` about the left-right axis through ``pivot``."""
    angle = math.radians(lean_deg)
    y, z = point[1] - pivot[1], point[2] - pivot[2]
    turned = np.array([point[0] - pivot[0], y * math.cos(angle) - z * math.sin(angle),
                       y * math.sin(angle) + z * math.cos(angle)])  # fmt: skip
    leaned: FloatArray = pivot + turned
    return leaned


def skeleton(pose: Pose) -> FloatArray:
    """The 33 MediaPipe landmarks of ``pose``, in metres in body coordinates: ``(33, 3)``."""
    points = np.zeros((33, 3))
    # Legs first: they decide where the hips are.
    hips: dict[float, FloatArray] = {}
    for index, side in ((0, LEFT), (1, RIGHT)):
        base = 23 + index
        if pose.squat_knee_flexion:
            # Feet on the floor: the shank leans forward by 40 % of the knee's flexion, the
            # thigh back by the rest, so the knee angle between them is the flexion.
            knee_flex = math.radians(pose.squat_knee_flexion)
            shank_lean = 0.4 * knee_flex
            ankle = np.array([side * HIP_HALF_WIDTH, ANKLE_HEIGHT, 0.0])
            knee = ankle + SHANK * np.array([0.0, math.cos(shank_lean), math.sin(shank_lean)])
            thigh_back = knee_flex - shank_lean
            hip = knee + THIGH * np.array([0.0, math.cos(thigh_back), -math.sin(thigh_back)])
        else:
            hip = np.array([side * HIP_HALF_WIDTH, HIP_HEIGHT, 0.0])
            thigh = math.radians(pose.hip_flexion[index])
            knee = hip + THIGH * np.array([0.0, -math.cos(thigh), math.sin(thigh)])
            shank = thigh - math.radians(pose.knee_flexion[index])
            ankle = knee + SHANK * np.array([0.0, -math.cos(shank), math.sin(shank)])
        points[base], points[base + 2], points[base + 4] = hip, knee, ankle
        # Heel (29/30) behind the ankle, foot tip (31/32) forward, both near the floor (a
        # raised leg keeps its foot level).
        points[base + 6] = ankle + np.array([0.0, -ANKLE_HEIGHT * 0.6, -0.05])
        points[base + 8] = ankle + np.array([0.0, -ANKLE_HEIGHT * 0.8, FOOT])
        hips[side] = hip
    pelvis = (hips[LEFT] + hips[RIGHT]) / 2
    # Trunk and arms, upright about the pelvis, then leaned forward together.
    upper = np.zeros((33, 3))
    for index, side in ((0, LEFT), (1, RIGHT)):
        shoulder = pelvis + np.array([side * SHOULDER_HALF_WIDTH, TRUNK, 0.0])
        plane = math.radians(pose.arm_plane)
        arm = _unit(pose.arm_elevation[index], math.sin(plane), side, math.cos(plane))
        elbow = shoulder + UPPER_ARM * arm
        forearm = _forearm(arm, pose.elbow_flexion[index])
        wrist = elbow + FOREARM * forearm
        upper[11 + index], upper[13 + index], upper[15 + index] = shoulder, elbow, wrist
        # Pinky (17/18), index (19/20) and thumb (21/22) tips, along the hand.
        for finger, spread in ((17, 0.03), (19, -0.01), (21, -0.03)):
            upper[finger + index] = wrist + HAND * forearm + np.array([side * spread, 0.0, 0.0])
    face = pelvis + np.array([0.0, NOSE_HEIGHT - HIP_HEIGHT, 0.09])
    face_offsets = {0: (0.0, 0.0, 0.0), 1: (0.015, 0.035, -0.01), 2: (0.03, 0.035, -0.015),
                    3: (0.045, 0.035, -0.02), 4: (-0.015, 0.035, -0.01), 5: (-0.03, 0.035, -0.015),
                    6: (-0.045, 0.035, -0.02), 7: (0.075, 0.02, -0.08), 8: (-0.075, 0.02, -0.08),
                    9: (0.02, -0.03, -0.01), 10: (-0.02, -0.03, -0.01)}  # fmt: skip
    for landmark, offset in face_offsets.items():
        upper[landmark] = face + np.array(offset)
    for landmark in (*range(0, 23),):
        points[landmark] = _leaned(upper[landmark], pelvis, pose.trunk_lean)
    return points


def _forearm(arm: FloatArray, flexion_deg: float) -> FloatArray:
    """The forearm's direction: the upper arm's, bent forward and up by ``flexion_deg`` (in the
    plane of the upper arm and the body's forward axis; straight forward for a hanging arm)."""
    forward = np.array([0.0, 0.0, 1.0])
    across = forward - np.dot(forward, arm) * arm
    if np.linalg.norm(across) < 1e-9:  # an arm pointing straight forward bends upwards
        across = np.array([0.0, 1.0, 0.0])
    across /= np.linalg.norm(across)
    angle = math.radians(flexion_deg)
    direction: FloatArray = math.cos(angle) * arm + math.sin(angle) * across
    return direction


# -- the camera ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """A pinhole camera ``distance_m`` from the vertical axis through the hips, at ``height_m``,
    looking level at that axis from ``yaw_deg`` towards the person's left (0: straight in
    front). ``width`` x ``height`` pixels; the longer side spans ``fov_deg``."""

    yaw_deg: float = 0.0
    width: int = 1280
    height: int = 720
    fov_deg: float = 65.0
    distance_m: float = 3.0
    height_m: float = 1.0

    @property
    def focal_px(self) -> float:
        return max(self.width, self.height) / 2 / math.tan(math.radians(self.fov_deg) / 2)

    def project(self, points: FloatArray, pivot: FloatArray) -> FloatArray:
        """``(frames, 33, 3)`` body points (metres) to MediaPipe's ``x, y, z``: x and y are
        pixels over the width and the height; z is the depth behind the hips' midpoint in
        pixels at the hips' distance, over the width ("the same scale as x"). ``pivot``: the
        point on the vertical axis the camera turns about (the standing hips' midpoint)."""
        yaw = math.radians(self.yaw_deg)
        position = pivot + np.array(
            [self.distance_m * math.sin(yaw), 0.0, self.distance_m * math.cos(yaw)]
        )
        position[1] = self.height_m
        right, down, ahead = self.axes()
        relative = points - position
        across, below, depth = relative @ right, relative @ down, relative @ ahead
        focal = self.focal_px
        u = self.width / 2 + focal * across / depth
        v = self.height / 2 + focal * below / depth
        hips_depth = (depth[:, 23] + depth[:, 24])[:, None] / 2
        z = (depth - hips_depth) * focal / hips_depth / self.width
        return np.stack([u / self.width, v / self.height, z], axis=-1)

    def axes(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The picture's right, down and away from the camera, in body coordinates."""
        yaw = math.radians(self.yaw_deg)
        right = np.array([math.cos(yaw), 0.0, -math.sin(yaw)])  # the person's left, unmirrored
        down = np.array([0.0, -1.0, 0.0])
        ahead = np.array([-math.sin(yaw), 0.0, -math.cos(yaw)])
        return right, down, ahead

    def world(self, points: FloatArray) -> FloatArray:
        """``(frames, 33, 3)`` body points as MediaPipe's world landmarks: metres about the
        hips' midpoint, along the picture's right, down and away from the camera. No
        perspective: the camera only turns them."""
        right, down, ahead = self.axes()
        relative = points - (points[:, 23] + points[:, 24])[:, None] / 2
        return np.stack([relative @ right, relative @ down, relative @ ahead], axis=-1)


def in_height_units(frames: FloatArray, camera: Camera) -> FloatArray:
    """``frames`` with x and z in the units of y (the picture's height), so that a unit is as
    long across the picture as down it: what the engine would need to measure true angles in a
    picture that is not square."""
    scaled = frames.copy()
    scaled[..., [0, 2]] *= camera.width / camera.height
    return scaled


# -- MediaPipe-like noise -------------------------------------------------------------------------


@dataclass(frozen=True)
class Jitter:
    """Landmark noise, as shares of the torso's length in the picture: a white part (the pose
    model's frame-to-frame jitter) and a slow wobble (a first-order autoregressive drift with
    time constant ``wobble_tau_s``), each with the standard deviation given; z is noisier
    (MediaPipe guesses depth from one picture). Seeded, so a run can be repeated."""

    xy_white: float = 0.005
    xy_wobble: float = 0.01
    z_white: float = 0.015
    z_wobble: float = 0.03
    wobble_tau_s: float = 0.3
    seed: int = 0

    def scaled(self, factor: float) -> Jitter:
        """The same jitter ``factor`` times as large (0: none)."""
        return replace(
            self,
            xy_white=self.xy_white * factor,
            xy_wobble=self.xy_wobble * factor,
            z_white=self.z_white * factor,
            z_wobble=self.z_wobble * factor,
        )

    def apply(self, frames: FloatArray, fps: float, torso: float) -> FloatArray:
        rng = np.random.default_rng(self.seed)
        shape = frames[..., :3].shape
        white = rng.normal(0.0, 1.0, shape)
        # An AR(1) process with unit variance: x[t] = a x[t-1] + sqrt(1 - a^2) e[t].
        a = math.exp(-1.0 / (fps * self.wobble_tau_s))
        shocks = rng.normal(0.0, 1.0, shape)
        wobble = np.empty(shape)
        wobble[0] = shocks[0]
        for frame in range(1, shape[0]):
            wobble[frame] = a * wobble[frame - 1] + math.sqrt(1 - a * a) * shocks[frame]
        scale = np.array([self.xy_white, self.xy_white, self.z_white]) * torso
        drift = np.array([self.xy_wobble, self.xy_wobble, self.z_wobble]) * torso
        noisy = frames.copy()
        noisy[..., :3] += white * scale + wobble * drift
        return noisy


NO_JITTER = Jitter(0.0, 0.0, 0.0, 0.0)


# -- exercises ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """How an exercise moves the skeleton: the joint angle that is the truth (``rest`` at rest,
    ``rest + range`` at the top of a rep) and the pose at a given value of it."""

    truth: str
    rest_deg: float
    ranges_deg: tuple[float, ...]
    extra: dict[str, float] = field(default_factory=dict)

    def pose(self, exercise: ExerciseType, angle: float) -> Pose:
        both = (angle, angle)
        if exercise is ExerciseType.BICEP_CURL:
            return Pose(elbow_flexion=both)
        if exercise is ExerciseType.SHOULDER_FLEXION:
            return Pose(arm_elevation=both, arm_plane=90.0)
        if exercise is ExerciseType.SHOULDER_ABDUCTION:
            return Pose(arm_elevation=both, arm_plane=0.0)
        if exercise is ExerciseType.SQUAT:
            # The trunk leans forward as the hips go back: half the knee's flexion.
            return Pose(squat_knee_flexion=angle, trunk_lean=0.5 * angle)
        # Knee raise on the left leg: the knee bends as far as the hip, the shank hangs.
        return Pose(hip_flexion=(angle, 0.0), knee_flexion=(angle, 0.0))


MOVEMENTS: dict[ExerciseType, Movement] = {
    # Elbows hang slightly bent, knees stand slightly bent (nobody locks them).
    ExerciseType.BICEP_CURL: Movement("elbow flexion", 10.0, (60.0, 90.0, 120.0)),
    ExerciseType.SHOULDER_FLEXION: Movement("shoulder flexion", 0.0, (60.0, 90.0, 120.0, 150.0)),
    ExerciseType.SHOULDER_ABDUCTION: Movement(
        "shoulder abduction", 0.0, (60.0, 90.0, 120.0, 150.0)
    ),
    ExerciseType.SQUAT: Movement("knee flexion", 5.0, (45.0, 60.0, 90.0)),
    ExerciseType.KNEE_RAISE: Movement("hip flexion (left leg)", 0.0, (45.0, 60.0, 90.0)),
}

FPS = 30.0
REPS = 5
STANDING_PIVOT = np.array([0.0, HIP_HEIGHT, 0.0])


def torso_in_picture(camera: Camera) -> float:
    """The standing torso's length in the picture, in units of the picture's height."""
    return TRUNK * camera.focal_px / camera.distance_m / camera.height


def body_frames(exercise: ExerciseType, range_deg: float, reps: int = REPS) -> FloatArray:
    """The skeleton through ``reps`` reps, in metres: ``(frames, 33, 3)``."""
    movement = MOVEMENTS[exercise]
    progress = rep_progress(reps, FPS, rep_s=2.5, pause_s=1.0, lead_s=1.5)
    angles = movement.rest_deg + range_deg * progress
    return np.stack([skeleton(movement.pose(exercise, float(angle))) for angle in angles])


def angles_deg(points: npt.NDArray[np.floating], triplet: tuple[int, int, int]) -> FloatArray:
    """The angle at ``triplet``'s middle landmark in each frame of ``points`` (``(frames, 33,
    >=3)``, x y z used), in degrees."""
    a, vertex, b = triplet
    xyz = np.asarray(points[..., :3], dtype=np.float64)
    to_a, to_b = xyz[:, a] - xyz[:, vertex], xyz[:, b] - xyz[:, vertex]
    norms = np.linalg.norm(to_a, axis=1) * np.linalg.norm(to_b, axis=1)
    cosine = np.clip((to_a * to_b).sum(axis=1) / norms, -1.0, 1.0)
    angles: FloatArray = np.degrees(np.arccos(cosine))
    return angles


def angle_range_deg(points: npt.NDArray[np.floating], triplet: tuple[int, int, int]) -> float:
    """How far the angle at ``triplet``'s middle landmark swings over ``points``, in degrees."""
    return float(np.ptp(angles_deg(points, triplet)))


def recording(
    exercise: ExerciseType,
    range_deg: float,
    camera: Camera,
    jitter: Jitter = NO_JITTER,
    reps: int = REPS,
    *,
    height_units: bool = False,
) -> npt.NDArray[np.float32]:
    """``reps`` reps of ``exercise`` whose true joint angle swings ``range_deg`` from rest, as
    MediaPipe would report them from ``camera`` (in height units when ``height_units``), at
    ``FPS`` frames a second: ``(frames, 33, 4)``."""
    body = body_frames(exercise, range_deg, reps)
    # The jitter is as large across the picture as down it (in pixels), so it is added in
    # height units; MediaPipe's own units then divide x and z by the width.
    picture = jitter.apply(
        in_height_units(camera.project(body, STANDING_PIVOT), camera), FPS, torso_in_picture(camera)
    )
    if not height_units:
        picture[..., [0, 2]] *= camera.height / camera.width
    visibility = np.full((*picture.shape[:2], 1), 0.98)
    frames = np.concatenate([picture, visibility], axis=-1)
    return frames.astype(np.float32)


def world_recording(
    exercise: ExerciseType,
    range_deg: float,
    camera: Camera,
    jitter: Jitter = NO_JITTER,
    reps: int = REPS,
) -> npt.NDArray[np.float32]:
    """The world landmarks MediaPipe would report beside ``recording``'s: ``(frames, 33, 3)``
    metres (``Camera.world``), with the same jitter as shares of the torso's length (an
    assumption: nothing here measured MediaPipe's world jitter)."""
    world = jitter.apply(camera.world(body_frames(exercise, range_deg, reps)), FPS, TRUNK)
    return world.astype(np.float32)
