"""Conversations between a doctor and their patients.

Two people may talk while an active assignment joins them (a doctor and a patient in their
care). When the care ends the conversation closes for both: it leaves the lists and counts, and
its thread answers 404, like any other stranger's.
"""

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, status
from sqlalchemy import (
    Row,
    Select,
    and_,
    case,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from telerehab.access import Me, is_counterpart, visible_counterparts
from telerehab.binds import Binds
from telerehab.dependencies import Clinician, DbSession, IdPath
from telerehab.enums import NotificationKind
from telerehab.errors import NotFound
from telerehab.models import Message, User
from telerehab.notifications import mark_read, notify
from telerehab.pagination import KeysetPage, PageQuery, read_page
from telerehab.schemas.base import Page
from telerehab.schemas.message import ConversationRead, MessageCreate, MessageRead
from telerehab.schemas.notification import MarkedRead, UnreadCount
from telerehab.schemas.user import UserSummary

router = APIRouter(prefix="/messages", tags=["messages"])

PREVIEW_LENGTH = 120
NOT_A_COUNTERPART = "You can only write to your current doctors or to patients in your care."
Responses = dict[int | str, dict[str, Any]]
NO_ADMINS: Responses = {403: {"description": "Admins take no part in conversations."}}
STRANGER: Responses = {404: {"description": "Not one of your current doctors or patients."}}


def current_counterpart(db: DbSession, user: Clinician, user_id: IdPath) -> User:
    """The person ``user_id`` if the caller may talk to them now, else 404."""
    found = db.scalars(visible_counterparts(user).where(User.id == user_id)).one_or_none()
    if found is None:
        raise NotFound(NOT_A_COUNTERPART)
    return found


Counterpart = Annotated[User, Depends(current_counterpart)]


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


@router.get(
    "/conversations",
    operation_id="messages-conversations",
    summary="My conversations",
    description=(
        "One row per current doctor or patient you have exchanged messages with: who, the "
        "latest message (a preview) and how many of theirs you have not read; the most recent "
        "conversation first."
    ),
    responses=NO_ADMINS,
)
def list_conversations(user: Clinician, db: DbSession, page: PageQuery) -> Page[ConversationRead]:
    def conversation(row: Row[Message, User, int]) -> ConversationRead:
        message, other, unread_count = row
        return ConversationRead(
            counterpart=UserSummary.model_validate(other),
            last_message_id=message.id,
            last_message_preview=message.body[:PREVIEW_LENGTH],
            last_message_at=message.created_at,
            last_message_from_me=message.sender_id == user.id,
            unread=unread_count,
        )

    keyset = _conversations_page()
    return read_page(db, keyset, page, conversation, binds=Me(me=user.id), scalars=False)


@router.get(
    "/unread-count",
    operation_id="messages-unread-count",
    summary="How many messages I have not read",
    description="Messages from your current doctors or patients that you have not read.",
    responses=NO_ADMINS,
)
def count_unread(user: Clinician, db: DbSession) -> UnreadCount:
    return UnreadCount(unread=db.scalar(unread_messages(user)) or 0)


@router.get(
    "/with/{user_id}",
    operation_id="messages-thread",
    summary="My conversation with someone",
    description="The messages between you and one of your current doctors or patients, newest "
    "first. Reading them does not mark them read: see `messages-mark-read`.",
    responses={**NO_ADMINS, **STRANGER},
)
def get_thread(
    user: Clinician, other: Counterpart, db: DbSession, page: PageQuery
) -> Page[MessageRead]:
    binds = Thread(me=user.id, other=other.id)
    return read_page(db, _thread_page(), page, MessageRead.model_validate, binds=binds)


@cache
def _conversations_page() -> KeysetPage:
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
def _thread_page() -> KeysetPage:
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


@router.post(
    "/with/{user_id}/read",
    operation_id="messages-mark-read",
    summary="Mark a conversation as read",
    description="Marks every message you received from this person as read; returns how many "
    "were unread.",
    responses={**NO_ADMINS, **STRANGER},
)
def mark_thread_read(user: Clinician, other: Counterpart, db: DbSession) -> MarkedRead:
    return mark_read(db, Message, Message.sender_id == other.id, Message.receiver_id == user.id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="messages-send",
    summary="Send a message",
    description="To one of your current doctors or patients, who gets a notification.",
    responses={
        **NO_ADMINS,
        404: {"description": "The receiver is not one of your current doctors or patients."},
    },
)
def send_message(user: Clinician, body: MessageCreate, db: DbSession) -> MessageRead:
    receiver_known = db.scalar(select(is_counterpart(user.id, body.receiver_id)))
    if not receiver_known:
        raise NotFound(NOT_A_COUNTERPART)
    message = Message(sender_id=user.id, receiver_id=body.receiver_id, body=body.body)
    db.add(message)
    db.flush()
    notify(
        db,
        body.receiver_id,
        NotificationKind.MESSAGE,
        f"New message from {user.full_name}",
        link=f"/messages/with/{user.id}",
    )
    return MessageRead.model_validate(message)
