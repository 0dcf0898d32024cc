"""Writing and querying many rows at once, fast on both backends.

SQLite takes rows straight through its driver; PostgreSQL through COPY, its bulk load. An
import that writes a million readings on PostgreSQL stages them (`Staging`): COPY into
temporary tables, then one INSERT … SELECT per table at the end, so no query the import
makes while it reads scans a table that grows under it (a plan chosen while the table was
empty would be kept as it grew: 0.3 s a query at 30,000 readings).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, count
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Connection, Table, insert, text

from starframe.store.background import Background, settle
from starframe.store.errors import StoreError

CHUNK = 500
"""Values per IN (...) list: far below SQLite's and PostgreSQL's parameter limits."""
ROWS_A_STATEMENT = 100
SQLITE_PARAMETERS = 999
"""Parameters of one SQLite statement in every version (newer ones allow 32,766)."""


def insert_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT many rows (mappings of column name to value, each naming the same columns)."""
    if not rows:
        return
    names = tuple(rows[0])
    pick = itemgetter(*names)
    insert_values(
        connection,
        table,
        names,
        [pick(row) for row in rows] if len(names) > 1 else [(pick(row),) for row in rows],
    )


def insert_values(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT many rows, each the values of the columns `names` in that order.

    SQLite: straight to the driver, skipping SQLAlchemy's per-row work. An import of a million
    readings writes eleven million rows, and SQLAlchemy's parameter handling alone would take
    longer than the import may. The column types' own converters are applied (dates to ISO
    text), so the stored values are exactly those SQLAlchemy would write; booleans need none,
    as the driver stores them as 0 and 1. PostgreSQL: COPY, except into a table whose
    row-level security applies to this login (`security.py`), which COPY cannot load.
    """
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name == "postgresql" and not _row_security(connection, table.name):
        copy_values(connection, table.name, names, rows)
        return
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    converters = [
        (index, convert)
        for index, name in enumerate(names)
        if not isinstance(table.c[name].type, Boolean)
        and (convert := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    params: list[Any] = list(rows)
    if converters:
        # A batch shares one timestamp object, and dates repeat: convert each value once.
        memos: list[tuple[int, dict[Any, Any], Any]] = [
            (index, {None: None}, convert) for index, convert in converters
        ]
        for position, values in enumerate(params):
            converted = list(values)
            for index, memo, convert in memos:
                value = converted[index]
                try:
                    converted[index] = memo[value]
                except KeyError:
                    converted[index] = memo[value] = convert(value)
            params[position] = converted
    # Many rows a statement: SQLite then runs one statement per ROWS_A_STATEMENT rows, which
    # halves the time of a million-row insert. The column names are the table's own.
    per = max(1, min(ROWS_A_STATEMENT, SQLITE_PARAMETERS // len(names)))
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
    values = "(" + ", ".join("?" * len(names)) + ")"
    whole = len(params) - len(params) % per
    if whole:
        statement = head + ", ".join([values] * per)
        flat = [
            tuple(chain.from_iterable(params[start : start + per]))
            for start in range(0, whole, per)
        ]
        connection.exec_driver_sql(statement, flat)
    if whole < len(params):
        rest = params[whole:]
        statement = head + ", ".join([values] * len(rest))
        connection.exec_driver_sql(statement, tuple(chain.from_iterable(rest)))


def _row_security(connection: Connection, table: str) -> bool:
    query = text("SELECT row_security_active(CAST(:table AS regclass))")
    return bool(connection.execute(query, {"table": table}).scalar())


def copy_rows(connection: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """COPY rows (mappings of column name to value) into PostgreSQL's `table`."""
    if rows:
        names = tuple(rows[0])
        pick = itemgetter(*names)
        values = [pick(row) for row in rows] if len(names) > 1 else [(pick(row),) for row in rows]
        copy_values(connection, table, names, values)


