from typing import Literal

from telerehab.schemas.base import ReadSchema
from telerehab.schemas.user import UserRead


class TokenResponse(ReadSchema):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int
    user: UserRead
