"""`starframe practice` and `starframe validate` on practice cases, through the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.practice.conftest import JUSTICE_CASES, TINY_CASE, TINY_STAR, Run, tiny_case_text

Starframe = Callable[..., Run]


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """A trainer's folder: the tiny Star as a draft, a good case and an off-scale one."""
    (tmp_path / "tiny.yaml").write_bytes(TINY_STAR.read_bytes())
    (tmp_path / "sam.yaml").write_text(TINY_CASE, encoding="utf-8")
    (tmp_path / "off.yaml").write_text(tiny_case_text("off", money="9"), encoding="utf-8")
    return tmp_path


def test_cases_lists_the_bundled_cases(starframe: Starframe) -> None:
    run = starframe("practice", "cases")
    assert run.code == 0, run.err
    header, *rows = run.out.splitlines()
    assert header.split() == ["ID", "STAR", "TITLE", "SOURCE", "STATE"]
    ids = {row.split()[0]: row for row in rows}
    for case_id in ("dean-after-release", "kerry-community-order", "tomasz-end-of-licence"):
        assert "justice@1.0" in ids[case_id]
        assert ids[case_id].endswith("ok")
    assert {"jade-antenatal", "priya-ten-weeks", "lewis-eight-months"} <= set(ids)


def test_a_plugins_own_folder_given_as_cases_dir_is_read_once(starframe: Starframe) -> None:
    """The same file reached through the plugin and through --cases-dir is one case, as a Star
    reached twice is one Star: listing it twice, as a conflict with itself, helps nobody."""
    run = starframe("practice", "cases", "--cases-dir", JUSTICE_CASES, "--json")
    assert run.code == 0, run.err
    records = json.loads(run.out)
    justice = [r for r in records if r["star"] == "justice"]
    assert sorted(r["id"] for r in justice) == [
        "dean-after-release",
        "kerry-community-order",
        "tomasz-end-of-licence",
    ]
    assert {r["state"] for r in records} == {"ok"}
    assert {r["source"]["kind"] for r in justice} == {"plugin"}


def test_cases_json_keeps_broken_cases_with_their_reason(
    starframe: Starframe, drafts: Path
) -> None:
    run = starframe("practice", "cases", "--cases-dir", drafts, "--stars-dir", drafts, "--json")
    assert run.code == 0, run.err
    records = {r["id"]: r for r in json.loads(run.out)}
    assert set(records["sam"]) == {
        "id",
        "star",
        "edition",
        "title",
        "file",
        "source",
        "state",
        "reason",
    }
    assert (records["sam"]["state"], records["sam"]["source"]["kind"]) == ("ok", "folder")
    off = records["off"]
    assert off["state"] == "broken"
    assert off["reason"].startswith("SF603 at line 15: 9 is off the scale")


def test_cases_table_explains_broken_cases_on_stderr(starframe: Starframe, drafts: Path) -> None:
    run = starframe("practice", "cases", "--cases-dir", drafts, "--stars-dir", drafts)
    assert run.code == 0
    assert "off is broken: SF603 at line 15" in " ".join(run.err.split())


def test_show_prints_the_vignette_and_every_reference(starframe: Starframe) -> None:
    run = starframe("practice", "show", "tomasz-end-of-licence")
    assert run.code == 0, run.err
    assert run.out.startswith(
        "Tomasz, a month before his licence ends — practice case tomasz-end-of-licence for the "
        "Justice Star (justice@1.0)\n\nTomasz is 52."
    )
    assert "Reference scores:\n 1. Accommodation: 9 (Self-reliance)\n" in run.out
    assert " 6. Parenting and caring: n/a\n" in run.out
    assert "10. A crime-free life: 9 (Self-reliance)" in run.out


def test_show_json_lists_scores_in_the_stars_order(starframe: Starframe, drafts: Path) -> None:
    run = starframe(
        "practice", "show", "sam", "--cases-dir", drafts, "--stars-dir", drafts, "--json"
    )
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert (document["id"], document["star"], document["edition"]) == ("sam", "tiny", "1.0")
    assert [(s["scale"], s["score"], s["stage"]) for s in document["scores"]] == [
        ("home", 3, "Later on"),
        ("money", 2, "Early days"),
        ("health", 4, "Later on"),
    ]


def test_show_an_unknown_or_broken_case_is_a_user_error(starframe: Starframe, drafts: Path) -> None:
    unknown = starframe("practice", "show", "nobody")
    assert unknown.code == 1
    assert unknown.err.startswith("starframe: error: no practice case `nobody` (available: ")
    broken = starframe("practice", "show", "off", "--cases-dir", drafts, "--stars-dir", drafts)
    assert broken.code == 1
    assert "is broken: SF603" in broken.err


def test_validate_checks_a_case_against_the_star_in_its_folder(
    starframe: Starframe, drafts: Path
) -> None:
    good = starframe("validate", drafts / "sam.yaml")
    assert (good.code, good.out) == (0, "")
    bad = starframe("validate", drafts / "off.yaml", "--format", "json")
    assert bad.code == 1
    [problem] = json.loads(bad.out)
    assert (problem["code"], problem["line"]) == ("SF603", 15)


def test_validate_a_folder_checks_its_cases_too(starframe: Starframe, drafts: Path) -> None:
    run = starframe("validate", drafts)
    assert run.code == 1
    assert "off.yaml:15:12: error SF603" in run.out
    assert "Checked 3 files: 1 error, 0 warnings." in run.err


def test_validate_a_case_whose_star_is_nowhere_is_sf605(
    starframe: Starframe, tmp_path: Path
) -> None:
    case = tmp_path / "lost.yaml"
    case.write_text(tiny_case_text("lost"), encoding="utf-8")
    run = starframe("validate", case)
    assert run.code == 1
    assert "error SF605: the Star of this case is not available: no Star `tiny@1.0`" in run.out


def test_validate_the_bundled_cases(starframe: Starframe) -> None:
    run = starframe("validate", JUSTICE_CASES, "--strict")
    assert run.code == 0, run.out
    assert "Checked 3 files: 0 errors, 0 warnings." in run.err


def test_the_practice_group_is_cheap_to_start() -> None:
    """Listing commands must not import the practice core, pydantic or the statistics."""
    code = (
        "import sys, starframe.cli\n"
        "loaded = [m for m in sys.modules if m.startswith('starframe.practice')]\n"
        "assert loaded == [], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