def copy_values(
    connection: Connection, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY rows into PostgreSQL's `table` (named by the code, never by input) in this
    transaction: the driver adapts each value as an INSERT would."""
    import psycopg

    settle(connection)
    columns = ", ".join(f'"{name}"' for name in names)
    raw = connection.connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        # COPY runs on the driver's own connection, past SQLAlchemy: its errors would leave
        # as the driver's (a traceback), not as the store's words. Nothing is committed.
        lines = str(exc).strip().splitlines()
        raise StoreError(
            f"the database refused to write {table.removeprefix('staged_')} "
            f"({lines[0] if lines else type(exc).__name__}). Nothing was saved."
        ) from None


BULK_ROWS = 50_000
"""Staged readings at which an import by the tables' owner re-checks foreign keys set-based.

PostgreSQL checks each new row's foreign keys one row at a time (a trigger a row): at a
million readings that is most of the server's time (1M rows into a copy of `scores`: 5.3 s
without its key, 26 s with it). Dropped and added again in the same transaction, a key is
checked once over the whole table instead. That locks the tables against every other session
until the import commits, so a small import, where the per-row checks cost little, keeps them.
`STARFRAME_BULK_ROWS` lowers it (the tests' small files)."""

LOCK_WAIT = "10s"
"""How long a large import waits for the tables it locks before it gives up with a message."""


def bulk_rows() -> int:
    """`BULK_ROWS`, or the number in `STARFRAME_BULK_ROWS`."""
    import os

    value = os.environ.get("STARFRAME_BULK_ROWS", "")
    return int(value) if value.isdigit() else BULK_ROWS


Batch = Sequence[tuple[Table, Sequence[str], Sequence[Sequence[Any]]]]
"""Rows for tables: each table, the columns named, and the rows' values in that order."""


class Staging:
    """Rows for PostgreSQL tables, held in temporary copies until `finish` moves them in.

    Each table's copy is made when its first rows come (`CREATE TEMP TABLE … (LIKE …)`: the
    same columns and NOT NULL rules, no indexes, dropped at commit), filled with COPY, and moved
    in the order the tables were first given, which is the order their foreign keys need.

    Once the staged readings reach `bulk_rows()`, a large import by the tables' owner drops
    the large tables' foreign keys there and then, not at the end (`_drop_early`), so the rows
    of a table no other refers to (the scores, the cohort scan) move in batch by batch, in the
    background (`background.py`) while the import reads the next batch, instead of all at the
    end. The readings themselves stay staged until `finish`: the import's checks read them,
    and the ids it gives twice are found among the staged ones. The COPYs stay in the
    import's own thread: formatting the rows is Python's work, and two threads doing Python's
    work would only take turns.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.tables: list[Table] = []
        self.rows: dict[str, int] = {}
        self._background = Background(connection)
        self._decided = False
        self._dropped: list[ForeignKey] = []
        """Keys `_drop_early` dropped; `finish` adds them again."""
        self._flowing: set[str] = set()
        """Tables whose staged rows move in after each batch: their keys are dropped."""

    def insert(self, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Stage rows, each the values of the columns `names` in that order."""
        self.stage([(table, names, rows)])

    def stage(self, batch: Batch, direct: Batch = ()) -> None:
        """Stage a batch's rows, and write `direct` rows to their tables themselves (rows no
        check of the import reads back, such as its audit entries).

        The rows of the tables that move in as they come (`_drop_early`) then move in the
        background; an error there is raised by the next statement on the connection."""
        self._background.join()
        if not self._decided and self.rows.get("readings", 0) >= bulk_rows():
            self._decided = True
            self._drop_early()
        for table, names, rows in batch:
            if not rows:
                continue
            if table not in self.tables:
                self.tables.append(table)
                self.connection.exec_driver_sql(
                    f"CREATE TEMP TABLE staged_{table.name} (LIKE {table.name}) ON COMMIT DROP"
                )
            copy_values(self.connection, f"staged_{table.name}", names, rows)
            self.rows[table.name] = self.rows.get(table.name, 0) + len(rows)
        for table, names, rows in direct:
            insert_values(self.connection, table, names, rows)
        # A table given twice (plain and full score rows) moves once.
        moved = list(
            dict.fromkeys(
                table for table, _names, rows in batch if rows and table.name in self._flowing
            )
        )
        if moved:
            self._background.run(lambda: self._move_in(moved))

    def _move_in(self, tables: Sequence[Table]) -> None:
        """Move the staged rows of `tables` in and empty their staged copies: the server's
        work alone, so the thread that waits for it barely holds Python's lock."""
        for table in tables:
            self._move(table)
            self.connection.exec_driver_sql(f"TRUNCATE staged_{table.name}")

    def finish(self) -> None:
        """Move every staged row into its table, then have the database re-count them.

        A large import (`BULK_ROWS`) by the tables' owner moves the big tables' rows without
        their foreign keys and adds the same keys again, each checked over the whole table
        at once (`_drop_keys`, `_add_keys`)."""
        self._background.close()
        keys = self._catalog_order(self._dropped + self._large_keys())
        _drop_keys(self.connection, [key for key in keys if key not in self._dropped])
        for table in self.tables:
            self._move(table)
            self.connection.exec_driver_sql(f"DROP TABLE staged_{table.name}")
        _add_keys(self.connection, keys)
        for table in self.tables:
            self.connection.exec_driver_sql(f"ANALYZE {table.name}")
        self.tables = []
        self.rows = {}

    def _move(self, table: Table) -> None:
        columns = ", ".join(f'"{column.name}"' for column in table.columns)
        self.connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM staged_{table.name}"
        )

    def _drop_early(self) -> None:
        """Drop the large tables' keys now, as `finish` would, and let the tables no other
        refers to move in as they come. Another session using the tables: nothing is
        dropped (the lock is given up), and `finish` tries again and says so, as before."""
        keys = self._large_keys()
        if not keys:
            return
        savepoint = self.connection.begin_nested()
        try:
            _lock(self.connection, keys)
        except StoreError:
            savepoint.rollback()
            return
        savepoint.commit()
        _drop_keys(self.connection, keys)
        self._dropped = keys
        tables = self.tables[0].metadata.tables.values()
        referenced = {key.column.table.name for table in tables for key in table.foreign_keys}
        self._flowing = {key.table for key in keys} - referenced

    def _catalog_order(self, keys: list[ForeignKey]) -> list[ForeignKey]:
        """`keys` in `_large_keys`' order (by table, then name), as the database sorts them:
        the first one a bad row breaks is the one reported, whenever each was dropped."""
        if not self._dropped:
            return keys
        order = self.connection.execute(
            text(
                "SELECT k.i FROM unnest(CAST(:tables AS text[]), CAST(:names AS name[])) "
                "WITH ORDINALITY AS k(t, n, i) ORDER BY k.t, k.n"
            ),
            {"tables": [key.table for key in keys], "names": [key.name for key in keys]},
        ).scalars()
        return [keys[int(i) - 1] for i in order]

    def _large_keys(self) -> list[ForeignKey]:
        """The foreign keys of the staged tables given `bulk_rows()` rows or more, when the
        readings are that many and this login owns every table the keys join; else none."""
        least = bulk_rows()
        if self.rows.get("readings", 0) < least:
            return []
        large = [name for name, count in self.rows.items() if count >= least]
        rows = self.connection.execute(
            text(
                "SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text, "
                "pg_get_constraintdef(c.oid), "
                "pg_has_role(t.relowner, 'USAGE') AND pg_has_role(f.relowner, 'USAGE') "
                "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                "JOIN pg_class f ON f.oid = c.confrelid "
                "WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(:tables AS regclass[])) "
                "ORDER BY c.conrelid::regclass::text, c.conname"
            ),
            {"tables": large},
        ).all()
        if not all(row[4] for row in rows):
            return []  # not the owner: the keys stay, checked row by row
        return [ForeignKey(row[0], row[1], row[2], row[3]) for row in rows]


