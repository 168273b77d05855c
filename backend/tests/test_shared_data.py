"""Tests that need data from outside the repository skip on a fresh clone and fail in CI."""

from pathlib import Path

import pytest

from .shared_data import shared_data


def test_present_data_is_simply_found(tmp_path: Path) -> None:
    (tmp_path / "pose").mkdir()
    assert shared_data("pose", "the pose recordings", root=tmp_path) == tmp_path / "pose"


def test_missing_data_skips_with_a_sentence_saying_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(
        pytest.skip.Exception, match=r"Missing on this machine: the camera video \("
    ):
        shared_data("video/bicep_curl.mp4", "the camera video", root=tmp_path)


def test_missing_data_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        shared_data("pose/manifest.csv", "the pose recordings", root=tmp_path)
