"""Conversations between a doctor and their patients.

Two people may talk while an active assignment joins them (a doctor and a patient in their
care). When the care ends the conversation closes for both: it leaves the lists and counts, and
its thread answers 404, like any other stranger's.
"""

from typing import Any

from fastapi import APIRouter, status
from sqlalchemy import (
    Row,
)

from telerehab.access.scopes import Me
from telerehab.dependencies import Clinician, Counterpart, DbSession
from telerehab.domain import messages
from telerehab.domain.notifications import mark_read
from telerehab.models import Message, User
from telerehab.schemas.base import Page
from telerehab.schemas.message import ConversationRead, MessageCreate, MessageRead
from telerehab.schemas.notification import MarkedRead, UnreadCount
from telerehab.schemas.user import UserSummary
from telerehab.web.pagination import PageQuery, read_page

router = APIRouter(prefix="/messages", tags=["messages"])

PREVIEW_LENGTH = 120
Responses = dict[int | str, dict[str, Any]]
NO_ADMINS: Responses = {403: {"description": "Admins take no part in conversations."}}
STRANGER: Responses = {404: {"description": "Not one of your current doctors or patients."}}


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

    keyset = messages.conversations_page()
    return read_page(db, keyset, page, conversation, binds=Me(me=user.id), scalars=False)


@router.get(
    "/unread-count",
    operation_id="messages-unread-count",
    summary="How many messages I have not read",
    description="Messages from your current doctors or patients that you have not read.",
    responses=NO_ADMINS,
)
def count_unread(user: Clinician, db: DbSession) -> UnreadCount:
    return UnreadCount(unread=db.scalar(messages.unread_messages(user)) or 0)


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
    binds = messages.Thread(me=user.id, other=other.id)
    return read_page(db, messages.thread_page(), page, MessageRead.model_validate, binds=binds)


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
    return MessageRead.model_validate(messages.send(db, user, body.receiver_id, body.body))
