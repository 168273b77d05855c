from typing import Literal

from telerehab.schemas.base import ReadSchema


class HealthStatus(ReadSchema):
    status: Literal["ok"]
    database: Literal["ok"] | None = None
