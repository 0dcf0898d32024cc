"""Practice sessions, answers and certificates move with a whole-database JSON Lines export.

The source database is the `store` fixture (SQLite and PostgreSQL); the export is imported
into a fresh SQLite file and, for re-imports, conflicts and dangling references, back into the
store itself, so both backends are read from and written to.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from starframe.definition.load import load_star_file
from starframe.definition.models import Star
from starframe.practice.certificates import Certificate, certificates, record_certificate
from starframe.practice.feedback import PassRule
from starframe.practice.models import PracticeCase, load_case_text
from starframe.practice.sessions import (
    list_sessions,
)
from starframe.practice.writer import PracticeWriter
from starframe.readings.export import jsonl_records, write_jsonl
from starframe.readings.importing import ImportFailed
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store, open_store
from starframe.store import tables as t
from starframe.store.values import utc
from starframe.transfer.importing import ImportResult, import_records
from starframe.transfer.practice import practice_records
from starframe.transfer.records import read_records
from tests.conftest import STORABLE_CHARACTERS
from tests.practice import conftest as practice
from tests.readings.conftest import add_people, tiny_reading, tiny_text

cli_cache = practice.cli_cache
starframe = practice.starframe
Starframe = Callable[..., practice.Run]

MAY = dt.datetime(2024, 5, 31, 10, 15, 30, 123456, tzinfo=dt.UTC)
JUNE = dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC)
SAM_RIGHT = {"home": 3, "money": 2, "health": 4}
KIM_RIGHT = {"home": 1, "money": 2, "health": 4}
WRONG = {"home": 1, "money": 4, "health": 1}
PRACTICE_KINDS = ("practice-session", "practice-attempt", "practice-certificate")
PRACTICE_TABLES = (
    "practice_sessions",
    "practice_session_cases",
    "practice_attempts",
    "practice_certificates",
)


def _case(text: str) -> PracticeCase:
    case = load_case_text(text).case
    assert case is not None
    return case


def _tiny() -> Star:
    star = load_star_file(practice.TINY_STAR).star
    assert star is not None
    return star


TINY = _tiny()
SAM = _case(practice.TINY_CASE)
KIM = _case(practice.tiny_case_text("kim", home="1"))


def _nobody() -> InstalledDefinitions:
    def fail() -> Any:
        raise AssertionError("the import must not need installed Stars")

    return InstalledDefinitions(fail)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite database to import into."""
    with open_store(str(tmp_path / "target.db")) as opened:
        yield opened


def _fill(store: Store) -> dict[str, str]:
    """A closed group session (with a certificate), a solo session, an old certificate from a
    session since gone, and one reading, so readings and practice travel together."""
    with store.write() as writer:
        hash_ = writer.put_definition(tiny_text())
        add_people(writer, "P1")
        writer.add_readings([tiny_reading()], definitions={("tiny", "1.0"): hash_})
        connection = writer.connection
        practice = PracticeWriter(writer)
        group = practice.open_session([SAM, KIM], PassRule(0.75, 0.5), now=MAY)
        practice.submit(group, "Ana  Silva", SAM, TINY, SAM_RIGHT, now=MAY)
        practice.submit(group, "Ben", SAM, TINY, WRONG, now=MAY)
        done = practice.submit(group, "Ana Silva", KIM, TINY, KIM_RIGHT, now=JUNE)
        assert done.certificate is not None
        practice.close_session(group, now=JUNE)
        solo = practice.open_session([KIM], solo=True, now=JUNE)
        practice.submit(solo, "Zoë", KIM, TINY, {"home": 2, "money": 2}, now=JUNE)
        record_certificate(connection, "Ben", "tiny", "1.0", dt.date(2022, 2, 28), now=MAY)
    return {"group": group, "solo": solo}


