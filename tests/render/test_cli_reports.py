"""`starframe render person|reading|cohort|batch` through the installed command."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import FakeDistributions
from tests.render.conftest import MARKUP_NOTE, RunCli, Seeded, read_pdf, seed_store


@pytest.fixture
def db(seeded: Seeded, cli_env: dict[str, str], tmp_path: Path) -> Seeded:
    """A copy of the seeded database that the command uses through STARFRAME_DB."""
    copy = tmp_path / "copy.db"
    shutil.copy(seeded.db, copy)
    cli_env["STARFRAME_DB"] = str(copy)
    return Seeded(copy, seeded.reading_ids)


def test_person_report(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "p1.pdf"
    done = run_cli("render", "person", "P-0001", "--star", "justice", "-o", str(out))
    assert done.code == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pdf = read_pdf(out.read_bytes())
    assert MARKUP_NOTE in pdf.words
    assert "Person P-0001" in pdf.page_texts[0]


def test_reading_report_by_id_prefix(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    done = run_cli("render", "reading", db.reading_ids["p2-only"][:8], "-o", str(out))
    assert done.code == 0, done.stderr
    assert "2024-03-03" in read_pdf(out.read_bytes()).text


def test_cohort_report_with_filters(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    done = run_cli(
        "render",
        "cohort",
        "justice",
        "--edition",
        "1.0",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--worker",
        "W-01",
        "-o",
        str(out),
    )
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    assert "Distance travelled" in pdf.text
    assert "W-01" in pdf.text


def test_lang_prints_the_welsh_names(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "cy.pdf"
    done = run_cli(
        "render", "person", "P-0001", "--star", "justice", "--lang", "cy", "-o", str(out)
    )
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    assert "Seren Cyfiawnder" in pdf.text
    assert "Llety" in pdf.text


@pytest.mark.parametrize(
    ("args", "welsh", "english"),
    [
        (["person", "P-0001", "--star", "justice"], ["Sgorau", "Cynllun gweithredu"], "Scores"),
        (["cohort", "justice"], ["Adroddiad carfan", "Pellter a deithiwyd"], "Distance travelled"),
    ],
)
def test_lang_cy_prints_the_reports_headings_in_welsh(
    run_cli: RunCli, db: Seeded, tmp_path: Path, args: list[str], welsh: list[str], english: str
) -> None:
    out = tmp_path / "cy.pdf"
    done = run_cli("render", *args, "--lang", "cy", "-o", str(out))
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    for heading in welsh:
        assert heading in pdf.text
    assert "Tudalen 1 o" in pdf.text
    assert english not in pdf.text


def test_batch_with_lang_cy_prints_welsh_headings(
    run_cli: RunCli, db: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    done = run_cli("render", "batch", "justice", "--lang", "cy", "--out", str(out), "--jobs", "1")
    assert done.code == 0, done.stderr
    assert "Sgorau" in read_pdf((out / "P-0001.pdf").read_bytes()).text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["person", "NOBODY", "--star", "justice"], "no person has the code NOBODY"),
        (["person", "P-0003", "--star", "justice"], "P-0003 has no complete readings of justice"),
        (["cohort", "justice", "--from", "soon"], "is not a date"),
    ],
)
def test_user_errors(
    run_cli: RunCli, db: Seeded, tmp_path: Path, args: list[str], message: str
) -> None:
    done = run_cli("render", *args, "-o", str(tmp_path / "x.pdf"))
    assert done.code in (1, 2)
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_batch_renders_everyone_on_several_processes(
    run_cli: RunCli, cli_env: dict[str, str], tmp_path: Path
) -> None:
    seeded = seed_store(tmp_path / "many.db", extra_people=5)
    cli_env["STARFRAME_DB"] = str(seeded.db)
    out = tmp_path / "reports"
    done = run_cli("render", "batch", "justice", "--out", str(out), "--jobs", "2")
    assert done.code == 0, done.stderr
    written = sorted(p.name for p in out.glob("*.pdf"))
    assert written == ["P-0001.pdf", "P-0002.pdf", *(f"X-{n:04d}.pdf" for n in range(5))]
    assert "wrote 7 report(s)" in done.stderr
    assert "Page 2 of 2" in read_pdf((out / "X-0004.pdf").read_bytes()).text


def test_a_plugin_section_and_a_broken_plugin(
    run_cli: RunCli, cli_env: dict[str, str], fake_dists: FakeDistributions, tmp_path: Path
) -> None:
    fake_dists.add(
        "starframe-contacts",
        module="sf_contacts",
        source="""
            from starframe.plugin_api import ReportSection, hookimpl

            @hookimpl
            def starframe_report_sections(report, register):
                register(ReportSection("Local contacts", [f"For the {report.kind} report."]))
        """,
    )
    fake_dists.add(
        "starframe-broken",
        module="sf_broken",
        source="""
            from starframe import hookimpl

            @hookimpl
            def starframe_report_sections(report, register):
                raise RuntimeError("no contacts today")
        """,
    )
    cli_env["PYTHONPATH"] = str(fake_dists.root)
    out = tmp_path / "blank.pdf"
    done = run_cli("render", "blank", "justice", "-o", str(out))
    assert done.code == 0, done.stderr
    assert "warning: plugin sf_broken" in done.stderr
    assert "RuntimeError: no contacts today" in done.stderr
    pdf = read_pdf(out.read_bytes())
    assert "Local contacts" in pdf.text
    assert "For the blank report." in pdf.text