class ForeignKey(NamedTuple):
    """A foreign key as PostgreSQL holds it: its name, table, referenced table, definition."""

    name: str
    table: str
    referenced: str
    definition: str


def _lock(connection: Connection, keys: Sequence[ForeignKey]) -> None:
    """Lock the keys' tables and the tables they refer to, as dropping a key needs, waiting
    at most `LOCK_WAIT`: from then on, until the import commits, no other session reads or
    writes them."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    tables = sorted({key.table for key in keys} | {key.referenced for key in keys})
    try:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
        connection.exec_driver_sql(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        connection.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
    except DBAPIError as exc:
        if isinstance(exc.orig, psycopg.errors.LockNotAvailable):
            raise StoreError(
                f"another session is using {', '.join(tables)} and a large import needs them "
                f"to itself: try again when it is done. Nothing was saved."
            ) from None
        raise


def _drop_keys(connection: Connection, keys: Sequence[ForeignKey]) -> None:
    """Lock the tables (`_lock`), then drop the keys until `_add_keys` puts them back. All in
    the caller's transaction: a failure or a kill undoes the drop too."""
    if not keys:
        return
    _lock(connection, keys)
    for key in keys:
        connection.exec_driver_sql(f'ALTER TABLE {key.table} DROP CONSTRAINT "{key.name}"')