def _export(store: Store, path: Path) -> list[dict[str, Any]]:
    """What `starframe readings export --format jsonl` writes, with no filter."""
    with store.read() as reader:
        buffer = io.StringIO()
        found = reader.readings()
        write_jsonl(
            chain(jsonl_records(reader, found), practice_records(reader.connection)), buffer
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def _import(store: Store, path: Path) -> ImportResult:
    loaded = read_records(path)
    assert loaded.problems == []
    return import_records(store, loaded.records, _nobody())


def _refused(store: Store, path: Path) -> list[tuple[str, int, int]]:
    loaded = read_records(path)
    assert loaded.problems == []
    with pytest.raises(ImportFailed) as caught:
        import_records(store, loaded.records, _nobody())
    return [(p.code, p.line, p.column) for p in caught.value.problems]


def _sessions(store: Store) -> list[tuple[object, ...]]:
    """`list_sessions(include_solo=True)`, with times in UTC (SQLite gives them without zone)."""
    with store.read() as reader:
        found = list_sessions(reader.connection, include_solo=True)
    return [
        (
            s.session.code,
            utc(s.session.created_at),
            s.session.rule,
            s.session.cases,
            s.session.solo,
            s.session.closed_at and utc(s.session.closed_at),
            s.trainees,
            s.attempts,
        )
        for s in found
    ]


def _attempts(store: Store) -> list[tuple[object, ...]]:
    """The rows `session_results` reads, in its order."""
    a = t.practice_attempts.c
    query = select(
        a.session_code, a.case_id, a.trainee, a.scores, a.submitted_at, a.passed
    ).order_by(a.session_code, a.submitted_at, a.trainee, a.case_id)
    with store.read() as reader:
        rows = reader.connection.execute(query)
        return [(*row[:4], utc(row.submitted_at), row.passed) for row in rows]


def _certificates(store: Store) -> list[Certificate]:
    with store.read() as reader:
        return list(certificates(reader.connection))


def _rows(store: Store) -> dict[str, list[str]]:
    """Every row of every table, to show a refused import changed nothing."""
    with store.read() as reader:
        return {
            table.name: sorted(repr(tuple(row)) for row in reader.connection.execute(select(table)))
            for table in t.metadata.sorted_tables
        }


def test_a_whole_export_carries_practice_and_an_import_rebuilds_it(
    store: Store, target: Store, tmp_path: Path
) -> None:
    codes = _fill(store)
    records = _export(store, tmp_path / "all.jsonl")
    kinds = [r["kind"] for r in records]
    assert kinds == [
        "definition",
        "worker",
        "person",
        "reading",
        "practice-session",
        "practice-session",
        "practice-attempt",
        "practice-attempt",
        "practice-attempt",
        "practice-attempt",
        "practice-certificate",
        "practice-certificate",
    ]
    assert all(r["starframe"] == 1 for r in records)
    group = records[4]
    assert group == {
        "starframe": 1,
        "kind": "practice-session",
        "code": codes["group"],
        "created_at": "2024-05-31T10:15:30.123456Z",
        "rule": {"min_same_stage": 0.75, "max_mad": 0.5},
        "solo": False,
        "closed_at": "2024-06-03T09:00:00Z",
        "cases": [
            {"case": "sam", "star": "tiny", "edition": "1.0"},
            {"case": "kim", "star": "tiny", "edition": "1.0"},
        ],
    }
    assert records[-1] == {
        "starframe": 1,
        "kind": "practice-certificate",
        "trainee": "Ana Silva",
        "star": "tiny",
        "edition": "1.0",
        "passed_on": "2024-06-03",
        "session": codes["group"],
        "recorded_at": "2024-06-03T09:00:00Z",
    }
    assert "session" not in records[-2], "Ben's old certificate has no session"

    done = _import(target, tmp_path / "all.jsonl")
    assert (done.readings, done.practice_sessions, done.practice_attempts) == (1, 2, 4)
    assert (done.certificates, done.unchanged) == (2, 0)
    assert _sessions(target) == _sessions(store)
    assert _attempts(target) == _attempts(store)
    assert _certificates(target) == _certificates(store)
    with target.read() as reader:
        assert practice_records(reader.connection) == records[4:]
        assert len(reader.readings()) == 1


def test_importing_the_same_file_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "all.jsonl"
    records = _export(store, path)
    before = _rows(store)
    done = _import(store, path)
    assert done.unchanged == len(records)
    assert (done.practice_sessions, done.practice_attempts, done.certificates) == (0, 0, 0)
    after = _rows(store)
    audit_before, audit_after = set(before.pop("audit")), set(after.pop("audit"))
    assert audit_before < audit_after
    assert len(audit_after - audit_before) == 1, "only the import's own entry"
    assert after == before


def test_practice_records_never_touch_readings_and_readings_never_touch_practice(
    store: Store, target: Store, tmp_path: Path
) -> None:
    _fill(store)
    records = _export(store, tmp_path / "all.jsonl")
    readings_part, practice_part = tmp_path / "readings.jsonl", tmp_path / "practice.jsonl"
    for path, wanted in ((readings_part, False), (practice_part, True)):
        lines = [json.dumps(r) + "\n" for r in records if (r["kind"] in PRACTICE_KINDS) == wanted]
        path.write_text("".join(lines), encoding="utf-8")
    _import(target, readings_part)
    readings = {"definitions": 1, "people": 1, "workers": 1, "readings": 1, "scores": 3}
    readings["readings_cohort_scan"] = 1  # the reading's row in the cohort scan
    # Every database has its default team; staff and requests never move.
    readings |= {"teams": 1, "staff": 0, "staff_teams": 0, "requests": 0}
    empty = {"actions": 0, **dict.fromkeys(PRACTICE_TABLES, 0)}
    assert _count(target) == {**readings, **empty}
    _import(target, practice_part)
    practice = dict(zip(PRACTICE_TABLES, (2, 3, 4, 2), strict=True))
    assert _count(target) == {**readings, "actions": 0, **practice}


def _count(store: Store) -> dict[str, int]:
    """Rows per table, the audit log left out (every import adds its entry)."""
    return {name: len(rows) for name, rows in _rows(store).items() if name != "audit"}


def _rewrite(
    path: Path, records: list[dict[str, Any]], change: Callable[[list[dict[str, Any]]], None]
) -> Path:
    changed = json.loads(json.dumps(records))
    change(changed)
    out = path.with_name("changed.jsonl")
    out.write_text("".join(json.dumps(r) + "\n" for r in changed), encoding="utf-8")
    return out


def _column(line: str, key: str) -> int:
    """Where the value of `key` starts on a line written by json.dumps (1-based)."""
    return line.index(f'"{key}": ') + len(f'"{key}": ') + 1


def test_a_record_recorded_differently_is_refused_at_its_line(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "all.jsonl"
    records = _export(store, path)

    def change(changed: list[dict[str, Any]]) -> None:
        changed[4]["cases"].reverse()
        changed[6]["scores"]["home"] = 4
        changed.append({**changed[5], "code": "NEW-123"})

    before = _rows(store)
    problems = _refused(store, _rewrite(path, records, change))
    lines = path.with_name("changed.jsonl").read_text(encoding="utf-8").splitlines()
    assert problems == [
        ("SF609", 5, _column(lines[4], "cases")),
        ("SF609", 7, _column(lines[6], "scores")),
    ]
    assert _rows(store) == before, "nothing written, not even the new session"


def test_the_conflict_message_names_what_differs(store: Store, tmp_path: Path) -> None:
    _fill(store)
    path = tmp_path / "all.jsonl"
    records = _export(store, path)

    def change(changed: list[dict[str, Any]]) -> None:
        changed[4]["rule"]["max_mad"] = 2
        changed[4]["closed_at"] = None

    loaded = read_records(_rewrite(path, records, change))
    with pytest.raises(ImportFailed) as caught:
        import_records(store, loaded.records, _nobody())
    (problem,) = caught.value.problems
    assert "with another `rule`, `closed_at`" in problem.message
    assert "never overwrites" in problem.message


def test_references_to_a_session_nobody_holds_are_refused(store: Store, tmp_path: Path) -> None:
    codes = _fill(store)
    path = tmp_path / "all.jsonl"
    records = _export(store, path)
    attempt = {**records[6], "session": "ZZZ-999"}
    wrong_case = {**records[6], "case": "dean-after-release", "trainee": "Cy"}
    certificate = {**records[-1], "session": "ZZZ-999"}
    lines = [attempt, wrong_case, certificate]
    dangling = tmp_path / "dangling.jsonl"
    dangling.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    before = _rows(store)
    problems = _refused(store, dangling)
    assert [(code, line) for code, line, _ in problems] == [
        ("SF610", 1),
        ("SF608", 2),
        ("SF610", 3),
    ]
    assert _rows(store) == before
    sessionless = {**records[-1], "trainee": "Cy"}
    del sessionless["session"]
    dangling.write_text(json.dumps(sessionless) + "\n", encoding="utf-8")
    assert _import(store, dangling).certificates == 1
    with store.read() as reader:
        cy = certificates(reader.connection, "Cy")
    assert [(c.passed_on, c.session) for c in cy] == [(dt.date(2024, 6, 3), None)]
    assert codes["group"] in {c.session for c in _certificates(store)}


BAD = [
    ("code", "k7p-2qx", "SF199"),
    ("created_at", "2024-05-31T10:15:30", "SF199"),
    ("created_at", "yesterday", "SF199"),
    ("rule", {"min_same_stage": 1.5, "max_mad": 1}, "SF108"),
    ("cases", [], "SF106"),
    ("cases", [{"case": "sam", "star": "tiny", "edition": "1.0"}] * 2, "SF199"),
    ("colour", "blue", "SF101"),
]


@pytest.mark.parametrize(("key", "value", "code"), BAD)
def test_a_malformed_session_is_reported_at_its_place(
    tmp_path: Path, key: str, value: object, code: str
) -> None:
    session = {
        "starframe": 1,
        "kind": "practice-session",
        "code": "K7P-2QX",
        "created_at": "2024-05-31T10:15:30Z",
        "rule": {"min_same_stage": 0.8, "max_mad": 1.0},
        "cases": [{"case": "sam", "star": "tiny", "edition": "1.0"}],
    }
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(session) + "\n" + json.dumps({**session, key: value}) + "\n")
    (problem,) = read_records(path).problems
    assert (problem.code, problem.line) == (code, 2)
    assert problem.column > 1


@pytest.mark.parametrize(
    ("key", "value"),
    [("trainee", "Ana  Silva"), ("trainee", " "), ("scores", {"home": 0}), ("passed", "yes")],
)
def test_a_malformed_attempt_is_reported_at_its_place(
    tmp_path: Path, key: str, value: object
) -> None:
    attempt = {
        "starframe": 1,
        "kind": "practice-attempt",
        "session": "K7P-2QX",
        "trainee": "Ana Silva",
        "case": "sam",
        "scores": {"home": 3, "money": "n/a"},
        "submitted_at": "2024-05-31T10:15:30+01:00",
    }
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**attempt, key: value}) + "\n")
    (problem,) = read_records(path).problems
    assert problem.line == 1
    assert problem.column > 1


