"""Opening databases: where they are, how SQLite is set up, migrations and schema revisions."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from starframe.readings.store import Store, open_store
from starframe.store import database
from starframe.store.database import HEAD, locate
from starframe.store.errors import DatabaseUnavailable, SchemaOutdated, SchemaTooNew
from starframe.store.tables import metadata
from tests.readings.conftest import tiny_text


def test_head_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_migrations_create_exactly_the_tables_the_code_uses(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []


def test_default_location_is_the_user_data_folder(tmp_path: Path) -> None:
    found = locate(None, {"STARFRAME_DATA_DIR": str(tmp_path)})
    assert found.sqlite_path == tmp_path / "starframe.db"


def test_environment_variable_and_option(tmp_path: Path) -> None:
    env = {"STARFRAME_DB": str(tmp_path / "env.db"), "STARFRAME_DATA_DIR": str(tmp_path)}
    assert locate(None, env).sqlite_path == tmp_path / "env.db"
    assert locate(str(tmp_path / "opt.db"), env).sqlite_path == tmp_path / "opt.db"


def test_postgres_urls_use_psycopg_and_hide_passwords() -> None:
    found = locate("postgres://sam:secret@db.example.org/starframe", {})
    assert found.url.startswith("postgresql+psycopg://")
    assert "secret" not in found.shown
    assert found.sqlite_path is None


@pytest.mark.parametrize("value", ["mysql://host/db", "sqlite://", "http://example.org/db"])
def test_unsupported_urls_are_refused(value: str) -> None:
    with pytest.raises(DatabaseUnavailable):
        locate(value, {})


def test_sqlite_file_is_private_and_tuned(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "db.sqlite"
    with open_store(str(path)) as store, store.engine.connect() as connection:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 30_000
        assert pragma("PRAGMA synchronous").scalar() == 2
        wal = Path(f"{path}-wal")
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600


def _journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_bulk_write_keeps_a_rollback_journal_and_puts_the_log_back(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    with open_store(str(path)) as store:
        store.engine.dispose()  # the connections opening it left in the pool
        with store.write(bulk=True) as writer:
            mode = writer.connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            hash_ = writer.put_definition(tiny_text())
            journal = Path(f"{path}-journal")
            assert journal.exists()
            assert stat.S_IMODE(journal.stat().st_mode) == 0o600
        assert mode == "delete"
        assert not Path(f"{path}-journal").exists()
    assert _journal_mode(path) == "wal"
    with open_store(str(path)) as store, store.read() as reader:
        assert reader.has_definition(hash_)


def test_a_bulk_write_that_fails_leaves_nothing_and_the_log_back(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    with open_store(str(path)) as store:
        store.engine.dispose()
        hash_ = ""

        def stopped() -> None:
            nonlocal hash_
            with store.write(bulk=True) as writer:
                hash_ = writer.put_definition(tiny_text())
                raise RuntimeError("stopped")

        with pytest.raises(RuntimeError):
            stopped()
        with store.read() as reader:
            assert not reader.has_definition(hash_)
    assert _journal_mode(path) == "wal"


def test_a_bulk_write_keeps_the_log_while_someone_else_has_the_file_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bulk.db"
    with open_store(str(path)) as store:
        store.engine.dispose()
        with sqlite3.connect(path) as other:
            other.execute("SELECT count(*) FROM readings").fetchone()
            with store.write(bulk=True) as writer:
                mode = writer.connection.exec_driver_sql("PRAGMA journal_mode").scalar()
                writer.put_definition(tiny_text())
                # The other reader still reads, as the log lets it, while the write goes on.
                assert other.execute("SELECT count(*) FROM definitions").fetchone() == (0,)
        assert mode == "wal"
    assert _journal_mode(path) == "wal"


def test_a_file_another_program_keeps_locked_says_so(tmp_path: Path) -> None:
    locked = OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    problem = database.unavailable(locate(str(tmp_path / "db.sqlite")), locked)
    assert "database is locked. Another program has been writing to it" in str(problem)
    assert "try again when it is done" in str(problem)


def test_opening_twice_migrates_once(db_url: str) -> None:
    with open_store(db_url) as first:
        first_revision = _revision(first)
    with open_store(db_url) as second:
        assert _revision(second) == first_revision == HEAD


def _revision(store: Store) -> str:
    with store.engine.connect() as connection:
        return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())


def test_a_newer_schema_is_refused(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNew, match=r"newer starframe.*Upgrade starframe"):
        open_store(db_url)


def test_an_outdated_schema_is_reported_without_migrating(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with pytest.raises(SchemaOutdated, match="starframe db upgrade"):
        open_store(str(path), migrate=False)


def test_unreachable_postgresql_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailable, match=r"cannot use the database .*server is running"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100)
    with pytest.raises(DatabaseUnavailable, match="not a database"):
        open_store(str(path))


def test_importing_starframe_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys, starframe, starframe.cli\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_listing_stars_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from starframe.cli import main\n"
        "try:\n"
        "    main(['stars', 'list'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
    )
    env = {**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
