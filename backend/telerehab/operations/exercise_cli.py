"""``telerehab exercise analyze``: count and measure the reps in a recorded landmark file.

The file is a NumPy ``.npy`` float array of shape ``(frames, 33, 4)`` (MediaPipe Pose landmarks
x, y, z, visibility). Bad input ends with one sentence on stderr and exit code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import numpy as np
import numpy.typing as npt
import typer

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import (
    MAX_ASPECT_RATIO,
    MAX_TARGET_ROM_DEG,
    MIN_ASPECT_RATIO,
    MIN_TARGET_ROM_DEG,
    AnalysisResult,
    RepCompleted,
    analyze,
    is_valid_target_rom,
)

app = typer.Typer(help="Analyse recorded MediaPipe Pose landmarks with the exercise engine.")

EXERCISE_NAMES = ", ".join(exercise.value for exercise in ExerciseType)


class SideChoice(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@app.callback()
def exercise_commands() -> None:
    """Analyse recorded MediaPipe Pose landmarks with the exercise engine."""


def fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code=2)


def parse_exercise(name: str) -> ExerciseType:
    """Accept ``bicep_curl``, ``bicep-curl`` or ``Bicep Curl`` alike."""
    normalised = name.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return ExerciseType(normalised)
    except ValueError:
        fail(f"Unknown exercise '{name}'; choose one of: {EXERCISE_NAMES}.")


def load_landmarks(path: Path) -> npt.NDArray[np.float64]:
    """Read and check a ``(frames, 33, 4)`` float landmark file."""
    if not path.is_file():
        fail(f"File '{path}' does not exist.")
    try:
        frames = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError):
        fail(f"File '{path}' is not a NumPy .npy file.")
    if not isinstance(frames, np.ndarray):
        fail(f"File '{path}' holds several arrays (.npz); save one array with numpy.save.")
    if frames.ndim != 3 or frames.shape[1:] != (33, 4):
        fail(f"File '{path}' has shape {frames.shape}; expected (frames, 33, 4).")
    if not np.issubdtype(frames.dtype, np.floating):
        fail(f"File '{path}' holds {frames.dtype} values; expected floats.")
    if frames.shape[0] == 0:
        fail(f"File '{path}' has no frames.")
    if not np.isfinite(frames).all():
        fail(f"File '{path}' contains NaN or infinite values.")
    return frames.astype(np.float64)


def rep_table(reps: tuple[RepCompleted, ...]) -> str:
    header = (
        f"{'rep':>3}  {'start s':>7}  {'end s':>7}  {'ROM deg':>7}  {'side':<5}  {'good':<4}  flags"
    )
    lines = [header]
    for rep in reps:
        good = "-" if rep.good is None else ("yes" if rep.good else "no")
        lines.append(
            f"{rep.index:>3}  {rep.start_time:>7.2f}  {rep.end_time:>7.2f}  "
            f"{rep.range_of_motion_deg:>7.1f}  {rep.side.value:<5}  {good:<4}  "
            f"{', '.join(rep.form_flags) or '-'}"
        )
    return "\n".join(lines)


def human_report(result: AnalysisResult) -> str:
    summary = result.summary
    lines = [
        f"{summary.exercise.value}: {summary.reps} reps "
        f"({summary.frames_used} of {summary.frames} frames used)"
    ]
    if summary.reps:
        lines += [
            f"range of motion: min {summary.min_rom_deg:.1f}, mean {summary.mean_rom_deg:.1f}, "
            f"max {summary.max_rom_deg:.1f} degrees; form score {summary.form_score:.0f}/100",
            "",
            rep_table(result.reps),
        ]
    return "\n".join(lines)


@app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(help="Landmarks: .npy float array (frames, 33, 4).")],
    exercise: Annotated[str, typer.Option("--exercise", "-e", help=f"One of: {EXERCISE_NAMES}.")],
    fps: Annotated[float, typer.Option(help="Frames per second of the recording.")] = 30.0,
    side: Annotated[
        SideChoice | None, typer.Option(help="Side to watch (default: whichever moves).")
    ] = None,
    target_rom: Annotated[
        float | None,
        typer.Option("--target-rom", help="Prescribed range of motion in degrees."),
    ] = None,
    aspect_ratio: Annotated[
        float,
        typer.Option(
            help="The video's width over its height (1.78 for 16:9 landscape, 0.5625 for a "
            "phone held upright): landmarks are fractions of the width and of the height, so "
            "angles need it."
        ),
    ] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Count the reps in a recording and measure each one."""
    exercise_type = parse_exercise(exercise)
    if not fps > 0:
        fail("--fps must be a positive number.")
    if not MIN_ASPECT_RATIO <= aspect_ratio <= MAX_ASPECT_RATIO:
        fail(
            f"--aspect-ratio must be between {MIN_ASPECT_RATIO:g} and {MAX_ASPECT_RATIO:g} "
            "(the video's width over its height)."
        )
    if target_rom is not None and not is_valid_target_rom(target_rom):
        fail(
            f"--target-rom must be between {MIN_TARGET_ROM_DEG:g} and {MAX_TARGET_ROM_DEG:g} "
            "degrees."
        )
    frames = load_landmarks(file)
    result = analyze(
        frames,
        exercise_type,
        fps,
        side=None if side is None else Side(side.value),
        target_rom_deg=target_rom,
        aspect_ratio=aspect_ratio,
    )
    if as_json:
        typer.echo(json.dumps(result.summary.to_dict(), indent=2))
    else:
        typer.echo(human_report(result))
