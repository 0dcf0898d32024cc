"""Back up an SQLite database while it is in use (a PostgreSQL one is pg_dump's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from starframe.output_files import OutputError, staged
from starframe.store.database import Location, locate
from starframe.store.errors import DatabaseUnavailable


def backup_sqlite(value: str | None, destination: Path, *, overwrite: bool = False) -> Location:
    """A consistent copy of an SQLite database, even while others write to it.

    The copy is made in a temporary file beside `destination` and renamed into place once it
    passes its integrity check (see `starframe.output_files`).
    """
    location = locate(value)
    source = location.sqlite_path
    if source is None:
        raise DatabaseUnavailable(
            f"{location.shown} is a PostgreSQL database: back it up with pg_dump, e.g. "
            "pg_dump --format=custom --file starframe.dump 'postgresql://user@host/dbname' "
            "(see docs/organisations.md)."
        )
    if not source.exists():
        raise DatabaseUnavailable(f"there is no database at {source} to back up.")
    try:
        with staged(destination, force=overwrite, protected=location.files) as partial:
            src, dst = sqlite3.connect(source), sqlite3.connect(partial)
            try:
                src.backup(dst)
                checked = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
                src.close()
            if not checked or checked[0] != "ok":
                raise sqlite3.DatabaseError("the copy failed its integrity check")
    except OutputError as exc:
        raise DatabaseUnavailable(str(exc)) from None
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"cannot back up {source} to {destination}: {exc}.") from None
    return location
