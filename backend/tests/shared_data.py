"""Data from outside the repository (``../shared/data``: real pose recordings, a camera video).

A fresh clone does not have it, so a test that needs it is skipped with a sentence saying what is
missing; CI always has it, so there (``CI=true``) a missing file fails the test instead of
quietly skipping it. The backend tests and the end-to-end tests (e2e/pytest.ini puts ``backend``
on the path) both use this one helper.
"""

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def shared_data(relative: str, what: str, *, root: Path | None = None) -> Path:
    """The path of ``relative`` under ``../shared/data`` (or ``root``); when it is not there,
    skip the calling test with a sentence naming ``what`` is missing, or fail it in CI."""
    path = (root or SHARED_DATA) / relative
    if path.exists():
        return path
    message = (
        f"Missing on this machine: {what} ({path}), which comes from ../shared/data, outside "
        "the repository."
    )
    if in_ci():
        pytest.fail(f"{message} CI must have it.")
    pytest.skip(message)
