"""The library's stick figure on the server (the printed home programme's pictures): the
geometry of known poses, by the conventions of ``telerehab.library.model``."""

import pytest

from telerehab.library import LIBRARY
from telerehab.library.figure import (
    FOOT,
    FOREARM,
    HEAD,
    NECK,
    SHANK,
    THIGH,
    TRUNK,
    UPPER_ARM,
    drawing,
    skeleton,
    start_and_end,
)

STANDING_HEIGHT = THIGH + SHANK + TRUNK + NECK + HEAD


def test_a_standing_figure_stands_on_the_floor_at_full_height() -> None:
    left, right, bottom, top = drawing(skeleton({}, "side")).extent()
    assert bottom == pytest.approx(0)
    assert top == pytest.approx(STANDING_HEIGHT)
    # Side view: the head's width behind the body's line, the foot in front of it.
    assert right - left == pytest.approx(HEAD + FOOT)


def test_side_view_flexion_raises_the_arm_forward_then_overhead() -> None:
    forward = skeleton({"shoulder_left": 90}, "side").arms[0]
    assert forward.middle[0] - forward.root[0] == pytest.approx(UPPER_ARM)
    assert forward.middle[1] == pytest.approx(forward.root[1])
    overhead = skeleton({"shoulder_left": 180, "elbow_left": 0}, "side").arms[0]
    assert overhead.end[1] - overhead.root[1] == pytest.approx(UPPER_ARM + FOREARM)


def test_front_view_abduction_takes_each_arm_to_its_own_side() -> None:
    figure = skeleton({"shoulder_left": 90, "shoulder_right": 90}, "front")
    left, right = figure.arms
    assert left.end[0] > left.root[0] > 0 > right.root[0] > right.end[0]


def test_a_squat_is_pictured_standing_and_at_its_lowest() -> None:
    standing, lowest = start_and_end(LIBRARY["squat"].demonstration)
    assert standing.extent()[3] == pytest.approx(STANDING_HEIGHT)
    assert lowest.extent()[3] < STANDING_HEIGHT - 20


@pytest.mark.parametrize("code", sorted(LIBRARY))
def test_every_library_exercise_has_a_picture_on_the_floor(code: str) -> None:
    for picture in start_and_end(LIBRARY[code].demonstration):
        assert picture.extent()[2] == pytest.approx(0)
