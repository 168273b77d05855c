"""Keyset pagination: stable pages that neither skip nor repeat rows while rows are added.

A page is ``ORDER BY k1, k2, ..., id`` (all descending or all ascending) and the cursor holds the
last row's key values, so the next page is ``WHERE (k1, ..., id) < (cursor)``: an index range scan
whatever the depth, where OFFSET would read and throw away every earlier row.

A cursor is signed (HMAC keyed from ``SECRET_KEY``) and its values are checked against the key
columns' types before they reach the SQL: a cursor a client made up, edited or took from another
list is a plain 422, never a database error.
"""

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Annotated, Any, TypeVar, overload

from fastapi import Depends, Query, Request
from pydantic import Field, StrictBool, StringConstraints, TypeAdapter, ValidationError
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Select,
    SmallInteger,
    String,
    TypeDecorator,
    bindparam,
    tuple_,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.types import TypeEngine

from telerehab.binds import Binds
from telerehab.errors import InvalidInput
from telerehab.schemas.base import BoundedDate, BoundedDateTime, Page

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Room for the longest key a page has (a 120-character name, up to 4 bytes a character) in
# base64, and the signature.
MAX_CURSOR_LENGTH = 1024
INVALID_CURSOR = (
    "The cursor is not valid: pass back the next_cursor of the previous page unchanged."
)
_SIGNATURE_BYTES = 16  # HMAC-SHA256 cut to 128 bits: forging one still takes 2**128 guesses


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None
    # The key that signs this app's cursors (``cursor_signing_key``): a client can only hand
    # back a cursor we wrote, and a bad one is refused before its values reach the SQL.
    signing_key: bytes = field(repr=False)

    def after(self, keys: Sequence[InstrumentedAttribute[Any]]) -> list[Any] | None:
        """The previous page's last row's values of ``keys``, or None on the first page. A
        cursor we did not sign, or whose values do not fit the keys' columns (one taken from
        another list, say), is answered 422."""
        if self.cursor is None:
            return None
        payload = _verified_payload(self.cursor, self.signing_key)
        try:
            return list(_cursor_values(_column_types(keys)).validate_json(payload, strict=True))
        except ValidationError:
            raise InvalidInput(INVALID_CURSOR) from None

    def payload(self) -> bytes | None:
        """The signed cursor's payload as we wrote it (for a list not read from a table), or
        None on the first page; a cursor we did not sign is answered 422."""
        return None if self.cursor is None else _verified_payload(self.cursor, self.signing_key)

    def sign(self, payload: bytes) -> str:
        """A cursor holding ``payload`` (for a list not read from a table)."""
        return sign_cursor(payload, self.signing_key)

    def cursor_at(self, keys: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any]) -> str:
        """The signed cursor of the page after the row whose ``keys`` hold ``values``."""
        payload = _cursor_values(_column_types(keys)).dump_json(tuple(values))
        return sign_cursor(payload, self.signing_key)


@lru_cache(maxsize=4)
def cursor_signing_key(secret_key: str) -> bytes:
    """The key of the cursors' signatures, derived from ``SECRET_KEY`` for this one use."""
    return hmac.digest(secret_key.encode(), b"telerehab pagination cursor v1", hashlib.sha256)


async def page_params(  # async: no thread-pool hop for reading two query parameters
    request: Request,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Rows per page (1-100).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
    ] = None,
) -> PageParams:
    key = cursor_signing_key(request.app.state.settings.secret_key)
    return PageParams(limit=limit, cursor=cursor, signing_key=key)


PageQuery = Annotated[PageParams, Depends(page_params)]


def sign_cursor(payload: bytes, key: bytes) -> str:
    """``payload`` (the JSON array of a row's key values) as a cursor: base64 and signature."""
    signature = hmac.digest(key, payload, hashlib.sha256)[:_SIGNATURE_BYTES]
    return f"{_base64(payload)}.{_base64(signature)}"


def _verified_payload(cursor: str, key: bytes) -> bytes:
    encoded_payload, _, encoded_signature = cursor.partition(".")
    try:
        payload, signature = _unbase64(encoded_payload), _unbase64(encoded_signature)
    except (ValueError, binascii.Error):
        raise InvalidInput(INVALID_CURSOR) from None
    expected = hmac.digest(key, payload, hashlib.sha256)[:_SIGNATURE_BYTES]
    if not hmac.compare_digest(signature, expected):
        raise InvalidInput(INVALID_CURSOR)
    return payload


def _base64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unbase64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _column_types(keys: Sequence[InstrumentedAttribute[Any]]) -> tuple[TypeEngine[Any], ...]:
    return tuple(key.type for key in keys)


@lru_cache(maxsize=64)
def _cursor_values(column_types: tuple[TypeEngine[Any], ...]) -> TypeAdapter[tuple[Any, ...]]:
    """What a cursor of keys of ``column_types`` holds: one value each, of the Python type that
    column binds and within what it stores. Built once per list (the types are its columns')."""
    fixed_length_tuple: Any = tuple.__class_getitem__(tuple(map(_cursor_value, column_types)))
    return TypeAdapter(fixed_length_tuple)


