"""Live exercise sessions: where the engine's results become workout sessions and sets.

The WebSocket stream and the batch endpoint both go through here, so a set is stored the same
way whichever way its frames arrived.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from telerehab.enums import ExerciseType, Side, WorkoutSource
from telerehab.errors import Conflict, InvalidInput, NotFound
from telerehab.exercise_logic import Event, ExerciseSession, SessionSummary, in_height_units
from telerehab.models import SessionDetail, User, WeekPlan, WeekPlanItem, WorkoutSession
from telerehab.schemas.exercise_session import SetPrescription

LANDMARKS = 33
VALUES_PER_FRAME = 1 + LANDMARKS * 4  # timestamp, then x, y, z, visibility per landmark
# ... then the world landmarks' x, y, z, in a set that sends them (``world_landmarks``).
VALUES_PER_WORLD_FRAME = VALUES_PER_FRAME + LANDMARKS * 3
MAX_FRAMES_PER_MESSAGE = 300  # 10 s at 30 fps
MAX_FRAMES_PER_SET = 5400  # 3 minutes at 30 fps
# Frame timestamps are seconds on the client's clock: the web app sends performance.now() (from
# 0), the CLI frame number / fps (from 0), another client may send Unix time. 1e10 s takes all
# three (Unix time until the year 2286), and bounds every duration computed from them.
MAX_TIMESTAMP_S = 1e10
# A set longer than a day is a set left open, not exercise.
MAX_SET_SECONDS = 24 * 3600.0


def frame_width(world_landmarks: bool) -> int:
    """The numbers in one frame of a set that does or does not send world landmarks."""
    return VALUES_PER_WORLD_FRAME if world_landmarks else VALUES_PER_FRAME


def _frame_layout(world_landmarks: bool) -> str:
    world = ", then x, y, z for each in the world" if world_landmarks else ""
    return (
        f"{frame_width(world_landmarks)} numbers (a timestamp, then x, y, z, visibility for each "
        f"of 33 landmarks{world})"
    )


def parse_frames(
    rows: object, limit: int, world_landmarks: bool = False
) -> npt.NDArray[np.float64]:
    """Validate a batch of compact frames ``[[t, x0, y0, z0, v0, ..., v32], ...]`` (each row
    followed by the world landmarks' ``X0, Y0, Z0, ..., Z32`` in a set that sends them)."""
    try:
        frames = np.asarray(rows, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"Frames must be a list of rows of {_frame_layout(world_landmarks)}."
        ) from None
    if frames.ndim != 2 or frames.shape[1] != frame_width(world_landmarks) or len(frames) == 0:
        raise InvalidInput(
            f"Each frame needs {_frame_layout(world_landmarks)}; got shape {list(frames.shape)}."
        )
    if len(frames) > limit:
        raise InvalidInput(f"At most {limit} frames per request; got {len(frames)}.")
    if not np.isfinite(frames).all():
        raise InvalidInput("Frames contain NaN or infinite values; send finite numbers only.")
    if frames[:, 0].min() < 0 or frames[:, 0].max() > MAX_TIMESTAMP_S:
        raise InvalidInput(
            f"Frame timestamps are seconds from 0 to {MAX_TIMESTAMP_S:.0e} (such as the time "
            "since the page loaded, or Unix time)."
        )
    if np.any(np.diff(frames[:, 0]) < 0):
        raise InvalidInput("Frame timestamps must not go backwards.")
    visibility = frames[:, 4:VALUES_PER_FRAME:4]
    if visibility.min() < 0 or visibility.max() > 1:
        raise InvalidInput("Landmark visibility must be between 0 and 1.")
    return frames


@dataclass
class LiveSet:
    """One exercise set being counted: the engine plus what the set was prescribed as."""

    exercise: ExerciseType
    side: Side | None
    reps_target: int | None
    target_rom_deg: float | None
    fps: float
    setup_skipped: bool = False
    set_key: str | None = None  # the client's name for the set: a resend is stored once
    aspect_ratio: float = 1.0  # the picture's width over its height
    world_landmarks: bool = False  # each frame carries the world landmarks too
    engine: ExerciseSession = field(init=False)
    first_time: float | None = field(default=None, init=False)
    last_time: float | None = field(default=None, init=False)
    frames: int = field(default=0, init=False)  # counted so far

    @classmethod
    def prescribed(cls, set_: SetPrescription, set_key: str | None = None) -> "LiveSet":
        return cls(
            set_.exercise,
            set_.side,
            set_.reps_target,
            set_.target_rom_deg,
            set_.fps,
            set_.setup_skipped,
            set_key,
            set_.aspect_ratio,
            set_.world_landmarks,
        )

    def __post_init__(self) -> None:
        self.engine = ExerciseSession(
            self.exercise, fps=self.fps, side=self.side, target_rom_deg=self.target_rom_deg
        )

    @property
    def duration_s(self) -> float:
        """From the first frame's timestamp to the last's (at most ``MAX_SET_SECONDS``)."""
        if self.first_time is None or self.last_time is None:
            return 0.0
        return self.last_time - self.first_time

    def feed(self, frames: npt.NDArray[np.float64]) -> list[Event]:
        """Count ``frames`` (checked by ``parse_frames``) as the set's next frames."""
        if self.last_time is not None and frames[0, 0] < self.last_time:
            raise InvalidInput("Frame timestamps must not go backwards.")
        first = float(frames[0, 0]) if self.first_time is None else self.first_time
        if frames[-1, 0] - first > MAX_SET_SECONDS:
            raise InvalidInput(
                f"A set lasts at most {MAX_SET_SECONDS:.0f} seconds; end it and start another."
            )
        picture = frames[:, 1:VALUES_PER_FRAME].reshape(-1, LANDMARKS, 4)
        landmarks = in_height_units(picture, self.aspect_ratio)
        worlds = frames[:, VALUES_PER_FRAME:].reshape(-1, LANDMARKS, 3)
        events: list[Event] = []
        for index, time in enumerate(frames[:, 0].tolist()):
            world = worlds[index] if self.world_landmarks else None
            events.extend(self.engine.feed(landmarks[index], time, world))
        self.first_time = first
        self.last_time = float(frames[-1, 0])
        self.frames += len(frames)
        return events

    def finish(self) -> tuple[list[Event], SessionSummary]:
        events = self.engine.finish()
        return events, self.engine.summary()


def load_sets(db: Session, session: WorkoutSession) -> WorkoutSession:
    """``session`` with its sets in the order done, read in one statement (the collection
    never loads lazily; the session's own row is already current in this unit of work)."""
    sets = db.scalars(
        select(SessionDetail)
        .where(SessionDetail.session_id == session.id)
        .order_by(SessionDetail.position, SessionDetail.id)
    ).all()
    set_committed_value(session, "details", list(sets))
    return session


def start_session(
    db: Session,
    patient: User,
    *,
    week_plan_item_id: int | None,
    combo_id: int | None,
    client_key: str | None,
) -> tuple[WorkoutSession, bool]:
    """A new in-progress session, or the one already started with the same ``client_key``."""
    if client_key:
        existing = db.scalars(
            select(WorkoutSession).where(WorkoutSession.client_key == client_key)
        ).one_or_none()
        if existing is not None:
            if existing.user_id != patient.id:
                raise Conflict("This client key is already in use; generate a new one.")
            return existing, False
    if week_plan_item_id is not None:
        item = db.scalars(
            select(WeekPlanItem)
            .join(WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id)
            .where(WeekPlanItem.id == week_plan_item_id, WeekPlan.patient_id == patient.id)
        ).one_or_none()
        if item is None:
            raise NotFound("No planned exercise with this id is in your plan.")
        combo_id = item.combo_id
    session = WorkoutSession(
        user_id=patient.id,
        started_at=datetime.now(UTC),
        source=WorkoutSource.LIVE,
        week_plan_item_id=week_plan_item_id,
        combo_id=combo_id,
        client_key=client_key,
        details=[],  # known empty: the answer needs no second read
    )
    db.add(session)
    db.flush()
    return session, True


def store_set(
    db: Session, session: WorkoutSession, live: LiveSet, summary: SessionSummary
) -> SessionDetail:
    """Save a finished (or interrupted) set as the session's next detail row. A set with a key
    is stored once: sent again (after a reconnection, from its first frame), it replaces its row
    only when counted from more frames than the row was, so that no frame counts twice and an
    older, shorter copy (a replaced stream's partial set) never overwrites a longer one. The
    caller holds the session's row locked (``current_epoch(lock=True)``) or is the only writer."""
    if session.ended_at is not None:
        raise Conflict("This session is finished; start a new one for more sets.")
    stored = (
        None
        if live.set_key is None
        else db.scalars(
            select(SessionDetail).where(
                SessionDetail.session_id == session.id, SessionDetail.set_key == live.set_key
            )
        ).one_or_none()
    )
    if stored is not None and (stored.frame_count or 0) >= live.frames:
        return stored
    sides = {rep.side for rep in summary.rep_events}
    counted = {
        "side": live.side or (sides.pop() if len(sides) == 1 else Side.BOTH if sides else None),
        "reps_target": live.reps_target,
        "reps_done": summary.reps,
        "duration_seconds": round(live.duration_s, 2),
        "rom_min_deg": summary.min_rom_deg,
        "rom_max_deg": summary.max_rom_deg,
        "rom_mean_deg": summary.mean_rom_deg,
        "form_score": summary.form_score,
        "rep_metrics": [rep.to_dict() for rep in summary.rep_events],
        "setup_skipped": live.setup_skipped,
        "rom_from_world_landmarks": live.world_landmarks,
        "confidence": None if summary.confidence is None else summary.confidence.confidence,
        "uncertain_reps": summary.uncertain_reps,
        "frame_count": live.frames,
    }
    if stored is not None:
        for name, value in counted.items():
            setattr(stored, name, value)
        db.flush()
        return stored
    position, same_exercise = db.execute(
        select(
            func.count(SessionDetail.id),
            func.count(SessionDetail.id).filter(SessionDetail.exercise_type == live.exercise),
        ).where(SessionDetail.session_id == session.id)
    ).one()
    detail = SessionDetail(
        session_id=session.id,
        position=position,
        exercise_code=live.exercise.value,
        exercise_type=live.exercise,
        set_number=same_exercise + 1,
        set_key=live.set_key,
        **counted,
    )
    db.add(detail)
    db.flush()
    return detail


def finish_session(
    db: Session,
    session: WorkoutSession,
    *,
    pain_score: int | None,
    difficulty: int | None,
    notes: str | None,
) -> WorkoutSession:
    """Close the session; a retried finish changes nothing and duplicates nothing."""
    if session.ended_at is None:
        session.ended_at = max(datetime.now(UTC), session.started_at)
        session.pain_score = pain_score
        session.difficulty = difficulty
        session.notes = notes
        db.flush()
    return session
