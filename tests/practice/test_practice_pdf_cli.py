"""`starframe practice sheet|report` through the installed command, and both PDFs from a
session stored on SQLite and PostgreSQL.

The tiny Star (points 1–4, stages 1–2 and 3–4) with cases `sam` (home 3, money 2, health 4)
and `kim` ("Kim, at home": home 1). Ana gives Sam's reference exactly; Ben gives home 1,
money 2, health 3.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from starframe.practice.cases import CaseCatalog
from starframe.practice.sessions import session_results
from starframe.practice.writer import PracticeWriter
from starframe.readings.store import Store
from starframe.render.practice_report import render_group_report
from starframe.render.practice_sheet import render_sheet
from tests.practice.conftest import Run
from tests.render.conftest import read_pdf

Starframe = Callable[..., Run]
ANA = {"home": 3, "money": 2, "health": 4}
BEN = {"home": 1, "money": 2, "health": 3}


@pytest.fixture
def where(drafts: Path, tmp_path: Path) -> tuple[str | Path, ...]:
    return ("--stars-dir", drafts, "--cases-dir", drafts, "--db", tmp_path / "practice.db")


@pytest.fixture
def code(starframe: Starframe, where: tuple[str | Path, ...], tmp_path: Path) -> str:
    """A session on `sam` and `kim` in which Ana and Ben have answered `sam`."""
    new = starframe("practice", "session", "new", "--case", "sam", "--case", "kim", *where)
    assert new.code == 0, new.err
    found = new.out.strip()
    for name, scores in (("Ana Silva", ANA), ("Ben", BEN)):
        answers = tmp_path / f"{name}.json"
        document = {"starframe": 1, "kind": "practice-answers", "case": "sam", "scores": scores}
        answers.write_text(json.dumps(document), encoding="utf-8")
        run = starframe("practice", "submit", found, "--trainee", name, "--from", answers, *where)
        assert run.code == 0, run.err
    return found


def test_a_trainee_sheet(
    starframe: Starframe, where: tuple[str | Path, ...], code: str, tmp_path: Path
) -> None:
    out = tmp_path / "ben.pdf"
    typed = code.replace("-", "").lower()
    run = starframe("practice", "sheet", typed, "--trainee", " ben ", "--out", out, *where)
    assert run.code == 0, run.err
    assert run.err == f"wrote {out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pdf = read_pdf(out.read_bytes())
    assert f"Ben · session {code}" in pdf.words
    assert "NOT YET" in pdf.words
    assert "Home and housing 1 Early days 3 Later on no 2" in pdf.words
    assert "Has a place, and manages it with support." in pdf.words
    assert "Sam, after a move Tiny Star 1.0 not yet 2/3 1.00" in pdf.words
    assert "Kim, at home Tiny Star 1.0 not answered — —" in pdf.words
    assert "Not answered: Kim, at home." in pdf.words


def test_the_group_report(
    starframe: Starframe, where: tuple[str | Path, ...], code: str, tmp_path: Path
) -> None:
    out = tmp_path / "group.pdf"
    run = starframe("practice", "report", code, "-o", out, *where)
    assert run.code == 0, run.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pdf = read_pdf(out.read_bytes())
    assert f"Practice session {code}" in pdf.words
    assert "Ana Silva passed 3/3 3/3 3/3 0.00 1.00" in pdf.words
    assert "Ben not yet 2/3 1/3 2/3 1.00" in pdf.words
    assert "No answers yet." in pdf.words
    assert pdf.pages == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sheet", "ZZZ-ZZZ", "--trainee", "Ana"],
            "there is no practice session ZZZ-ZZZ: check the code your trainer gave you.",
        ),
        (
            ["report", "zzz zzz"],
            "there is no practice session ZZZ-ZZZ: check the code your trainer gave you.",
        ),
        (
            ["sheet", "{code}", "--trainee", "Cy"],
            "Cy has no answers in session {code}: its trainees are Ana Silva, Ben.",
        ),
    ],
)
def test_a_wrong_code_or_trainee_is_one_line(
    starframe: Starframe,
    where: tuple[str | Path, ...],
    code: str,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"an earlier file")
    run = starframe("practice", *(a.format(code=code) for a in args), "-o", out, *where)
    assert run.code == 1
    assert run.err == f"starframe: error: {message.format(code=code)}\n"
    assert out.read_bytes() == b"an earlier file"


def test_a_session_nobody_answered_has_no_sheet(
    starframe: Starframe, where: tuple[str | Path, ...], tmp_path: Path
) -> None:
    new = starframe("practice", "session", "new", "--case", "sam", *where)
    empty = new.out.strip()
    run = starframe(
        "practice", "sheet", empty, "--trainee", "Ana", "-o", tmp_path / "a.pdf", *where
    )
    assert run.code == 1
    assert run.err == f"starframe: error: nobody has submitted answers in session {empty} yet.\n"
    report = starframe("practice", "report", empty, "-o", tmp_path / "r.pdf", *where)
    assert report.code == 0, report.err
    assert "No answers yet." in read_pdf((tmp_path / "r.pdf").read_bytes()).words


@pytest.mark.parametrize("command", ["sheet", "report"])
def test_an_unwritable_output_is_refused_before_the_work(
    starframe: Starframe,
    where: tuple[str | Path, ...],
    code: str,
    tmp_path: Path,
    command: str,
) -> None:
    trainee = ("--trainee", "Ben") if command == "sheet" else ()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for out, reason in (
        (tmp_path / "missing" / "x.pdf", f"the folder {tmp_path / 'missing'} does not exist"),
        (blocker / "x.pdf", f"{blocker} is a file, not a folder"),
    ):
        run = starframe("practice", command, code, *trainee, "-o", out, *where)
        assert run.code == 1
        assert run.err == f"starframe: error: cannot write {out}: {reason}.\n"
        assert not out.exists()
    folder = starframe("practice", command, code, *trainee, "-o", tmp_path, *where)
    assert folder.code == 2
    assert "is a directory" in folder.err
    assert not list(tmp_path.glob(".starframe-*"))


def test_the_pdf_commands_do_not_load_reportlab_at_start() -> None:
    code = (
        "import sys, starframe.cli\n"
        "loaded = [m for m in sys.modules if m.startswith(('reportlab', 'starframe.render'))]\n"
        "assert loaded == [], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pdfs_of_a_stored_session(store: Store, catalog: CaseCatalog) -> None:
    """Both PDFs from results read back from the store, on each backend."""
    sam = catalog.find("sam").case
    kim = catalog.find("kim").case
    assert sam is not None
    assert kim is not None
    star = catalog.star_of(sam)
    with store.write() as writer:
        code = PracticeWriter(writer).open_session([sam, kim])
    with store.write() as writer:
        practice = PracticeWriter(writer)
        practice.submit(code, "Ana Silva", sam, star, ANA)
        practice.submit(code, "Ben", sam, star, BEN)
        practice.submit(code, "Ben", kim, star, {"home": 1})
    with store.read() as reader:
        found = session_results(reader.connection, code, catalog)
    report = read_pdf(render_group_report(found)).words
    assert "Ana Silva passed 3/3" in report
    assert "Ben not yet 2/3" in report
    assert "Ben not yet 1/3" in report
    ana = read_pdf(render_sheet(found, "Ana Silva")).words
    assert "PASSED" in ana
    assert "Not answered: Kim, at home." in ana
