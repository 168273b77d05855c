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
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import Integer, Select, bindparam, tuple_
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


PAGE_ROWS = "page_rows"  # the bound page size: the page's rows and one more, to see if more follow


def cursor_parameter(position: int) -> str:
    """The bound name of the cursor's key value at ``position`` (in the order of the keys)."""
    return f"page_after_{position}"


@dataclass(frozen=True)
class KeysetPage:
    """``statement`` as one page in ``keys`` order (the last key unique), with the cursor and
    the page size left as bound parameters: a page built once (kept in an ``lru_cache`` with
    the caller bound as a parameter too) skips building and hashing its SQL on every request.
    """

    statement: Select[*tuple[Any, ...]]
    keys: tuple[InstrumentedAttribute[Any], ...]
    descending: bool = True

    def _ordered(self, statement: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
        order = [key.desc() if self.descending else key.asc() for key in self.keys]
        return statement.order_by(*order).limit(bindparam(PAGE_ROWS, type_=Integer))

    @cached_property
    def first(self) -> Select[*tuple[Any, ...]]:
        return self._ordered(self.statement)

    @cached_property
    def following(self) -> Select[*tuple[Any, ...]]:
        """The pages after the first: past the cursor's key values."""
        position = tuple_(*self.keys)
        cursor = tuple_(
            *(bindparam(cursor_parameter(i), type_=key.type) for i, key in enumerate(self.keys))
        )
        return self._ordered(
            self.statement.where(position < cursor if self.descending else position > cursor)
        )


def paginate(
    db: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    *,
    descending: bool = True,
    scalars: bool = True,
) -> tuple[list[Any], str | None]:
    """Run ``statement`` for one page ordered by ``keys`` (the last key must be unique).

    With ``scalars`` the page holds the first selected entity of each row, else whole rows.
    """
    return read_page(db, KeysetPage(statement, tuple(keys), descending), page, scalars=scalars)


def read_page(
    db: Session,
    keyset: KeysetPage,
    page: PageParams,
    *,
    scalars: bool = True,
    parameters: dict[str, Any] | None = None,
) -> tuple[list[Any], str | None]:
    """One page of ``keyset`` run with ``parameters``, and the cursor of the next (None: last)."""
    after = page.after(len(keyset.keys))
    bound = {**(parameters or {}), PAGE_ROWS: page.limit + 1}
    if after is None:
        query = keyset.first
    else:
        query = keyset.following
        bound |= {cursor_parameter(i): value for i, value in enumerate(after)}
    rows: list[Any] = (
        list(db.scalars(query, bound).unique())
        if scalars
        else list(db.execute(query, bound).unique())
    )
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    last = rows[-1] if scalars else rows[-1][0]
    return rows, _encode([getattr(last, key.key) for key in keyset.keys])
