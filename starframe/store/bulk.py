"""Writing and querying many rows at once, fast on SQLite and correct on both backends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Table, insert

CHUNK = 500
"""Values per IN (...) list: far below SQLite's and PostgreSQL's parameter limits."""


def insert_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT many rows; on SQLite straight to the driver, skipping SQLAlchemy's per-row work.

    An import of 100,000 readings writes over a million rows, and SQLAlchemy's parameter
    handling alone would take longer than the 20 seconds allowed. The column types' own
    converters are applied (dates to ISO text), so the stored values are exactly those
    SQLAlchemy would write; booleans need none, as the driver stores them as 0 and 1.
    """
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    # The compiled INSERT lists columns in the table's order, so the values must follow it too.
    names = sorted(rows[0], key=list(table.c.keys()).index)
    converters = [
        (index, convert)
        for index, name in enumerate(names)
        if not isinstance(table.c[name].type, Boolean)
        and (convert := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    pick = itemgetter(*names)
    params: list[Any] = [pick(row) for row in rows]
    if converters:
        # A batch shares one timestamp object: convert each distinct value once.
        memo: dict[tuple[int, Any], Any] = {}
        for position, values in enumerate(params):
            converted = list(values)
            for index, convert in converters:
                value = converted[index]
                if value is not None:
                    key = (index, value)
                    if key not in memo:
                        memo[key] = convert(value)
                    converted[index] = memo[key]
            params[position] = tuple(converted)
    statement = str(insert(table).compile(dialect=dialect, column_keys=names))
    connection.exec_driver_sql(statement, params)


def insert_new(connection: Connection, table: Table) -> Any:
    """INSERT that skips a row whose primary key exists, on either backend."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
