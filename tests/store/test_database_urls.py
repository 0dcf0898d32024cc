"""Database URLs as a person types them: secrets never printed, mistakes named, through the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from starframe.cli import main
from starframe.store.database import locate
from starframe.store.urls import masked, masked_text

STARFRAME = Path(sys.executable).parent / "starframe"
SECRET = "hunter2"


def _starframe(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    return subprocess.run(
        [str(STARFRAME), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://u@127.0.0.1:1/x?password={SECRET}",
        f"postgresql://u:{SECRET}@127.0.0.1:1/x?sslpassword={SECRET}&sslmode=disable",
        f"postgres://u@127.0.0.1:1/x?api_token={SECRET}&client_secret={SECRET}",
    ],
)
def test_db_check_and_a_connection_error_never_show_a_password(url: str) -> None:
    checked = _starframe("db", "check", "--db", url)
    assert checked.returncode == 1
    assert "Database: postgresql+psycopg://u" in checked.stdout
    assert "***" in checked.stdout
    listed = _starframe("people", "list", "--db", url)
    assert listed.returncode == 1
    assert "starframe: error: cannot use the database" in listed.stderr
    for run in (checked, listed):
        assert SECRET not in run.stdout + run.stderr
        assert "Traceback" not in run.stderr


def test_parameters_that_are_not_secret_are_kept() -> None:
    found = locate(f"postgresql://u:{SECRET}@h/db?sslmode=require&password={SECRET}", {})
    assert found.shown == "postgresql+psycopg://u:***@h/db?sslmode=require&password=***"
    assert make_url(found.url).query["password"] == SECRET, "the driver still gets it"
    assert locate("postgresql://u:p%40ss@h/db", {}).url == "postgresql+psycopg://u:p%40ss@h/db"


def test_messages_that_quote_a_connection_are_masked() -> None:
    quoted = (
        f"invalid dsn: 'host=h password={SECRET} user=u' for "
        f"postgresql+psycopg://u:{SECRET}@h/db?token={SECRET}&sslmode=require"
    )
    shown = masked_text(quoted)
    assert SECRET not in shown
    assert "host=h password=*** user=u" in shown
    assert "postgresql+psycopg://u:***@h/db?token=***&sslmode=require" in shown
    assert masked_text(f"connection to 'db' failed: {SECRET}", (SECRET,)) == (
        "connection to 'db' failed: ***"
    )
    assert masked(make_url("postgresql+psycopg://u@h/db?application_name=x")) == (
        "postgresql+psycopg://u@h/db?application_name=x"
    )


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+psycopg://u@host:notaport/db", "the port (after the host's colon) must be"),
        ("postgresql://[::1:5432/db", "an IPv6 address opened with [ is not closed with ]"),
        ("postgresql://u@h:99999/db", "the port must be a number from 1 to 65535, not 99999"),
        ("postgresql+pg8000://u@h/db", "with the psycopg driver it ships with, not `pg8000`"),
        ("mysql://u@h/db", "in SQLite or PostgreSQL, not `mysql`"),
        ("://nothing", "is not a database URL"),
    ],
)
def test_a_malformed_url_says_what_is_wrong_and_what_is_accepted(url: str, said: str) -> None:
    done = _starframe("db", "check", "--db", url)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("starframe: error: ")
    assert said in done.stderr
    assert "postgresql+psycopg://" in done.stderr, "the accepted form is shown"
    assert "unexpected error" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_an_unexpected_error_quoting_a_url_hides_its_secrets(
    debug: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_value: str | None) -> None:
        raise RuntimeError(f"odd failure for postgresql://u:{SECRET}@h/db?password={SECRET}")

    monkeypatch.setattr("starframe.store.health.check_database", broken)
    with pytest.raises(SystemExit) as exited:
        main([*debug, "db", "check", "--db", "postgresql://u@h/db"])
    err = capsys.readouterr().err
    assert exited.value.code == 3
    assert "odd failure for postgresql://u:***@h/db?password=***" in err
    assert SECRET not in err
