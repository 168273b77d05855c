from datetime import datetime

from telerehab.enums import NotificationKind
from telerehab.schemas.base import ReadSchema


class NotificationRead(ReadSchema):
    id: int
    kind: NotificationKind
    title: str
    body: str | None
    link: str | None
    is_read: bool
    created_at: datetime


class UnreadCount(ReadSchema):
    """How many items (notifications, messages) the caller has not read yet."""

    unread: int


class MarkedRead(ReadSchema):
    """How many items a "mark as read" call changed (already-read ones are not counted)."""

    marked: int