# The range of each kind of integer column, on every database (PostgreSQL's are the narrowest).
_INTEGER_BITS = {SmallInteger: 16, BigInteger: 64, Integer: 32}


def _cursor_value(column_type: TypeEngine[Any]) -> Any:
    """The type of a cursor's value for a key of ``column_type`` (strict: no ``true`` for 1)."""
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    if isinstance(column_type, Integer):
        bits = next(b for kind, b in _INTEGER_BITS.items() if isinstance(column_type, kind))
        return Annotated[int, Field(strict=True, ge=-(2 ** (bits - 1)), le=2 ** (bits - 1) - 1)]
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class
    if isinstance(column_type, String):
        # PostgreSQL stores no NUL in text, so no key of ours holds one.
        return Annotated[
            str,
            StringConstraints(strict=True, max_length=column_type.length, pattern=r"^[^\x00]*$"),
        ]
    if isinstance(column_type, DateTime) and column_type.timezone:
        return BoundedDateTime
    if isinstance(column_type, Date):
        return BoundedDate
    if isinstance(column_type, Float):
        return Annotated[float, Field(strict=True, allow_inf_nan=False)]
    if isinstance(column_type, Boolean):
        return StrictBool
    raise TypeError(f"no cursor value for a key of column type {column_type!r}")


PAGE_ROWS = "page_rows"  # the bound page size: the page's rows and one more, to see if more follow


def cursor_parameter(position: int) -> str:
    """The bound name of the cursor's key value at ``position`` (in the order of the keys)."""
    return f"page_after_{position}"


@dataclass(frozen=True)
class KeysetPage:
    """``statement`` as one page in ``keys`` order (the last key unique), with the cursor and
    the page size left as bound parameters: a page built once (kept in a cache, with the caller
    bound too: see ``telerehab.binds``) skips building and hashing its SQL on every request.
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


@overload
def paginate(
    db: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    item: Callable[[Any], T],
    *,
    descending: bool = True,
    scalars: bool = True,
) -> Page[T]: ...
@overload
def paginate(
    db: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    *,
    descending: bool = True,
    scalars: bool = True,
) -> tuple[list[Any], str | None]: ...
def paginate(
    db: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[InstrumentedAttribute[Any]],
    page: PageParams,
    item: Callable[[Any], T] | None = None,
    *,
    descending: bool = True,
    scalars: bool = True,
) -> Page[T] | tuple[list[Any], str | None]:
    """One page of ``statement`` ordered by ``keys`` (the last key must be unique), each row
    made an answer's item by ``item``.

    With ``scalars`` a row is the first selected entity, else the whole row.
    """
    keyset = KeysetPage(statement, tuple(keys), descending)
    if item is None:  # transitional: the routers that still wrap the rows themselves
        return _rows_and_cursor(db, keyset, page, scalars=scalars, parameters={})
    return read_page(db, keyset, page, item, scalars=scalars)


@overload
def read_page(
    db: Session,
    keyset: KeysetPage,
    page: PageParams,
    item: Callable[[Any], T],
    *,
    binds: Binds | None = None,
    scalars: bool = True,
) -> Page[T]: ...
@overload
def read_page(
    db: Session,
    keyset: KeysetPage,
    page: PageParams,
    *,
    scalars: bool = True,
    parameters: dict[str, Any] | None = None,
) -> tuple[list[Any], str | None]: ...
def read_page(
    db: Session,
    keyset: KeysetPage,
    page: PageParams,
    item: Callable[[Any], T] | None = None,
    *,
    binds: Binds | None = None,
    scalars: bool = True,
    parameters: dict[str, Any] | None = None,
) -> Page[T] | tuple[list[Any], str | None]:
    """One page of ``keyset`` run with ``binds``, each row made an item by ``item``, and the
    cursor of the next page (None: this is the last).

    Without ``item`` (transitional, for the routers that still bind a dict of ``parameters``
    and wrap the rows themselves): the rows and the cursor.
    """
    bound = binds.values() if binds is not None else dict(parameters or {})
    rows, next_cursor = _rows_and_cursor(db, keyset, page, scalars=scalars, parameters=bound)
    if item is None:
        return rows, next_cursor
    return Page(items=[item(row) for row in rows], next_cursor=next_cursor)


def _rows_and_cursor(
    db: Session,
    keyset: KeysetPage,
    page: PageParams,
    *,
    scalars: bool,
    parameters: dict[str, Any],
) -> tuple[list[Any], str | None]:
    after = page.after(keyset.keys)
    bound = {**parameters, PAGE_ROWS: page.limit + 1}
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
    return rows, page.cursor_at(keyset.keys, [getattr(last, key.key) for key in keyset.keys])
