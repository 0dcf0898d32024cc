"""Find, open and migrate the database: an SQLite file by default, or PostgreSQL by URL.

SQLite is tuned for several processes writing at once without losing anything: WAL so
readers never block the writer, write transactions that start with BEGIN IMMEDIATE (so two
writers queue on the busy timeout instead of failing half way), synchronous=FULL, foreign
keys on, secure_delete on (so deleted records are overwritten: see `scrub.py`), and a file
only its owner can read. Migrations run when a database is opened, under a lock, so ten
processes opening a fresh database at once create the schema exactly once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, SQLAlchemyError

from starframe.paths import data_dir
from starframe.store.errors import DatabaseUnavailable, SchemaOutdated, SchemaTooNew
from starframe.store.urls import masked, masked_text, parse, secrets_of

DB_ENV = "STARFRAME_DB"
DEFAULT_FILE = "starframe.db"
HEAD = "0007"
"""The newest schema revision this starframe knows (a test checks it against migrations/)."""

BUSY_TIMEOUT_S = 30
WRITE_OPTION = "starframe_write"
_MIGRATION_LOCK = 73_510_421
"""PostgreSQL advisory lock id taken while migrating."""


@dataclass(frozen=True)
class Location:
    """Where the database is: the URL to connect to, and how to show it to a person."""

    url: str
    shown: str
    """The URL with its password and secret parameters hidden (see `urls.masked`)."""
    sqlite_path: Path | None
    secrets: tuple[str, ...] = ()
    """What `shown` hides, to blank out of driver messages that quote the connection."""

    @property
    def files(self) -> tuple[Path, ...]:
        """The SQLite file and the working files beside it, which no output may replace."""
        path = self.sqlite_path
        if path is None:
            return ()
        return (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal")))


def locate(value: str | None = None, environ: Mapping[str, str] | None = None) -> Location:
    """`--db`, then STARFRAME_DB, then `starframe.db` in the user's data directory."""
    env = os.environ if environ is None else environ
    chosen = value or env.get(DB_ENV) or str(data_dir(env) / DEFAULT_FILE)
    if "://" not in chosen:
        path = Path(chosen).expanduser().resolve()
        return Location(f"sqlite:///{path}", str(path), path)
    parsed = parse(chosen)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise DatabaseUnavailable("an SQLite database must be a file: give its path.")
        path = Path(database).expanduser().resolve()
        return Location(f"sqlite:///{path}", str(path), path)
    return Location(
        parsed.render_as_string(hide_password=False), masked(parsed), None, secrets_of(parsed)
    )


