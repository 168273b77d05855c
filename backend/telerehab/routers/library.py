"""The exercise library: common rehabilitation exercises with instructions, cautions, a starting
dose, how each is recorded and its demonstration's key poses. Any signed-in user may read it
(doctors prescribe from it, patients read how to do their exercises). The catalogue is data in
code (``telerehab.library``)."""

import json
from typing import Annotated

from fastapi import APIRouter, Query

from telerehab.enums import BodyRegion, ExerciseGoal, Recording
from telerehab.errors import InvalidInput
from telerehab.library import LIBRARY, LibraryExercise, search
from telerehab.schemas.base import Page
from telerehab.schemas.library import MAX_CODE_LENGTH, LibraryExerciseRead
from telerehab.web.pagination import INVALID_CURSOR, PageParams, PageQuery

router = APIRouter(prefix="/exercise-library", tags=["exercise-library"])

Text = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="Words of the name or summary, any order."),
]
Regions = Annotated[list[BodyRegion], Query(max_length=10, description="Any of these regions.")]
Goals = Annotated[list[ExerciseGoal], Query(max_length=10, description="Any of these goals.")]
Codes = Annotated[
    list[Annotated[str, Query(max_length=MAX_CODE_LENGTH)]],
    Query(max_length=len(LIBRARY), description="Only these exercises (by code)."),
]


def _key(exercise: LibraryExercise) -> tuple[str, str]:
    return exercise.name.casefold(), exercise.code


def _after(page: PageParams) -> tuple[str, str] | None:
    payload = page.payload()
    if payload is None:
        return None
    key = json.loads(payload)
    if not (isinstance(key, list) and len(key) == 2 and all(isinstance(v, str) for v in key)):
        raise InvalidInput(INVALID_CURSOR)
    return key[0], key[1]


@router.get(
    "",
    operation_id="exercise-library-list",
    summary="The exercise library",
    description=(
        "Exercises by name, filtered by words of the name (`q`), body region, goal, how they "
        "are recorded and codes (every filter given must match; a repeated one matches any of "
        "its values). Camera exercises are counted live by the engine; the patient reports the "
        "sets and reps of the others."
    ),
)
def list_library(
    page: PageQuery,
    q: Text = None,
    region: Regions = [],  # noqa: B006 (FastAPI copies defaults)
    goal: Goals = [],  # noqa: B006
    recording: Annotated[Recording | None, Query(description="How it is recorded.")] = None,
    code: Codes = [],  # noqa: B006
) -> Page[LibraryExerciseRead]:
    found = search(q, region, goal, recording, code)
    after = _after(page)
    if after is not None:
        found = [exercise for exercise in found if _key(exercise) > after]
    items = found[: page.limit]
    next_cursor = None
    if len(found) > page.limit:
        next_cursor = page.sign(json.dumps(list(_key(items[-1]))).encode())
    return Page(
        items=[LibraryExerciseRead.model_validate(e) for e in items], next_cursor=next_cursor
    )
