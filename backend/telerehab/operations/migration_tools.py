"""Small, stable helpers for the data-cleaning steps of migrations.

They refuse, with a sentence an operator can act on, data that no rule can repair without losing
something; everything else they normalise in place.
"""

from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from alembic import op


class LegacyDataError(RuntimeError):
    """Old data breaks a rule the new schema enforces, and fixing it needs a human decision."""


def scalar(sql: str, **params: object) -> int:
    return int(op.get_bind().execute(sa.text(sql), params).scalar() or 0)


def require_none(table: str, condition: str, problem: str) -> None:
    """Stop the migration if any row of ``table`` matches ``condition``."""
    count = scalar(f"SELECT COUNT(*) FROM {table} WHERE {condition}")  # noqa: S608
    if count:
        raise LegacyDataError(
            f"{count} row(s) of {table} {problem} (rows where {condition}); "
            "fix them by hand, then run the migration again. Nothing was changed."
        )


def fill_nulls(table: str, defaults: Mapping[str, str]) -> None:
    """``UPDATE table SET column = <SQL expression> WHERE column IS NULL`` for each column."""
    for column, expression in defaults.items():
        op.execute(f"UPDATE {table} SET {column} = {expression} WHERE {column} IS NULL")  # noqa: S608


def normalise_enum(
    table: str, column: str, allowed: Iterable[str], aliases: Mapping[str, str] | None = None
) -> None:
    """Lower-case and trim free text, map known aliases, and refuse any value still unknown."""
    allowed = list(allowed)
    op.execute(
        f"UPDATE {table} SET {column} = REPLACE(REPLACE(LOWER(TRIM({column})), '_', '-'), ' ', '-')"  # noqa: S608
        f" WHERE {column} IS NOT NULL"
    )
    for alias, value in (aliases or {}).items():
        op.execute(
            sa.text(f"UPDATE {table} SET {column} = :value WHERE {column} = :alias").bindparams(  # noqa: S608
                value=value, alias=alias
            )
        )
    listed = ", ".join(f"'{value}'" for value in allowed)
    require_none(
        table, f"{column} IS NOT NULL AND {column} NOT IN ({listed})", f"have an unknown {column}"
    )


def in_list(column: str, values: Iterable[str]) -> str:
    """The SQL of an enum CHECK, written as SQLAlchemy writes it for the models."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def renumber_positions(table: str, group_columns: list[str]) -> None:
    """Give rows distinct 0-based positions within each group, keeping their current order."""
    bind = op.get_bind()
    group_sql = ", ".join(group_columns)
    rows = bind.execute(
        sa.text(f"SELECT id, {group_sql} FROM {table} ORDER BY {group_sql}, position, id")  # noqa: S608
    ).all()
    previous_group: tuple[object, ...] | None = None
    position = 0
    updates = []
    for row in rows:
        group = tuple(row[1:])
        position = position + 1 if group == previous_group else 0
        previous_group = group
        updates.append({"row_id": row[0], "position": position})
    if updates:
        bind.execute(
            sa.text(f"UPDATE {table} SET position = :position WHERE id = :row_id"),  # noqa: S608
            updates,
        )
