"""Translation coverage ("cy 16%, partial") in `stars list` and `stars show`, through the CLI.

`stars list` reads it from the check cache (no file loaded), `validate` counts it on the loaded
files (SF504): both must give the same figures, on a cold cache and a warm one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import TINY_STAR

STARFRAME = str(Path(sys.executable).parent / "starframe")

PARTIAL_CY = """\
starframe: 1
kind: translation
star: tiny
edition: "1.0"
language: cy
complete: false
name: Seren Fach
journey:
  early:
    name: Dyddiau cynnar
scales:
  home:
    name: Cartref
    label: null
    ladder:
      1: Does gen i unman i fyw.
"""


WITH_ORPHAN = PARTIAL_CY.replace("scales:\n", "  nowhere:\n    name: Unman\nscales:\n")


def _drafts(tmp_path: Path, translation: str) -> Path:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tiny.yaml").write_text(TINY_STAR.read_text(encoding="utf-8"), encoding="utf-8")
    (drafts / "tiny.cy.yaml").write_text(translation, encoding="utf-8")
    return drafts


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    return subprocess.run(
        [STARFRAME, *args], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def _tiny(tmp_path: Path, drafts: Path) -> dict[str, object]:
    listed = _run(tmp_path, "stars", "list", "--json", "--stars-dir", str(drafts))
    assert listed.returncode == 0, listed.stderr
    record: dict[str, object] = next(r for r in json.loads(listed.stdout) if r["id"] == "tiny")
    return record


def test_stars_list_shows_a_partial_translations_coverage_as_validate_counts_it(
    tmp_path: Path,
) -> None:
    drafts = _drafts(tmp_path, WITH_ORPHAN)
    checked = _run(tmp_path, "validate", "--strict", str(drafts / "tiny.cy.yaml"))
    counted = re.search(r"cy (\d+)%, partial.*?(\d+) of (\d+) strings", checked.stdout, re.S)
    assert counted, checked.stdout
    percent, done, total = counted.groups()
    for _cold_then_warm in range(2):
        record = _tiny(tmp_path, drafts)
        assert record["languages"] == ["en", "cy"]
        assert record["translations"] == [
            {
                "language": "cy",
                "translated": int(done),
                "strings": int(total),
                "percent": f"{percent}%",
                "complete": False,
                "shown": f"cy {percent}%, partial",
            }
        ]
        table = _run(tmp_path, "stars", "list", "--stars-dir", str(drafts)).stdout
        assert f"en; cy {percent}%, partial" in table
    # The stage `nowhere` is not the Star's (SF501): it does not count as translated.
    assert int(done) == 4


def test_a_translation_not_marked_partial_shows_its_share_and_a_whole_one_its_language(
    tmp_path: Path,
) -> None:
    drafts = _drafts(tmp_path, PARTIAL_CY.replace("complete: false\n", ""))
    record = _tiny(tmp_path, drafts)
    assert record["translations"][0]["shown"] == f"cy {record['translations'][0]['percent']}"  # type: ignore[index]
    assert record["translations"][0]["complete"] is True  # type: ignore[index]


def test_stars_show_names_the_languages_and_what_a_partial_translation_leaves_in_english(
    tmp_path: Path,
) -> None:
    drafts = _drafts(tmp_path, PARTIAL_CY)
    record = _tiny(tmp_path, drafts)
    found = record["translations"][0]  # type: ignore[index]
    shown = _run(tmp_path, "stars", "show", "tiny", "--stars-dir", str(drafts))
    assert shown.returncode == 0, shown.stderr
    assert f"Languages: en; cy {found['percent']}, partial" in shown.stdout
    assert "Shown in" not in shown.stdout
    welsh = _run(tmp_path, "stars", "show", str(drafts / "tiny.yaml"), "--lang", "cy")
    assert welsh.returncode == 0, welsh.stderr
    assert "Seren Fach" in welsh.stdout
    untranslated = found["strings"] - found["translated"]
    assert (
        f"Shown in cy {found['percent']}, partial: {untranslated} of {found['strings']} strings "
        "are not translated and are shown in en." in " ".join(welsh.stdout.split())
    )


def test_the_bundled_welsh_translation_is_listed_as_partial(tmp_path: Path) -> None:
    listed = _run(tmp_path, "stars", "list")
    assert re.search(r"Justice Star\s+en; cy \d+%, partial", listed.stdout), listed.stdout


def test_a_language_written_in_capitals_is_listed_in_its_canonical_form(tmp_path: Path) -> None:
    drafts = _drafts(tmp_path, PARTIAL_CY.replace("language: cy", "language: CY"))
    record = _tiny(tmp_path, drafts)
    assert record["languages"] == ["en", "cy"]
    shown = _run(tmp_path, "stars", "show", "tiny", "--lang", "cy", "--stars-dir", str(drafts))
    assert shown.returncode == 0, shown.stderr
    assert "Seren Fach" in shown.stdout
