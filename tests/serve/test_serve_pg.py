"""A room served from a secured PostgreSQL database: the trainer's login, and only it.

On a database secured with `starframe db secure` the served apps connect as a login holding
the trainer role only: a trainee's tab runs a whole practice session through it, while the very
same connection is refused the caseload by the database itself. `starframe serve` refuses the
owner's, a lead's or a worker's login there, and warns when a PostgreSQL database is not
secured at all. The organisation's database and logins are `tests.readings.organisation_db`'s.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from textual.pilot import Pilot

from starframe.practice.cases import build_case_catalog
from starframe.practice.sessions import load_session, session_results
from starframe.practice.writer import PracticeWriter
from starframe.tui.reach import make_room_app
from tests.readings.conftest import PG_DEFAULT, PG_ENV
from tests.readings.organisation_db import Organisation, org
from tests.serve.conftest import free_port, run_starframe
from tests.tui.conftest import (
    answer_justice,
    choose_case,
    drive,
    fixed_host,
    screen_text,
    settle,
)

__all__ = ["org"]

DEAN = "dean-after-release"


def trainers_session(org: Organisation) -> str:
    """A session on Dean's case, opened by the trainer's own login."""
    from starframe.catalog import build_catalog

    cases = build_case_catalog(build_catalog(host=fixed_host()))
    dean = cases.find(DEAN).case
    assert dean is not None
    with org.store("tom") as store, store.write() as writer:
        return PracticeWriter(writer).open_session([dean])


def refusal(engine: Engine, table: str) -> str:
    """What the database answers when `engine`'s login reads `table`; "" when it may."""
    with engine.connect() as connection:
        try:
            connection.execute(text(f"SELECT count(*) FROM {table}"))
        except ProgrammingError as error:
            return str(error)
        connection.rollback()
    return ""


def one_line_error(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[0])


def test_a_served_tab_runs_practice_as_the_trainer_and_the_database_refuses_the_rest(
    org: Organisation, room_home: Path
) -> None:
    code = trainers_session(org)
    app = make_room_app("practice", db=org.url("tom"), make_host=fixed_host, cursor_blink=False)
    refused: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        app.screen.query_one("#practice-name").value = "Ana"  # type: ignore[attr-defined]
        app.screen.query_one("#practice-code").value = code  # type: ignore[attr-defined]
        await settle(pilot)
        await choose_case(pilot, "Dean")
        assert type(app.screen).__name__ == "PracticeScoringScreen"
        await answer_justice(pilot, {"accommodation": 3})
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        # The tab's own connection, asked for what lies outside practice.
        store = app.store_access.store()
        for table in ("people", "readings", "scores", "actions", "requests"):
            if "permission denied" in refusal(store.engine, table):
                refused.append(table)

    drive(app, scenario, (120, 40))
    assert refused == ["people", "readings", "scores", "actions"]
    with org.store("tom") as store, store.read() as reader:
        from starframe.catalog import build_catalog

        cases = build_case_catalog(build_catalog(host=fixed_host()))
        results = session_results(reader.connection, code, cases)
    (dean,) = results.cases
    assert list(dean.feedback) == ["Ana"]


def test_the_served_trainer_follows_and_closes_a_session_as_the_trainer(
    org: Organisation, room_home: Path
) -> None:
    code = trainers_session(org)
    app = make_room_app("trainer", db=org.url("tom"), make_host=fixed_host, cursor_blink=False)
    shown: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        shown.append(screen_text(app))
        field = app.screen.query_one("#trainer-code")
        field.value = code  # type: ignore[attr-defined]
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        shown.append(screen_text(app))

    drive(app, scenario, (120, 40))
    assert f"{code}  opened" in shown[0]
    assert "Closed: no more answers are taken." in shown[1]
    with org.store("tom") as store, store.read() as reader:
        assert load_session(reader.connection, code).closed_at is not None


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (None, "is a superuser"),
        ("lena", "does not hold the trainer role"),
        ("alice", "does not hold the trainer role"),
    ],
)
@pytest.mark.parametrize("kind", ["practice", "trainer"])
def test_serve_refuses_a_login_that_reaches_more_than_practice(
    org: Organisation, room_home: Path, kind: str, name: str | None, said: str
) -> None:
    result = run_starframe("serve", kind, "--db", org.url(name), "--port", str(free_port()))
    assert result.returncode == 2
    line = one_line_error(result)
    assert said in line
    assert "holds the trainer role only" in line
    assert "starframe staff add LOGIN --role trainer" in line
    assert result.stdout == ""


def test_serve_refuses_a_trainer_who_is_also_a_lead(org: Organisation, room_home: Path) -> None:
    lead = f"{org.database}_lead"
    with org.store() as store, store.write() as writer:
        writer.connection.execute(text(f'GRANT "{lead}" TO "{org.login("tom")}"'))
    try:
        result = run_starframe("serve", "practice", "--db", org.url("tom"))
    finally:
        with org.store() as store, store.write() as writer:
            writer.connection.execute(text(f'REVOKE "{lead}" FROM "{org.login("tom")}"'))
    assert result.returncode == 2
    assert "holds the lead role too" in one_line_error(result)


def test_serve_takes_the_trainers_login_without_a_warning(
    org: Organisation, serve: Any, room_home: Path
) -> None:
    port = free_port()
    served = serve("practice", "--db", org.url("tom"), "--port", str(port))
    served.wait_listening(port)
    assert served.stop() == 0
    assert "".join(served.err) == ""
    assert f"{org.login('tom')}@" in "".join(served.out)


def test_an_unsecured_postgresql_database_is_served_with_a_warning(
    serve: Any, room_home: Path
) -> None:
    server = make_url(os.environ.get(PG_ENV, PG_DEFAULT))
    engine = create_engine(server)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    finally:
        engine.dispose()
    port = free_port()
    url = server.render_as_string(hide_password=False)
    served = serve("practice", "--db", url, "--port", str(port))
    served.wait_listening(port)
    assert served.stop() == 0
    warning = "".join(served.err)
    assert "is not secured" in warning
    assert "`starframe db secure`" in warning
