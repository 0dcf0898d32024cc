"""Certificates and refreshers: earned by passing a trainer's session, due after a period.

The tiny Star's cases `sam` (home 3, money 2, health 4) and `kim` (home 1, …) are both on
tiny@1.0, so a session holding both certifies a trainee only once they pass the two.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from starframe.practice.cases import CaseCatalog
from starframe.practice.certificates import (
    Certificate,
    add_months,
    certificates,
    due,
    refresher_months,
)
from starframe.practice.sessions import (
    SessionClosed,
    list_sessions,
    load_session,
)
from starframe.practice.writer import PracticeWriter
from starframe.readings.store import Store
from starframe.store.errors import AlreadyExists
from tests.practice.conftest import Run
from tests.readings.conftest import downgrade_to, everything

Starframe = Callable[..., Run]
SAM_RIGHT = {"home": 3, "money": 2, "health": 4}
KIM_RIGHT = {"home": 1, "money": 2, "health": 4}
WRONG = {"home": 1, "money": 4, "health": 1}
MAY_2024 = dt.datetime(2024, 5, 31, 10, tzinfo=dt.UTC)


def _cert(name: str, passed_on: dt.date, star: str = "tiny", edition: str = "1.0") -> Certificate:
    return Certificate(name, star, edition, passed_on, None)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 5, 31), 24, dt.date(2026, 5, 31)),
        (dt.date(2024, 2, 29), 24, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2024, 11, 15), 2, dt.date(2025, 1, 15)),
        (dt.date(2024, 12, 1), 12, dt.date(2025, 12, 1)),
    ],
)
def test_a_refresher_falls_due_whole_months_after_the_pass(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(min_value=1, max_value=240))
def test_adding_months_never_goes_back_or_skips_a_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later > day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_the_refresher_period_is_set_once_for_everyone() -> None:
    assert refresher_months({}) == 24
    assert refresher_months({"STARFRAME_REFRESHER_MONTHS": " 36 "}) == 36
    for bad in ("0", "two years", "-3", "1.5"):
        with pytest.raises(ValueError, match="whole number of months"):
            refresher_months({"STARFRAME_REFRESHER_MONTHS": bad})


def test_due_lists_only_the_newest_pass_per_trainee_and_star() -> None:
    found = [
        _cert("Ana Lee", dt.date(2022, 3, 1)),
        _cert("Ben", dt.date(2022, 6, 1), star="justice"),
        _cert("ana  lee", dt.date(2023, 9, 1), edition="2.0"),
        _cert("Cy", dt.date(2024, 5, 1)),
    ]
    on = dt.date(2025, 6, 1)
    listed = due(found, on)
    assert [(d.certificate.trainee, d.due_on, d.days_left) for d in listed] == [
        ("Ben", dt.date(2024, 6, 1), -365)
    ]
    ahead = due(found, on, within_days=100)
    assert [(d.certificate.trainee, d.certificate.edition) for d in ahead] == [
        ("Ben", "1.0"),
        ("ana  lee", "2.0"),
    ]
    assert due(found, on, months=12, star="tiny")[0].certificate.trainee == "ana  lee"
    with pytest.raises(ValueError, match="at least 1 month"):
        due(found, on, months=0)


def test_passing_every_case_of_an_edition_records_a_certificate(
    store: Store, catalog: CaseCatalog
) -> None:
    sam, kim = catalog.find("sam").case, catalog.find("kim").case
    assert sam is not None
    assert kim is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        code = PracticeWriter(writer).open_session([sam, kim])
    with store.write() as writer:
        practice = PracticeWriter(writer)
        first = practice.submit(code, "Ana", sam, star, SAM_RIGHT, now=MAY_2024)
        failed = practice.submit(code, "Ben", sam, star, WRONG, now=MAY_2024)
    assert first.feedback.passed
    assert first.certificate is None, "kim is still to do"
    assert not failed.feedback.passed
    with store.write() as writer:
        practice = PracticeWriter(writer)
        second = practice.submit(code, " ANA ", kim, star, KIM_RIGHT, now=MAY_2024)
        ben = practice.submit(code, "Ben", kim, star, KIM_RIGHT, now=MAY_2024)
    assert second.certificate == Certificate("Ana", "tiny", "1.0", dt.date(2024, 5, 31), code)
    with pytest.raises(AlreadyExists, match="Ana has already submitted"), store.write() as writer:
        PracticeWriter(writer).submit(code, "ana", sam, star, WRONG)
    assert second.certificate.due_on() == dt.date(2026, 5, 31)
    assert ben.feedback.passed
    assert ben.certificate is None, "Ben did not pass sam"
    with store.read() as reader:
        assert certificates(reader.connection) == [second.certificate]
        assert certificates(reader.connection, " ANA ") == [second.certificate]
        assert certificates(reader.connection, "Ben") == []


def test_solo_practice_never_certifies_and_is_not_listed(
    store: Store, catalog: CaseCatalog
) -> None:
    sam = catalog.find("sam").case
    assert sam is not None
    with store.write() as writer:
        practice = PracticeWriter(writer)
        solo = practice.open_session([sam], solo=True)
        group = practice.open_session([sam])
        done = practice.submit(solo, "Ana", sam, catalog.star_of(sam), SAM_RIGHT)
    assert done.feedback.passed
    assert done.certificate is None
    with store.read() as reader:
        assert certificates(reader.connection) == []
        assert [s.session.code for s in list_sessions(reader.connection)] == [group]
        everyone = list_sessions(reader.connection, include_solo=True)
        assert {s.session.code: (s.trainees, s.attempts) for s in everyone} == {
            solo: (1, 1),
            group: (0, 0),
        }
        assert load_session(reader.connection, solo).solo


def test_a_closed_session_refuses_answers_until_reopened(
    store: Store, catalog: CaseCatalog
) -> None:
    sam = catalog.find("sam").case
    assert sam is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        practice = PracticeWriter(writer)
        code = practice.open_session([sam])
        closed = practice.close_session(code, now=MAY_2024)
        again = practice.close_session(code)
    assert closed.closed_at is not None
    assert again.closed_at == closed.closed_at
    before = everything(store)
    with pytest.raises(SessionClosed, match="was closed on 31 May 2024"), store.write() as w:
        PracticeWriter(w).submit(code, "Ana", sam, star, SAM_RIGHT)
    assert everything(store) == before
    with store.write() as writer:
        practice = PracticeWriter(writer)
        assert practice.reopen_session(code).closed_at is None
        assert practice.reopen_session(code).closed_at is None
        assert practice.submit(code, "Ana", sam, star, SAM_RIGHT).certificate
    with store.read() as reader:
        logged = [(e.action, e.details) for e in reader.audit_entries()]
    assert logged == [
        ("practice.close", {"session": code}),
        ("practice.reopen", {"session": code}),
    ], "closing and reopening are audited once each; repeating either changes nothing"


# Through the installed command.


def test_refreshers_and_sessions_from_the_command_line(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "ana.yaml"
    answers.write_text(
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n",
        encoding="utf-8",
    )
    run = starframe("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where)
    assert run.code == 0, run.err
    assert "passed" in run.out
    today = dt.date.today()
    assert f"Ana is certified on tiny@1.0 from {today}" in run.out
    listed = starframe("practice", "certificates", "--db", db)
    assert listed.code == 0, listed.err
    assert f"Ana      tiny@1.0  {today}  {code}" in listed.out
    assert "Nobody's refresher is due" in starframe("practice", "due", "--db", db).out
    later = (today + dt.timedelta(days=800)).isoformat()
    overdue = starframe("practice", "due", "--on", later, "--db", db)
    assert overdue.code == 0, overdue.err
    assert "Ana" in overdue.out
    assert "overdue by" in overdue.out
    in_40_days = (today + dt.timedelta(days=40)).isoformat()
    monthly = {"STARFRAME_REFRESHER_MONTHS": "1"}
    data = json.loads(
        starframe("practice", "due", "--on", in_40_days, "--json", "--db", db, env=monthly).out
    )
    assert [(d["trainee"], d["star"], d["due_on"]) for d in data] == [
        ("Ana", "tiny", add_months(today, 1).isoformat())
    ]
    assert data[0]["days_left"] < 0
    bad = starframe("practice", "due", "--months", "0", "--db", db)
    assert bad.code == 2
    assert "--months" in bad.err
    unset = starframe("practice", "due", "--db", db, env={"STARFRAME_REFRESHER_MONTHS": "2y"})
    assert unset.code == 1
    assert "STARFRAME_REFRESHER_MONTHS='2y' is not a refresher period" in unset.err
    sessions = starframe("practice", "session", "list", "--db", db)
    assert code in sessions.out
    assert "open" in sessions.out
    closed = starframe("practice", "session", "close", code.lower(), "--db", db)
    assert closed.code == 0, closed.err
    assert f"Session {code} is closed" in closed.out
    refused = starframe("practice", "submit", code, "--trainee", "Ben", "--from", answers, *where)
    assert refused.code == 1
    assert "takes no more answers" in refused.err
    assert "closed" in starframe("practice", "session", "list", "--db", db).out
    shown = json.loads(starframe("practice", "results", code, "--json", *where).out)
    assert shown["closed_at"] is not None


def test_sessions_saved_before_certificates_existed_survive_the_upgrade(db_url: str) -> None:
    from sqlalchemy import text

    from starframe.readings.store import open_store

    with open_store(db_url) as opened, opened.engine.begin() as connection:
        downgrade_to(connection, "0003")
        connection.execute(
            text(
                "INSERT INTO practice_sessions (code, created_at, min_same_stage, max_mad) "
                "VALUES ('ABC-DEF', :at, 0.8, 1.0)"
            ),
            {"at": MAY_2024},
        )
        connection.execute(
            text("INSERT INTO practice_session_cases VALUES ('ABC-DEF', 'sam', 'tiny', '1.0', 1)")
        )
        connection.execute(
            text(
                "INSERT INTO practice_attempts (session_code, trainee, case_id, scores, "
                "submitted_at) VALUES ('ABC-DEF', 'Ana', 'sam', :scores, :at)"
            ),
            {"scores": json.dumps(SAM_RIGHT), "at": MAY_2024},
        )
    with open_store(db_url) as upgraded, upgraded.read() as reader:
        session = load_session(reader.connection, "ABC-DEF")
        assert (session.solo, session.closed_at) == (False, None)
        assert [(s.session.code, s.trainees) for s in list_sessions(reader.connection)] == [
            ("ABC-DEF", 1)
        ]
        assert certificates(reader.connection) == []
