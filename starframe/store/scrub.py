"""After an erasure: remove what the database itself would otherwise keep of the erased records.

Deleting a row does not remove its bytes. SQLite overwrites them only with `secure_delete`
(set on every connection, see `database.py`), and keeps earlier copies of the changed pages
in the `-wal` file until a checkpoint copies them back; while another program has the
database open, SQLite never empties that file by itself. PostgreSQL keeps deleted rows in the
tables' pages until VACUUM, which cannot run inside a transaction and which only a table's
owner (or the database's owner, or a superuser) may run. So once an erasure's transaction has
committed, `scrub` checkpoints (SQLite) or vacuums the tables it touched (PostgreSQL), and says
what it could not do, with the exact line for whoever can.

What no database can reach (exports, PDFs, backups, copies) is `out_of_reach`, for the person
who erased to be told in plain words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from starframe.store.database import BUSY_TIMEOUT_S, Location
from starframe.store.urls import masked_text, secret_key

CHECKPOINT_WAIT_S = 5.0
"""How long a checkpoint waits for other programs to finish reading before it gives up."""


@dataclass(frozen=True)
class Scrub:
    """What was done after an erasure to remove the erased bytes, and what is left to do."""

    done: tuple[str, ...]
    undone: tuple[str, ...]
    """Sentences for a person: what could not be done, and the line whoever can should run."""
    out_of_reach: tuple[str, ...]
    """The copies no database setting reaches (see `out_of_reach`)."""


def scrub(engine: Engine, location: Location, tables: Sequence[Table]) -> Scrub:
    """Checkpoint SQLite, or VACUUM `tables` on PostgreSQL; call after the erasure committed.

    The erasure is saved by then, so a failure here is reported as what is left to do,
    never as an error that would suggest nothing was erased.
    """
    try:
        if location.sqlite_path is not None:
            done, undone = _checkpoint(engine, str(location.sqlite_path))
        else:
            done, undone = _vacuum(engine, location, tables)
    except (DBAPIError, sqlite3.Error) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        done, undone = (), (_failed(location, tables, masked_text(reason[0], location.secrets)),)
    return Scrub(done, undone, out_of_reach(location))


def _failed(location: Location, tables: Sequence[Table], reason: str) -> str:
    if location.sqlite_path is not None:
        return (
            f"the erasure is saved, but the checkpoint that empties {location.sqlite_path}-wal "
            f"failed ({reason}): close every program using the database, and SQLite empties "
            "it as the last one closes"
        )
    names = ", ".join(table.name for table in tables)
    return (
        f"the erasure is saved, but VACUUM failed ({reason}): ask the tables' owner to run "
        f"VACUUM {names}; in {location.shown}"
    )


def out_of_reach(location: Location) -> tuple[str, ...]:
    """The copies of erased records that starframe cannot remove, in plain words."""
    common = (
        "files written from it before: exports (people export, readings export), "
        "PDF reports and My Star copies, and any copies made of those",
        "backups of the database, until they expire",
    )
    if location.sqlite_path is not None:
        return (
            *common,
            "copies of the database file (on other computers, shared drives or USB sticks), "
            "and the computer's own backups or snapshots of the folder it is in",
        )
    return (
        *common,
        "the server's pg_dump files, base backups, WAL archives and replicas' copies, "
        "until the server's administrator removes or expires them",
    )


Sentences = tuple[tuple[str, ...], tuple[str, ...]]
"""What was done, and what was not."""


def _checkpoint(engine: Engine, path: str) -> Sentences:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(CHECKPOINT_WAIT_S * 1000)}")
        try:
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cursor.close()
    finally:
        raw.close()
    if busy:
        # The overwritten pages wait in the -wal behind the reader; the file still has the old.
        return (), (
            f"another program is reading the database, so copies of the erased records stay "
            f"in {path} and {path}-wal until every program using it (the TUI, scripts, other "
            "commands) has closed it: close them, and SQLite overwrites them as the last closes",
        )
    return ("the erased records were overwritten and the -wal file emptied",), ()


def _vacuum(engine: Engine, location: Location, tables: Sequence[Table]) -> Sentences:
    """VACUUM each table on its own, noting those the server skipped with a warning.

    The server decides who may vacuum (the rule differs between PostgreSQL versions), and a
    login that may not gets a WARNING, not an error: listening for it asks the server itself.
    """
    skipped: list[str] = []
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        driver = connection.connection.driver_connection
        warned: list[Any] = []

        def listen(diagnostic: Any) -> None:
            if diagnostic.severity_nonlocalized == "WARNING":
                warned.append(diagnostic)

        driver.add_notice_handler(listen)  # type: ignore[union-attr]
        try:
            for table in tables:
                warned.clear()
                name = _qualified(connection, table.name)
                connection.exec_driver_sql(f"VACUUM {name}")
                if warned:
                    skipped.append(name)
        finally:
            driver.remove_notice_handler(listen)  # type: ignore[union-attr]
        login = str(connection.execute(text("SELECT current_user")).scalar_one())
        owner = _owner(connection, skipped[0]) if skipped else ""
    vacuumed = f"VACUUM removed the erased rows from {len(tables) - len(skipped)} table(s)"
    if not skipped:
        return (vacuumed,), ()
    statement = f"VACUUM {', '.join(skipped)};"
    return (vacuumed,) if len(skipped) < len(tables) else (), (
        f"the login {login} may not VACUUM {', '.join(skipped)}, so the "
        "erased rows stay in those tables' pages until autovacuum reaches them. Ask the "
        f"tables' owner ({owner}) to run: {_psql_line(location, owner, statement)}",
    )


def _qualified(connection: Connection, table: str) -> str:
    """`schema.table`, quoted where needed, as the owner can name it whatever their path."""
    return str(
        connection.execute(
            text(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.oid = to_regclass(:name)"
            ),
            {"name": table},
        ).scalar_one()
    )


def _owner(connection: Connection, table: str) -> str:
    return str(
        connection.execute(
            text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(:t)"),
            {"t": table},
        ).scalar_one()
    )


def _psql_line(location: Location, owner: str, statement: str) -> str:
    url = make_url(location.url)
    kept = {key: value for key, value in url.query.items() if not secret_key(key)}
    url = url.set(drivername="postgresql", username=owner, password=None, query=kept)
    return f"psql '{url.render_as_string(hide_password=True)}' -c '{statement}'"
