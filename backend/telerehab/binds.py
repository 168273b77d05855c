"""Statements built once, run with typed values: the one idiom for bound parameters.

A statement that serves every caller is built (and its SQL hashed) once, with the caller and
the filters left as bound parameters. Their names and types live in one frozen dataclass per
statement: the statement is built from ``placeholders()`` (each field a bound parameter of its
name) and run with an instance (each field its value), so a misspelt name or a missing value
fails type checking, not a request.

    @dataclass(frozen=True)
    class DoctorsPatient(Binds):
        me: int
        patient_id: int

    @cache
    def doctors_patient() -> Select[User]:
        bound = DoctorsPatient.placeholders()
        return patients_of(bound.me).where(User.id == bound.patient_id)

    scalars(db, doctors_patient(), DoctorsPatient(me=doctor.id, patient_id=42))
"""

import typing
from dataclasses import dataclass, fields
from typing import Any, Self, TypeVar, cast

from sqlalchemy import Boolean, Integer, Select, String, bindparam
from sqlalchemy.engine import Result, ScalarResult
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

T = TypeVar("T")

# The SQL type of a field's bound parameter, by its Python type. Any other field (a time, an
# enum) takes the type of the column it is compared with, and so that column's conversions.
_SQL_TYPES: dict[Any, TypeEngine[Any]] = {int: Integer(), str: String(), bool: Boolean()}


@dataclass(frozen=True)
class Binds:
    """The values a statement built once is run with: one field per bound parameter."""

    @classmethod
    def placeholders(cls) -> Self:
        """An instance whose fields are the bound parameters themselves, to build with.

        Typed as the class so the statement reads ``bound.me``; each field really holds a
        ``BindParameter``, which SQL expressions take wherever they take the value."""
        placeholder = _PLACEHOLDERS.get(cls)
        if placeholder is None:
            placeholder = _PLACEHOLDERS[cls] = _placeholders(cls)
        return cast(Self, placeholder)

    def values(self) -> dict[str, Any]:
        """The parameters to run the statement with."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


# One placeholder instance per class: built on first use, as a statement built once is.
_PLACEHOLDERS: dict[type[Binds], Binds] = {}


def _placeholders(cls: type[Binds]) -> Binds:
    hints = typing.get_type_hints(cls)
    placeholder = object.__new__(cls)
    for field in fields(cls):
        sql_type = _SQL_TYPES.get(hints[field.name])
        object.__setattr__(placeholder, field.name, bindparam(field.name, type_=sql_type))
    return placeholder


def scalars(db: Session, statement: Select[T], binds: Binds) -> ScalarResult[T]:
    """Run ``statement`` (built from ``type(binds).placeholders()``) with ``binds``."""
    return db.scalars(statement, binds.values())


def execute(db: Session, statement: Select[*tuple[Any, ...]], binds: Binds) -> Result[Any]:
    """Run ``statement`` (built from ``type(binds).placeholders()``) with ``binds``, whole rows."""
    return db.execute(statement, binds.values())
