""" "My Star" (`starframe render mine`): the person's own copy, checked by its extracted text.

It must hold nothing the person would not want on the kitchen table: no person or worker code,
no reading id, no statistic; the worker's name only when asked for.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.render.conftest import Pdf, RunCli, Seeded, read_pdf


@pytest.fixture
def db(seeded: Seeded, cli_env: dict[str, str], tmp_path: Path) -> Seeded:
    copy = tmp_path / "copy.db"
    shutil.copy(seeded.db, copy)
    cli_env["STARFRAME_DB"] = str(copy)
    return Seeded(copy, seeded.reading_ids)


def _mine(run_cli: RunCli, tmp_path: Path, *args: str) -> Pdf:
    out = tmp_path / f"mine-{len(list(tmp_path.glob('*.pdf')))}.pdf"
    done = run_cli("render", "mine", "P-0001", "--star", "justice", *args, "-o", str(out))
    assert done.code == 0, done.stderr
    return read_pdf(out.read_bytes())


def _no_codes_or_figures(pdf: Pdf, db: Seeded) -> None:
    for code in ("P-0001", "W-01", "Sam Jones", *db.reading_ids.values()):
        assert code not in pdf.text
    assert not re.search(r"[0-9a-f]{8}", pdf.text), "no reading id, not even its prefix"
    for statistic in ("n=", "%", "median", "mean", "Wilcoxon", "p ="):
        assert statistic not in pdf.text


def test_the_persons_copy_speaks_to_them_in_plain_words(
    run_cli: RunCli, db: Seeded, tmp_path: Path
) -> None:
    pdf = _mine(run_cli, tmp_path)
    words = pdf.words
    assert "My Star" in words
    assert (
        "This is your copy of the Star you and your worker filled in on 20 September 2024" in words
    )
    # Their own score differed on Accommodation: shown as theirs, beside the worker's.
    assert (
        "Your worker put you at Believing on Accommodation, and you put yourself at "
        "Self-reliance." in words
    )
    assert "Your score: 9, Self-reliance" in words
    assert "Your worker's score: 6, Believing" in words
    # Elsewhere they agreed, and the ladder's words for their point are quoted.
    assert "You and your worker agreed that you are at" in words
    assert "Up two points since 2 May 2024: from Accepting help to Believing." in words
    assert "This did not apply to you this time." in words
    assert "Keep paying the rent on time" in words
    assert "By 31 October 2024" in words
    assert "First time · 10 January 2024" in words
    assert "This time · 20 September 2024" in words
    assert "Your thoughts" in words
    _no_codes_or_figures(pdf, db)


def test_the_worker_is_named_only_when_asked(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    pdf = _mine(run_cli, tmp_path, "--with-worker-name")
    assert "you and Sam Jones filled in" in pdf.words
    assert "W-01" not in pdf.text


def test_welsh_wording_with_lang_cy(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    pdf = _mine(run_cli, tmp_path, "--lang", "cy", "--large-print")
    words = pdf.words
    for welsh in ("Fy Seren", "Eich Seren", "Ble rydych chi", "Eich nodau a’r camau nesaf"):
        assert welsh in words
    assert "Wedi codi dau bwynt ers 2 Mai 2024" in words
    assert "Tudalen 1 o" in words
    assert "(ddim yn berthnasol)" in words  # under the chart's parenting scale
    assert "Llety" in words
    for english in ("Your Star", "Where you are", "Page 1 of", "agreed"):
        assert english not in words
    _no_codes_or_figures(pdf, db)


def test_an_earlier_reading_by_id(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    pdf = _mine(run_cli, tmp_path, "--reading", db.reading_ids["p1-second"][:8])
    assert "2 May 2024" in pdf.words
    assert "20 September 2024" not in pdf.words


def test_large_print_is_larger(run_cli: RunCli, db: Seeded, tmp_path: Path) -> None:
    assert _mine(run_cli, tmp_path, "--large-print").pages > _mine(run_cli, tmp_path).pages


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reading", "p2-only"], "is not one of P-0001's readings of justice"),
        (["--reading", "p3-draft"], "is not one of P-0001's readings"),
    ],
)
def test_someone_elses_reading_is_refused(
    run_cli: RunCli, db: Seeded, tmp_path: Path, args: list[str], message: str
) -> None:
    reading = db.reading_ids[args[1]][:8]
    done = run_cli(
        "render",
        "mine",
        "P-0001",
        "--star",
        "justice",
        "--reading",
        reading,
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert done.code != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()