def test_the_documented_records_are_valid(tmp_path: Path) -> None:
    page = (practice.ROOT / "docs" / "readings.md").read_text(encoding="utf-8")
    block = page.split("### Practice records", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "documented.jsonl"
    path.write_text(block, encoding="utf-8")
    loaded = read_records(path)
    assert loaded.problems == []
    assert [type(r.model).__name__ for r in loaded.records] == [
        "PracticeSessionRecord",
        "PracticeAttemptRecord",
        "PracticeCertificateRecord",
    ]


# Any practice data survives export and import.

counter = itertools.count()
names = (
    st.text(
        alphabet=STORABLE_CHARACTERS,
        min_size=1,
        max_size=80,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2099, 12, 31),
    timezones=st.just(dt.UTC),
)
answers = st.fixed_dictionaries(
    {}, optional={scale.id: st.integers(1, TINY.points) for scale in TINY.scales}
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rule=st.builds(PassRule, st.floats(0, 1), st.floats(0, 10)),
    solo=st.booleans(),
    opened=moments,
    closed=st.none() | moments,
    attempts=st.lists(st.tuples(names, st.sampled_from([SAM, KIM]), answers, moments), max_size=6),
    passes=st.lists(
        st.tuples(names, st.dates(dt.date(2000, 1, 1), dt.date(2099, 1, 1))), max_size=3
    ),
)
def test_any_practice_data_round_trips(
    store: Store,
    tmp_path: Path,
    rule: PassRule,
    solo: bool,
    opened: dt.datetime,
    closed: dt.datetime | None,
    attempts: list[tuple[str, PracticeCase, dict[str, int], dt.datetime]],
    passes: list[tuple[str, dt.date]],
) -> None:
    """Made in a fresh SQLite file, imported into the store (which keeps earlier examples)."""
    with open_store(str(tmp_path / f"source-{next(counter)}.db")) as source:
        with source.write() as writer:
            connection = writer.connection
            practice = PracticeWriter(writer)
            code = practice.open_session([SAM, KIM], rule, solo=solo, now=opened)
            answered = set()
            for name, case, scores, at in attempts:
                if (name, case.id) not in answered:
                    answered.add((name, case.id))
                    practice.submit(code, name, case, TINY, scores, now=at)
            for name, day in passes:
                record_certificate(connection, name, "tiny", "1.0", day, session=code, now=opened)
            if closed is not None:
                practice.close_session(code, now=closed)
        path = tmp_path / "practice.jsonl"
        exported = _export(source, path)
    done = _import(store, path)
    assert done.practice_sessions == 1
    assert done.unchanged == 0
    with store.read() as reader:
        everything = practice_records(reader.connection)
    assert all(record in everything for record in exported)
    again = _import(store, path)
    assert again.unchanged == len(exported)


# Through the installed command.


def test_moving_a_database_with_the_command_keeps_practice(
    starframe: Starframe, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tiny.yaml").write_bytes(practice.TINY_STAR.read_bytes())
    (drafts / "sam.yaml").write_text(practice.TINY_CASE, encoding="utf-8")
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", old)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    answers = tmp_path / "ana.yaml"
    answers.write_text(
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n",
        encoding="utf-8",
    )
    assert (
        starframe("practice", "submit", code, "--trainee", "Ana", "--from", answers, *where).code
        == 0
    )
    assert starframe("practice", "session", "close", code, "--db", old).code == 0
    export = tmp_path / "everything.jsonl"
    exported = starframe("readings", "export", "--format", "jsonl", "--out", export, "--db", old)
    assert exported.code == 0, exported.err
    assert "Exported 0 reading(s) and 3 practice record(s)" in exported.err
    moved = starframe("readings", "import", export, "--db", new)
    assert moved.code == 0, moved.err
    assert "1 practice session(s), 1 practice answer(s), 1 certificate(s)" in moved.out
    for command in (
        ("practice", "certificates", "--json"),
        ("practice", "session", "list", "--all"),
    ):
        assert starframe(*command, "--db", new).out == starframe(*command, "--db", old).out
    again = starframe("readings", "import", export, "--db", new)
    assert "3 already present and unchanged" in again.out
    filtered = tmp_path / "one-star.jsonl"
    assert (
        starframe(
            "readings",
            "export",
            "--format",
            "jsonl",
            "--star",
            "tiny",
            "--out",
            filtered,
            "--db",
            old,
        ).code
        == 0
    )
    assert filtered.read_text(encoding="utf-8") == ""
