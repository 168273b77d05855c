"""Conversations between a doctor and their patients: who may write to whom, and the statements
that read them.

Two people may talk while an active assignment joins them (a doctor and a patient in their
care). When the care ends the conversation closes for both: it leaves the lists and counts, and
its thread answers 404, like any other stranger's.
"""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, and_, case, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from telerehab.access.scopes import Me, is_counterpart
from telerehab.binds import Binds
from telerehab.domain.notifications import notify
from telerehab.enums import NotificationKind
from telerehab.errors import NotFound
from telerehab.models import Message, User
from telerehab.web.pagination import KeysetPage

NOT_A_COUNTERPART = "You can only write to your current doctors or to patients in your care."


def send(db: Session, sender: User, receiver_id: int, body: str) -> Message:
    """A message to one of the sender's current doctors or patients, who is notified."""
    if not db.scalar(select(is_counterpart(sender.id, receiver_id))):
        raise NotFound(NOT_A_COUNTERPART)
    message = Message(sender_id=sender.id, receiver_id=receiver_id, body=body)
    db.add(message)
    db.flush()
    notify(
        db,
        receiver_id,
        NotificationKind.MESSAGE,
        f"New message from {sender.full_name}",
        link=f"/messages/with/{sender.id}",
    )
    return message


def unread_messages(user: User) -> Select[int]:
    """How many messages from the people the caller may talk to they have not read (a closed
    conversation's leftovers are not counted: they could never be cleared)."""
    return (
        select(func.count())
        .select_from(Message)
        .where(
            Message.receiver_id == user.id,
            Message.is_read.is_(False),
            is_counterpart(user.id, Message.sender_id),
        )
    )


@cache
def conversations_page() -> KeysetPage:
    """One row per person :me talks to: their latest message either way, the person, and how
    many of theirs :me has not read; built once."""
    me = Me.placeholders().me
    counterpart_id = case((Message.sender_id == me, Message.receiver_id), else_=Message.sender_id)
    latest = (
        select(
            Message.id,
            counterpart_id.label("counterpart_id"),
            func.row_number()
            .over(
                partition_by=counterpart_id,
                order_by=(Message.created_at.desc(), Message.id.desc()),
            )
            .label("recency"),
        )
        .where(or_(Message.sender_id == me, Message.receiver_id == me))
        .subquery()
    )
    unread = (
        select(Message.sender_id, func.count().label("unread"))
        .where(Message.receiver_id == me, Message.is_read.is_(False))
        .group_by(Message.sender_id)
        .subquery()
    )
    statement = (
        select(Message, User, func.coalesce(unread.c.unread, 0))
        .join(latest, and_(latest.c.id == Message.id, latest.c.recency == 1))
        .join(User, User.id == latest.c.counterpart_id)
        .outerjoin(unread, unread.c.sender_id == User.id)
        .where(is_counterpart(me, User.id))
    )
    return KeysetPage(statement, (Message.created_at, Message.id))


@dataclass(frozen=True)
class Thread(Binds):
    me: int
    other: int


@cache
def thread_page() -> KeysetPage:
    """The messages between :me and :other, built once. One branch per direction, each an
    index range in page order: PostgreSQL merges the two (an OR of both would make it fetch
    the whole thread and sort it for every page)."""
    bound = Thread.placeholders()
    me, other = bound.me, bound.other
    both_ways = union_all(
        select(Message).where(Message.sender_id == me, Message.receiver_id == other),
        select(Message).where(Message.sender_id == other, Message.receiver_id == me),
    ).subquery("thread")
    thread = aliased(Message, both_ways)
    return KeysetPage(select(thread), (thread.created_at, thread.id))
