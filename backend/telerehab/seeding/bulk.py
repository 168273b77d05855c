"""Rows written in bulk for the large clinic: ids assigned up front, rows buffered per table and
written with COPY (PostgreSQL) or executemany (SQLite), parents before children."""

import json
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, text

from telerehab.models import Base

# The tables the benchmark's "one million rows" is counted over.
HISTORY_TABLES = (
    "workout_sessions",
    "session_details",
    "brain_exercise_sessions",
    "messages",
    "notifications",
    "schedules",
    "audit_log",
)


@dataclass
class ScaleCounts:
    """Rows written per table."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count

    @property
    def history_rows(self) -> int:
        return sum(self.rows.get(name, 0) for name in HISTORY_TABLES)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class Ids:
    """The next primary key of each table (rows carry their ids, so children can point at
    parents without reading anything back)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


# --- Writing rows ------------------------------------------------------------------------


class BulkWriter:
    """Buffers rows per table and writes them in bulk: COPY on PostgreSQL, executemany else."""

    def __init__(self, connection: Connection, counts: ScaleCounts) -> None:
        self.connection = connection
        self.counts = counts
        self.postgres = connection.dialect.name == "postgresql"
        self.buffers: dict[str, tuple[Table, tuple[str, ...], list[tuple[Any, ...]]]] = {}

    def add(self, model: type[Base], columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        table = cast(Table, model.__table__)
        entry = self.buffers.get(table.name)
        if entry is None:
            entry = self.buffers[table.name] = (table, columns, [])
        entry[2].append(row)

    def flush(self) -> None:
        # Parents before children, whatever order the rows were drawn in.
        order = {table.name: rank for rank, table in enumerate(Base.metadata.sorted_tables)}
        for table, columns, rows in sorted(self.buffers.values(), key=lambda e: order[e[0].name]):
            if rows:
                self._write(table, columns, rows)
                self.counts.add(table.name, len(rows))
                rows.clear()

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if self.postgres:
            raw: Any = self.connection.connection.driver_connection
            json_columns = [i for i, c in enumerate(columns) if c == "rep_metrics"]
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    if json_columns:
                        row = tuple(
                            json.dumps(v, separators=(",", ":")) if i in json_columns else v
                            for i, v in enumerate(row)
                        )
                    copy.write_row(row)
            return
        self.connection.execute(
            insert(table), [dict(zip(columns, row, strict=True)) for row in rows]
        )


def history_row_counts(connection: Connection) -> dict[str, int]:
    """Rows now in each of the benchmark's history tables."""
    return {
        name: int(connection.scalar(text(f"SELECT count(*) FROM {name}")) or 0)  # noqa: S608
        for name in HISTORY_TABLES
    }