def make_engine(location: Location) -> Engine:
    if location.sqlite_path is not None:
        _create_private_file(location.sqlite_path)
        engine = create_engine(location.url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(location.url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise DatabaseUnavailable(
            f"{location.shown}: {masked_text(str(exc), location.secrets)}"
        ) from None


def _create_private_file(path: Path) -> None:
    """The database holds personal data: create it readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot create the database file {path}: {exc.strerror}. Check the folder "
            "exists and is writable, or choose another place with --db or STARFRAME_DB."
        ) from None
    os.close(fd)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun explicitly in `_sqlite_begin`, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # Deleted records are overwritten with zeros, whatever SQLite's build default: an
    # erased person's notes must not stay readable in the file's free pages.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


@contextmanager
def rollback_journal(connection: Connection) -> Iterator[bool]:
    """SQLite: one large transaction, begun inside, kept by a rollback journal instead of the
    write-ahead log; True when it is. PostgreSQL: nothing changes (False).

    The write-ahead log writes every page twice: into the log as the transaction goes, then
    from the log into the file at commit (a million readings: a 1 GB file written twice, the
    commit alone 4.7 s). A rollback journal keeps the pages the transaction changes that were
    in the file before it began, which for rows added at the end of each table are few, and
    the new pages go to the file once. It is as all-or-nothing: a kill leaves a journal that
    the next opening plays back. While it is in use nobody else can open the file (each
    opening asks for the log, and waits for the transaction), and it can only be had when
    nobody else has the file open (leaving the log needs the file to itself): if somebody
    does, the transaction runs with the log, as any other. The log is put back after; if
    somebody opened the file in the meantime, their opening put it back already, or the next
    one will."""
    raw = connection.connection.driver_connection
    if connection.dialect.name != "sqlite" or raw is None:
        yield False
        return
    switched = _journal(raw, "delete", wait_ms=0)
    try:
        yield switched
    finally:
        if switched:
            _journal(raw, "wal", wait_ms=BUSY_TIMEOUT_S * 1000)


def _journal(raw: Any, mode: str, *, wait_ms: int) -> bool:
    """Set SQLite's journal mode outside any transaction, waiting at most `wait_ms` for the
    others to close the file; True if the mode is now `mode`."""
    import sqlite3

    raw.execute(f"PRAGMA busy_timeout = {wait_ms}")
    try:
        now = raw.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0]
    except sqlite3.OperationalError:  # the file is in use elsewhere
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    return bool(now == mode)


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def revision_state(revision: str | None) -> str:
    """`current`, `outdated` (older or empty) or `newer` than this starframe."""
    if revision == HEAD:
        return "current"
    if revision is None:
        return "outdated"
    if revision.isdigit() and int(revision) < int(HEAD):
        return "outdated"
    return "newer"


def too_new(location: Location, revision: str) -> SchemaTooNew:
    from starframe import __version__

    return SchemaTooNew(
        f"{location.shown} has schema revision {revision}, written by a newer starframe; "
        f"this starframe ({__version__}) knows revisions up to {HEAD}. Upgrade starframe "
        "(pip install --upgrade starframe) on this machine before using this database."
    )


def prepare(engine: Engine, location: Location, *, migrate: bool) -> str | None:
    """Check the schema revision, upgrading to HEAD when allowed; returns the revision found."""
    try:
        with engine.connect() as connection:
            found = current_revision(connection)
            connection.rollback()
    except DBAPIError as exc:
        raise unavailable(location, exc) from None
    state = revision_state(found)
    if state == "newer":
        assert found is not None
        raise too_new(location, found)
    if state == "outdated":
        if found is not None and not _may_upgrade(engine):
            raise SchemaOutdated(
                f"{location.shown} has schema revision {found}; this starframe needs {HEAD}, "
                "and only the database's owner may upgrade it: ask the database's owner to run "
                "`starframe db upgrade`."
            )
        if not migrate:
            raise SchemaOutdated(
                f"{location.shown} has schema revision {found or 'none'}; this starframe needs "
                f"{HEAD}. Run `starframe db upgrade` to bring it up to date."
            )
        upgrade(engine, location)
    return found


def _may_upgrade(engine: Engine) -> bool:
    """SQLite: whoever may write the file. PostgreSQL: the owner of the schema's tables."""
    if engine.dialect.name != "postgresql":
        return True
    from starframe.store.security import is_owner

    with engine.connect() as connection:
        owner = is_owner(connection)
        connection.rollback()
    return owner


def upgrade(engine: Engine, location: Location) -> None:
    """Apply every pending migration in one write transaction, once across processes."""
    from alembic.command import upgrade as alembic_upgrade
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
            found = current_revision(connection)
            if revision_state(found) == "newer":
                assert found is not None
                raise too_new(location, found)
            if found != HEAD:
                config.attributes["connection"] = connection
                alembic_upgrade(config, "head")
    except DBAPIError as exc:
        raise unavailable(location, exc) from None


def unavailable(location: Location, exc: SQLAlchemyError) -> DatabaseUnavailable:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    detail = masked_text(reason[0], location.secrets) if reason else type(exc).__name__
    if location.sqlite_path is not None and detail == "database is locked":
        fix = (
            f"Another program has been writing to it for more than {BUSY_TIMEOUT_S} s (a large "
            "import has the file to itself until it ends): try again when it is done."
        )
    elif location.sqlite_path is not None:
        fix = "Check the file is a starframe database and that you may read and write it."
    else:
        fix = "Check the server is running and the URL, user and database are right."
    return DatabaseUnavailable(f"cannot use the database {location.shown}: {detail}. {fix}")
