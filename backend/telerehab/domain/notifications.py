"""Creating notifications: events elsewhere (a message, an appointment, a new plan) call
``notify``; it only adds the row to the caller's transaction, so it commits with the event, and
the person's open apps hear of it once it has (``telerehab.live.push``).
``mark_read`` marks notifications, or messages, as read in bulk."""

from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, update
from sqlalchemy.orm import Session

from telerehab.enums import NotificationKind
from telerehab.live.push import push_after_commit
from telerehab.models import Message, Notification
from telerehab.schemas.notification import MarkedRead


def notify(
    db: Session,
    user_id: int,
    kind: NotificationKind,
    title: str,
    *,
    body: str | None = None,
    link: str | None = None,
) -> Notification:
    notification = Notification(user_id=user_id, kind=kind, title=title[:200], body=body, link=link)
    db.add(notification)
    push_after_commit(db, user_id, kind.value)
    return notification


def mark_read(
    db: Session, model: type[Notification] | type[Message], *where: ColumnElement[bool]
) -> MarkedRead:
    """Mark the unread rows of ``model`` matching ``where`` as read, in one UPDATE."""
    result: CursorResult[Any] = cast(  # an UPDATE's result carries its row count
        CursorResult[Any],
        db.execute(
            update(model)
            .where(model.is_read.is_(False), *where)
            .values(is_read=True)
            .execution_options(synchronize_session=False)
        ),
    )
    return MarkedRead(marked=result.rowcount)
