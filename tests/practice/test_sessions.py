"""Practice sessions in the store, on SQLite and PostgreSQL, and through the command line.

The session uses the tiny Star (points 1–4, stages 1–2 and 3–4) and case `sam`, whose
reference is home 3, money 2, health 4. Ana matches it exactly; Ben gives home 1, money 2,
health 3: two of three scales in the reference stage (67% < 80%), mean difference 1.00.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from starframe.practice.cases import CaseCatalog
from starframe.practice.feedback import PassRule
from starframe.practice.group import group_results
from starframe.practice.sessions import (
    CODE_ALPHABET,
    load_session,
    new_code,
    normalise_code,
    session_results,
)
from starframe.practice.writer import PracticeWriter
from starframe.readings.store import Store
from starframe.readings.summaries import cohort_summary
from starframe.store.errors import AlreadyExists, NotFound
from tests.practice.conftest import Run
from tests.readings.conftest import everything

Starframe = Callable[..., Run]
ANA = {"home": 3, "money": 2, "health": 4}
BEN = {"home": 1, "money": 2, "health": 3}


def test_codes_are_short_unambiguous_and_typed_any_way() -> None:
    code = new_code()
    assert len(code) == 7
    assert code[3] == "-"
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert normalise_code(f" {code.replace('-', '').lower()} ") == code


def test_two_trainees_give_the_group_results(store: Store, catalog: CaseCatalog) -> None:
    sam = catalog.find("sam").case
    kim = catalog.find("kim").case
    assert sam is not None
    assert kim is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        code = PracticeWriter(writer).open_session([sam, kim], PassRule(0.8, 1.0))
    with store.write() as writer:
        practice = PracticeWriter(writer)
        practice.submit(code, "Ana", sam, star, ANA)
        practice.submit(code, " Ben ", sam, star, BEN)
    with store.read() as reader:
        session = load_session(reader.connection, code.lower())
        found = session_results(reader.connection, code, catalog)
    assert [c.case_id for c in session.cases] == ["sam", "kim"]
    assert session.rule == PassRule(0.8, 1.0)
    sam_results, kim_results = found.cases
    assert found.trainees == ["Ana", "Ben"]
    ana, ben = sam_results.feedback["Ana"], sam_results.feedback["Ben"]
    assert (ana.passed, ana.in_stage, ana.mad) == (True, 3, 0.0)
    assert (ben.passed, ben.in_stage, ben.mad) == (False, 2, 1.0)
    assert ben.shortfalls == ("2 of 3 scales in the reference stage; the rule asks for 80%",)
    assert sam_results.group == group_results(star, sam, {"Ana": ANA, "Ben": BEN})
    assert [s.scale for s in sam_results.group.to_discuss] == ["home", "health"]
    assert kim_results.feedback == {}
    assert kim_results.group is None


def test_a_second_submission_is_refused_and_changes_nothing(
    store: Store, catalog: CaseCatalog
) -> None:
    sam = catalog.find("sam").case
    assert sam is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        practice = PracticeWriter(writer)
        code = practice.open_session([sam])
        practice.submit(code, "Ana", sam, star, ANA)
    before = everything(store)
    refused = pytest.raises(AlreadyExists, match="Ana has already submitted answers for sam")
    with refused, store.write() as writer:
        PracticeWriter(writer).submit(code, "Ana", sam, star, BEN)
    assert everything(store) == before
    with store.read() as reader:
        assert session_results(reader.connection, code, catalog).cases[0].feedback["Ana"].passed


def test_answers_that_do_not_fit_or_an_unknown_session_are_refused(
    store: Store, catalog: CaseCatalog
) -> None:
    sam, kim = catalog.find("sam").case, catalog.find("kim").case
    assert sam is not None
    assert kim is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        code = PracticeWriter(writer).open_session([sam])
    with store.write() as writer:
        with pytest.raises(ValueError, match=r"`wealth` is not a scale of tiny@1\.0"):
            PracticeWriter(writer).submit(code, "Ana", sam, star, {"wealth": 2})
        with pytest.raises(ValueError, match="use 1 to 4"):
            PracticeWriter(writer).submit(code, "Ana", sam, star, {"home": 9})
        with pytest.raises(ValueError, match="has no case `kim`"):
            PracticeWriter(writer).submit(code, "Ana", kim, star, ANA)
        with pytest.raises(NotFound, match="no practice session ZZZ-ZZZ"):
            PracticeWriter(writer).submit("zzzzzz", "Ana", sam, star, ANA)
    with pytest.raises(ValueError, match="each case once"), store.write() as writer:
        PracticeWriter(writer).open_session([sam, sam])


def test_practice_never_reaches_readings_or_summaries(store: Store, catalog: CaseCatalog) -> None:
    sam = catalog.find("sam").case
    assert sam is not None
    with store.write() as writer:
        practice = PracticeWriter(writer)
        code = practice.open_session([sam])
        practice.submit(code, "Ana", sam, catalog.star_of(sam), ANA)
    with store.read() as reader:
        assert reader.counts() == dict.fromkeys(
            ("people", "workers", "readings", "definitions", "audit"), 0
        )
        with pytest.raises(NotFound):
            cohort_summary(reader, "tiny")
    rows = everything(store)
    assert rows["practice_attempts"]
    assert not rows["readings"]
    assert not rows["scores"]


# Through the installed command, on SQLite. An answers file may sit beside the trainer's
# cases and draft Star: the catalogs and `validate` pass over it.


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_session_from_the_command_line(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    new = starframe("practice", "session", "new", "--case", "sam", "--case", "kim", *where)
    assert new.code == 0, new.err
    code = new.out.strip()
    assert len(code) == 7
    assert f"practice submit {code}" in new.err
    ana = _write(
        drafts,
        "ana.yaml",
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: 3, money: 2, health: 4}\n",
    )
    ben = _write(
        tmp_path,
        "ben.json",
        json.dumps({"starframe": 1, "kind": "practice-answers", "case": "sam", "scores": BEN}),
    )
    for name, answers in (("Ana", ana), ("Ben", ben)):
        run = starframe("practice", "submit", code, "--trainee", name, "--from", answers, *where)
        assert run.code == 0, run.err
        assert f"for sam in {code}" in run.out
    again = starframe("practice", "submit", code, "--trainee", "Ana", "--from", ben, *where)
    assert again.code == 1
    assert "Ana has already submitted answers for sam" in again.err
    shown = starframe("practice", "results", code, *where)
    assert shown.code == 0, shown.err
    assert "Ana" in shown.out
    assert "passed" in shown.out
    assert "not yet" in shown.out
    assert "No answers yet." in shown.out
    ben_row = next(line for line in shown.out.splitlines() if line.startswith("Ben "))
    kappa = cohen_kappa_score([3, 2, 4], [1, 2, 3], weights="quadratic")
    assert ben_row.split() == ["Ben", "not", "yet", "2/3", "1/3", "2/3", "1.00", f"{kappa:.2f}"]
    assert "Ben, not yet: 2 of 3 scales in the reference stage" in shown.out
    data = json.loads(starframe("practice", "results", code, "--json", *where).out)
    assert data["code"] == code
    assert data["rule"] == {"min_same_stage": 0.8, "max_mad": 1.0}
    trainees = {t["name"]: t for t in data["cases"][0]["trainees"]}
    assert trainees["Ana"]["passed"]
    assert not trainees["Ben"]["passed"]
    assert trainees["Ben"]["agreement"]["same_stage"] == pytest.approx(2 / 3)
    assert data["cases"][1]["group"] is None
    checked = starframe("validate", drafts)
    assert checked.code == 0, checked.out + checked.err
    listed = starframe("readings", "list", "--db", db)
    assert listed.code == 0
    assert "No readings match." in listed.out


def test_a_bad_answers_file_is_positioned_and_nothing_is_stored(
    starframe: Starframe, drafts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "practice.db"
    where = ("--stars-dir", drafts, "--cases-dir", drafts, "--db", db)
    code = starframe("practice", "session", "new", "--case", "sam", *where).out.strip()
    bad = _write(
        tmp_path,
        "bad.yaml",
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores:\n  home: 9\n  wealth: 2\n",
    )
    run = starframe("practice", "submit", code, "--trainee", "Ana", "--from", bad, *where)
    assert run.code == 1
    assert f"{bad}:5:9" in run.err
    assert "SF607" in run.err
    assert "9 is off the scale" in run.err
    assert f"{bad}:6:3" in run.err
    assert "SF606" in run.err
    assert "`wealth` is not a scale" in run.err
    assert "nothing was saved" in run.err
    other = _write(
        tmp_path,
        "other.yaml",
        "starframe: 1\nkind: practice-answers\ncase: kim\nscores: {home: 1}\n",
    )
    run = starframe("practice", "submit", code, "--trainee", "Ana", "--from", other, *where)
    assert run.code == 1
    assert f"{other}:3:7" in run.err
    assert "SF608" in run.err
    typo = _write(
        tmp_path,
        "typo.yaml",
        "starframe: 1\nkind: practice-answers\ncase: sam\nscores: {home: three}\n",
    )
    run = starframe("practice", "submit", code, "--trainee", "Ana", "--from", typo, *where)
    assert run.code == 1
    assert f"{typo}:4" in run.err
    data = json.loads(starframe("practice", "results", code, "--json", *where).out)
    assert data["cases"][0]["trainees"] == []
    unknown = starframe("practice", "results", "ZZZ-ZZZ", *where)
    assert unknown.code == 1
    assert "no practice session ZZZ-ZZZ" in unknown.err
