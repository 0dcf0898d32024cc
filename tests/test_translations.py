"""Translations: checked against their Star with positions, applied string by string."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from starframe.catalog import StarNotFound, build_catalog, translation_problems
from starframe.definition.load import load_star_file
from starframe.definition.translation import (
    apply_translation,
    check_against,
    load_translation_text,
)
from starframe.plugins.host import make_plugin_host
from tests.conftest import SHIPPED_STARS, TINY_STAR

STARFRAME = str(Path(sys.executable).parent / "starframe")
WELSH = SHIPPED_STARS["justice"].parent / "justice.cy.yaml"

TINY_CY = """\
starframe: 1
kind: translation
star: tiny
edition: "1.0"
language: cy
name: Seren Fach
journey:
  early:
    name: Dyddiau cynnar
scales:
  home:
    name: Cartref
    label: Cartref
    ladder:
      1: Does gen i unman i fyw.
"""


def _tiny_star():  # type: ignore[no-untyped-def]
    star = load_star_file(TINY_STAR).star
    assert star is not None
    return star


def _codes_at(text: str) -> list[tuple[str, int]]:
    loaded = load_translation_text(text, "cy.yaml")
    check_against(loaded, _tiny_star())
    return [(p.code, p.line) for p in loaded.problems]


def test_a_partial_translation_overlays_what_it_has_and_falls_back_for_the_rest() -> None:
    loaded = load_translation_text(TINY_CY, "cy.yaml")
    assert loaded.translation is not None
    star = apply_translation(_tiny_star(), loaded.translation)
    assert star.language == "cy"
    assert star.name == "Seren Fach"
    assert [s.name for s in star.journey] == ["Dyddiau cynnar", "Later on"]
    home = star.scale("home")
    assert (home.name, home.label) == ("Cartref", "Cartref")
    assert home.ladder[1] == "Does gen i unman i fyw."
    assert home.ladder[2] == "I am looking for somewhere with help."
    assert star.scale("money") == _tiny_star().scale("money")


def test_gaps_are_warnings_at_the_key_of_the_stage_or_scale() -> None:
    found = _codes_at(TINY_CY)
    assert all(code == "SF411" for code, _ in found)
    lines = TINY_CY.splitlines()
    assert ("SF411", lines.index("  early:") + 1) in found
    assert ("SF411", lines.index("  home:") + 1) in found
    loaded = load_translation_text(TINY_CY, "cy.yaml")
    check_against(loaded, _tiny_star())
    home = next(p for p in loaded.problems if p.line == lines.index("  home:") + 1)
    assert "summary" in home.message
    assert "ladder points 2–4" in home.message


@pytest.mark.parametrize(
    ("change", "code", "line_text"),
    [
        (("  early:", "  earli:"), "SF501", "  earli:"),
        (("  home:", "  house:"), "SF501", "  house:"),
        (("      1: Does", "      7: Does"), "SF501", "      7: Does"),
        (("language: cy", "language: en"), "SF502", "language: en"),
        (
            ("    label: Cartref", '    label: Cartref\n    prompts: ["Ble?"]'),
            "SF501",
            "    prompts:",
        ),
    ],
)
def test_strings_that_would_never_show_are_errors_at_their_line(
    change: tuple[str, str], code: str, line_text: str
) -> None:
    text = TINY_CY.replace(*change)
    line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(line_text))
    assert (code, line) in _codes_at(text)


def test_a_translation_must_name_an_available_star(tmp_path: Path) -> None:
    catalog = build_catalog(host=make_plugin_host(autoload=False))
    problems = translation_problems(TINY_CY.encode(), "cy.yaml", catalog)
    assert [(p.code, p.line) for p in problems] == [("SF503", 3)]


def test_the_bundled_welsh_translation_names_every_stage_and_scale() -> None:
    catalog = build_catalog()
    assert catalog.languages("justice", "1.0") == ["en", "cy"]
    welsh = catalog.find("justice", language="cy")
    english = catalog.find("justice")
    assert [s.name for s in welsh.journey] == [
        "Yn sownd",
        "Derbyn help",
        "Credu",
        "Dysgu",
        "Hunanddibyniaeth",
    ]
    assert all(w.name != e.name for w, e in zip(welsh.scales, english.scales, strict=True))
    assert all(len(s.label) <= 20 for s in welsh.scales)
    assert welsh.scales[0].ladder == english.scales[0].ladder
    problems = translation_problems(WELSH.read_bytes(), str(WELSH), catalog)
    # Marked partial (`complete: false`) until a Welsh speaker finishes it: one note.
    (note,) = problems
    assert (note.code, note.severity) == ("SF504", "note")
    assert note.message.startswith("cy 16%, partial")


def test_a_partial_translation_lists_its_gaps_again_once_marked_complete() -> None:
    text = TINY_CY.replace("language: cy\n", "language: cy\ncomplete: false\n")
    loaded = load_translation_text(text, "cy.yaml")
    check_against(loaded, _tiny_star())
    assert [(p.code, p.severity) for p in loaded.problems] == [("SF504", "note")]
    assert _codes_at(TINY_CY.replace("language: cy\n", "language: cy\ncomplete: true\n"))
    assert {code for code, _ in _codes_at(TINY_CY)} == {"SF411"}


def test_an_unknown_language_says_which_ones_exist() -> None:
    with pytest.raises(StarNotFound, match=r"no `fr` translation .*languages: en, cy"):
        build_catalog().find("justice", language="fr")


def test_a_broken_translation_is_refused_with_its_place(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tiny.yaml").write_text(TINY_STAR.read_text(encoding="utf-8"), encoding="utf-8")
    (drafts / "tiny.cy.yaml").write_text(TINY_CY.replace("  home:", "  house:"), "utf-8")
    catalog = build_catalog(host=make_plugin_host(autoload=False), stars_dirs=[drafts])
    with pytest.raises(StarNotFound, match=r"tiny\.cy\.yaml:11:3: SF501"):
        catalog.find("tiny", language="cy")


def test_cli_shows_a_star_in_welsh_and_lists_its_languages(tmp_path: Path) -> None:
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    shown = subprocess.run(
        [STARFRAME, "stars", "show", "justice", "--lang", "cy"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "Seren Cyfiawnder" in shown.stdout
    assert "Yn sownd" in shown.stdout
    listed = subprocess.run(
        [STARFRAME, "stars", "list", "--json"], capture_output=True, text=True, env=env, check=True
    )
    justice = next(r for r in json.loads(listed.stdout) if r["id"] == "justice")
    assert justice["languages"] == ["en", "cy"]
    missing = subprocess.run(
        [STARFRAME, "stars", "show", "justice", "--lang", "fr"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 1
    assert "no `fr` translation" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_validates_a_draft_translation_next_to_its_star(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_STAR.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tiny.cy.yaml").write_text(TINY_CY.replace("  home:", "  house:"), "utf-8")
    result = subprocess.run(
        [STARFRAME, "validate", str(tmp_path / "tiny.cy.yaml")],
        capture_output=True,
        text=True,
        env={"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""},
        check=False,
    )
    assert result.returncode == 1
    assert "tiny.cy.yaml:11:3: error SF501" in result.stdout


def test_a_broken_value_hides_no_other_problem_of_the_translation() -> None:
    broken = TINY_CY.replace("    label: Cartref\n", "    label: Cartref a chymdogaeth dda\n")
    broken += "  garden:\n    name: Gardd\n"
    loaded = load_translation_text(broken, "cy.yaml")
    check_against(loaded, _tiny_star())
    found = [(p.code, p.line) for p in loaded.problems if p.is_error]
    # The label too long (SF107), and the unknown scale (SF501) beside it, in one run.
    assert found == [("SF107", 13), ("SF501", 16)], found
    # The broken label is not also "not translated".
    home_gap = [p for p in loaded.problems if p.code == "SF411" and "scale `home`" in p.message]
    assert home_gap
    assert "label" not in home_gap[0].message


def test_translation_errors_point_at_the_place_and_say_the_fix() -> None:
    text = (
        TINY_CY.replace("  early:\n", "  erly:\n")
        + '  money:\n    label: Cartref\n  health:\n    prompts: ["Un", "Dau"]\n'
    )
    loaded = load_translation_text(text, "cy.yaml")
    check_against(loaded, _tiny_star())
    errors = {p.code + ":" + str(p.line): p.message for p in loaded.problems if p.is_error}
    stage = next(m for k, m in errors.items() if "stage `erly`" in m)
    assert "did you mean `early`?" in stage
    label_line = text.splitlines().index("    label: Cartref", 13) + 1
    duplicate = errors[f"SF202:{label_line}"]
    assert "scale `money`'s translated label `Cartref` is also scale `home`'s (line 13)" in (
        duplicate
    )
    assert not any("stage `early`" in p.message for p in loaded.problems)  # the typo, once
    lines = [p.line for p in loaded.problems]
    assert lines == sorted(lines)
    prompts = next(m for m in errors.values() if "prompts" in m)
    assert "a list of 2 prompts (the Star has 0)" in prompts
    assert "remove them: the Star has no prompts for this scale." in prompts
