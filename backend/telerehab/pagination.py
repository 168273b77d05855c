"""Keyset pagination: stable pages that neither skip nor repeat rows while rows are added.

A page is ``ORDER BY k1, k2, ..., id`` (all descending or all ascending) and the cursor holds the
last row's key values, so the next page is ``WHERE (k1, ..., id) < (cursor)``: an index range scan
whatever the depth, where OFFSET would read and throw away every earlier row.
"""

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from telerehab.errors import InvalidInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None

    def after(self, width: int) -> list[Any] | None:
        """The key values of the previous page's last row (``width`` keys), or None on the
        first page; a cursor that is not ours is answered 422."""
        return None if self.cursor is None else _decode(self.cursor, width)


async def page_params(  # async: no thread-pool hop for reading two query parameters
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Rows per page (1-100).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=500, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageQuery = Annotated[PageParams, Depends(page_params)]


def _encode(values: Sequence[Any]) -> str:
    plain = [
        {"d": value.isoformat()}
        if isinstance(value, datetime)
        else {"day": value.isoformat()}
        if isinstance(value, date)
        else value
        for value in values
    ]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        if not isinstance(plain, list) or len(plain) != width:
            raise ValueError("wrong width")
        return [
            datetime.fromisoformat(value["d"])
            if isinstance(value, dict) and "d" in value
            else date.fromisoformat(value["day"])
            if isinstance(value, dict) and "day" in value
            else value
            for value in plain
        ]
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise InvalidInput(
            "The cursor is not valid: pass back the next_cursor of the previous page unchanged."
        ) from None


def paginate(
    db: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    *,
    descending: bool = True,
    scalars: bool = True,
    parameters: dict[str, Any] | None = None,
) -> tuple[list[Any], str | None]:
    """Run ``statement`` (with its bound ``parameters``) for one page ordered by ``keys`` (the
    last key must be unique).

    With ``scalars`` the page holds the first selected entity of each row, else whole rows.
    """
    after = page.after(len(keys))
    if after is not None:
        position = tuple_(*keys)
        statement = statement.where(
            position < tuple_(*after) if descending else position > tuple_(*after)
        )
    order = [key.desc() if descending else key.asc() for key in keys]
    statement = statement.order_by(*order).limit(page.limit + 1)
    rows: list[Any] = (
        list(db.scalars(statement, parameters).unique())
        if scalars
        else list(db.execute(statement, parameters).unique())
    )
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    last = rows[-1] if scalars else rows[-1][0]
    return rows, _encode([getattr(last, key.key) for key in keys])
