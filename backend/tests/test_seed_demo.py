"""The demo clinic's history ends at the moment it is written, whatever the time of day."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.models import BrainExerciseSession, Message, Notification, WorkoutSession
from telerehab.seeding.demo import seed_demo

HISTORY = [
    WorkoutSession.started_at,
    WorkoutSession.ended_at,
    BrainExerciseSession.started_at,
    Message.created_at,
    Notification.created_at,
]


@pytest.mark.parametrize("hour", [0, 23])
def test_nothing_in_the_demo_history_lies_in_the_future(db_session: Session, hour: int) -> None:
    # Just after midnight a history that ended at noon showed "last session in 8 hours".
    now = datetime(2026, 11, 26, hour, 5, tzinfo=UTC)
    seed_demo(db_session, seed=7, now=now)
    db_session.flush()
    newest: dict[str, datetime] = {}
    for column in HISTORY:
        latest = db_session.scalar(select(func.max(column)))
        assert latest is not None
        newest[f"{column.class_.__name__}.{column.key}"] = as_utc(latest)
    assert all(moment <= now for moment in newest.values()), newest
    # ... and it still reaches into the last day, so the screens have recent activity.
    assert now - max(newest.values()) < timedelta(days=1)


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
