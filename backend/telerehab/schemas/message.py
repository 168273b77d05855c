from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from telerehab.schemas.base import Id, InputSchema, ReadSchema
from telerehab.schemas.user import UserSummary

MessageBody = Annotated[str, StringConstraints(min_length=1, max_length=5000)]


class MessageCreate(InputSchema):
    receiver_id: Id
    body: MessageBody


class MessageRead(ReadSchema):
    id: int
    sender_id: int
    receiver_id: int
    body: str
    is_read: bool
    created_at: datetime


class ConversationRead(ReadSchema):
    """One counterpart and the latest message exchanged with them."""

    counterpart: UserSummary
    last_message_id: int
    last_message_preview: str
    last_message_at: datetime
    last_message_from_me: bool
    unread: int
