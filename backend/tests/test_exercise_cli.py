"""``telerehab exercise analyze``: output shapes, and one clear sentence for each bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from telerehab.enums import ExerciseType
from telerehab.operations.exercise_cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import rep_progress, synthesize

runner = CliRunner()


@pytest.fixture
def squat_file(tmp_path: Path) -> Path:
    path = tmp_path / "squat.npy"
    np.save(path, synthesize(ExerciseType.SQUAT, rep_progress(3, 30.0), rom_deg=90.0))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["analyze", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["squat", "SQUAT", "Squat"])
def test_human_output_has_the_count_and_a_rep_table(squat_file: Path, name: str) -> None:
    code, out, _ = run(str(squat_file), "--exercise", name)
    assert code == 0
    assert "squat: 3 reps" in out
    assert "ROM deg" in out


def test_json_output_shape(squat_file: Path) -> None:
    code, out, _ = run(str(squat_file), "--exercise", "squat", "--json", "--target-rom", "80")
    assert code == 0
    body = json.loads(out)
    assert body["exercise"] == "squat"
    assert body["reps"] == 3
    assert len(body["rep_events"]) == 3
    assert body["rep_events"][0]["type"] == "rep_completed"
    assert body["rep_events"][0]["good"] is True
    assert body["frames"] == body["frames_used"] > 0


@pytest.mark.parametrize("name", ["bicep_curl", "bicep-curl", "knee_raise", "shoulder-abduction"])
def test_exercise_names_accept_underscores_or_dashes(squat_file: Path, name: str) -> None:
    code, out, _ = run(str(squat_file), "--exercise", name, "--json", "--side", "left")
    assert code == 0
    assert json.loads(out)["exercise"] == name.replace("_", "-")


def write(tmp_path: Path, name: str, array: np.ndarray) -> Path:
    path = tmp_path / name
    np.save(path, array)
    return path


def bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    not_npy = tmp_path / "notes.npy"
    not_npy.write_text("this is not an array")
    with_nan = np.zeros((5, 33, 4), dtype=np.float32)
    with_nan[2, 3, 0] = np.nan
    with_inf = np.zeros((5, 33, 4), dtype=np.float32)
    with_inf[1, 1, 1] = np.inf
    good = write(tmp_path, "good.npy", np.zeros((5, 33, 4), dtype=np.float32))
    return {
        "missing": ([str(tmp_path / "nope.npy"), "--exercise", "squat"], "does not exist"),
        "not npy": ([str(not_npy), "--exercise", "squat"], "not a NumPy .npy file"),
        "shape": (
            [str(write(tmp_path, "flat.npy", np.zeros((5, 33, 3)))), "--exercise", "squat"],
            "expected (frames, 33, 4)",
        ),
        "ints": (
            [str(write(tmp_path, "ints.npy", np.zeros((5, 33, 4), dtype=np.int64))), "-e", "squat"],
            "expected floats",
        ),
        "empty": (
            [str(write(tmp_path, "empty.npy", np.zeros((0, 33, 4)))), "--exercise", "squat"],
            "has no frames",
        ),
        "nan": ([str(write(tmp_path, "nan.npy", with_nan)), "--exercise", "squat"], "NaN"),
        "inf": ([str(write(tmp_path, "inf.npy", with_inf)), "--exercise", "squat"], "infinite"),
        "exercise": ([str(good), "--exercise", "jumping-jack"], "Unknown exercise"),
        "fps": ([str(good), "--exercise", "squat", "--fps", "0"], "--fps"),
        # Under a degree passed the CLI's own check and made the engine raise.
        "target": ([str(good), "--exercise", "squat", "--target-rom", "0.5"], "--target-rom"),
        "aspect": ([str(good), "-e", "squat", "--aspect-ratio", "9"], "--aspect-ratio"),
        "aspect nan": ([str(good), "-e", "squat", "--aspect-ratio", "nan"], "--aspect-ratio"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "not npy",
        "shape",
        "ints",
        "empty",
        "nan",
        "inf",
        "exercise",
        "fps",
        "target",
        "aspect",
        "aspect nan",
    ],
)
def test_bad_input_is_one_sentence_and_exit_code_2(tmp_path: Path, case: str) -> None:
    args, expected = bad_inputs(tmp_path)[case]
    code, out, err = run(*args)
    assert code == 2
    assert expected in err
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1
    assert err.strip().endswith(".")


def test_a_portrait_video_is_measured_in_its_own_shape(tmp_path: Path) -> None:
    """A browser's recording of the portrait clip (406 x 720, curls of about 120 degrees by eye,
    tests/data/README.md): told the video's shape, the CLI measures the curls as the live stream
    does; taken as square, the same landmarks read far short."""
    recording = np.load(Path(__file__).resolve().parent / "data/bicep_curl_mirrored_movenet.npz")
    landmarks = write(tmp_path, "curls.npy", recording["frames"][:, 1:].reshape(-1, 33, 4))
    fps = f"{float(recording['fps']):.3f}"

    def mean_rom(*shape: str) -> float:
        code, out, _ = run(str(landmarks), "-e", "bicep-curl", "--fps", fps, "--json", *shape)
        assert code == 0
        return float(json.loads(out)["mean_rom_deg"])

    assert mean_rom("--aspect-ratio", f"{406 / 720:.4f}") == pytest.approx(120, abs=25)
    assert mean_rom() < 95
