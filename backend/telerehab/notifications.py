"""Creating notifications: events elsewhere (a message, an appointment, a new plan) call
``notify``; it only adds the row to the caller's transaction, so it commits with the event."""

from sqlalchemy.orm import Session

from telerehab.enums import NotificationKind
from telerehab.models import Notification


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
    return notification