def _add_keys(connection: Connection, keys: Sequence[ForeignKey]) -> None:
    """Add the dropped keys again (named and defined as `pg_get_constraintdef` gives them, so
    they are the migrations' own), each checked over the whole table at once."""
    from sqlalchemy.exc import DBAPIError

    try:
        for key in keys:
            connection.exec_driver_sql(
                f'ALTER TABLE {key.table} ADD CONSTRAINT "{key.name}" {key.definition}'
            )
    except DBAPIError as exc:
        lines = str(exc.orig).strip().splitlines()
        raise StoreError(
            f"the database refused the imported rows ({lines[0] if lines else 'a foreign key'})"
            ". Nothing was saved."
        ) from None


BULK_CACHE_KIB = 65_536
"""SQLite's page cache during a bulk load: with the default 2 MiB, the indexes of a million
readings no longer fit, and each row's insert reads their pages back from the file."""


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Settings for loading many rows in this transaction, put back afterwards.

    SQLite: a larger page cache; its synchronous writes stay as they are, so the load is
    still all-or-nothing (a large import's journal is `Store.write(bulk=True)`'s). What
    Python holds when the load starts (modules, the Stars) is set aside from its cyclic
    garbage collector (`gc.freeze`), and the collector runs only between batches
    (`between_batches`): a load makes tens of millions of short-lived objects, and the
    collector, left to itself, walked the batch being built every few hundred of them (a
    million readings: 6 s of the import's 56).
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
        connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    collecting = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        gc.unfreeze()
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")


COLLECT_EVERY = 10
"""Batches between two collections in a bulk load: each walks the batch being written (7 ms
for 5,000 readings), and ten batches leave a few MB of cycles."""
_batches = count(1)


def between_batches() -> None:
    """Collect the cyclic garbage batches left (their queries' bound parameters, for one,
    which hold the values asked for), where `bulk_load` stopped the collector running by
    itself: a million readings would leave 120 MB of such cycles."""
    if not gc.isenabled() and next(_batches) % COLLECT_EVERY == 0:
        gc.collect()


def analyze(connection: Connection, tables: Iterable[Table]) -> None:
    """Have PostgreSQL count the tables again (within the transaction, its own rows too), so
    the queries that follow are planned for the rows they hold now, not when last counted."""
    if connection.dialect.name == "postgresql":
        for table in tables:
            connection.exec_driver_sql(f"ANALYZE {table.name}")


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
