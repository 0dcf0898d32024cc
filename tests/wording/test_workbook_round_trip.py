"""Wording workbooks: export, edit in a spreadsheet, import back into the author's YAML."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from starframe.definition.load import load_star_file
from starframe.wording.exchange import import_wording
from tests.wording.workbooks import export_beside

ROOT = Path(__file__).resolve().parents[2]
STARFRAME = Path(sys.executable).parent / "starframe"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_unedited_workbook_leaves_every_file_byte_for_byte(justice: Path, suffix: str) -> None:
    before = _snapshot(justice.parent)
    workbook = justice.parent / f"wording{suffix}"
    export_beside(justice, workbook, "cy", "fr")
    result = import_wording(workbook, justice)
    assert result.ok, result.problems
    assert result.written == []
    assert _snapshot(justice.parent) == before  # and no justice.fr.yaml was created


def test_an_edited_cell_changes_only_its_line(justice: Path) -> None:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "cy")
    book = load_workbook(workbook)
    ladders = book["Ladders"]
    assert [c.value for c in ladders[1]][:5] == [
        "scale",
        "point",
        "stage",
        "wording (en)",
        "wording (cy)",
    ]
    assert (ladders["A3"].value, ladders["B3"].value) == ("accommodation", 2)
    ladders["D3"] = "I have a room now and I want to keep it."
    ladders["E3"] = "Mae gen i ystafell."
    ladders["F3"] = "Workshop 2: people asked for plainer words."
    book.save(workbook)
    old_star = justice.read_text(encoding="utf-8").splitlines()
    old_cy = (justice.parent / "justice.cy.yaml").read_text(encoding="utf-8").splitlines()

    result = import_wording(workbook, justice)

    assert result.ok
    new_star = justice.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old_star, new_star, strict=True) if a != b]
    assert changed == [
        (
            "      2: I am sleeping rough, sofa surfing or about to lose my place. I know it is "
            "bad, but I can't see what anyone could do.",
            "      2: I have a room now and I want to keep it.",
        )
    ]
    new_cy = (justice.parent / "justice.cy.yaml").read_text(encoding="utf-8").splitlines()
    assert set(new_cy) - set(old_cy) == {"    ladder:", "      2: Mae gen i ystafell."}
    assert set(old_cy) <= set(new_cy)  # the translator's comments and layout stay
    star = load_star_file(justice).star
    assert star is not None
    assert star.scales[0].ladder[2] == "I have a room now and I want to keep it."


def test_a_missing_translation_file_is_created(justice: Path) -> None:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "fr")
    book = load_workbook(workbook)
    book["Journey"]["D2"] = "Bloqué"  # name (fr) of the first stage
    assert book["Journey"]["C1"].value == "name (en)"
    assert book["Journey"]["D1"].value == "name (fr)"
    book.save(workbook)

    result = import_wording(workbook, justice)

    assert result.ok
    created = justice.parent / "justice.fr.yaml"
    assert created in result.written
    text = created.read_text(encoding="utf-8")
    assert 'star: justice\nedition: "1.0"\nlanguage: fr\n' in text
    assert "journey:\n  stuck:\n    name: Bloqué\n" in text


def _broken(justice: Path) -> Path:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "cy")
    book = load_workbook(workbook)
    ladders = book["Ladders"]
    ladders["D5"] = "=A1"
    ladders["D6"] = ""
    ladders["A7"] = "accomodation"
    ladders["D8"] = 42
    book["Scales"]["D2"] = "A label far too long for a spoke"
    del book["Journey"]
    book.save(workbook)
    return workbook


def test_bad_cells_are_each_reported_at_their_cell_and_nothing_is_written(justice: Path) -> None:
    before = _snapshot(justice.parent)
    workbook = _broken(justice)

    result = import_wording(workbook, justice)

    assert not result.ok
    assert result.written == []
    assert _snapshot(justice.parent) == before
    found = {(p.code, p.cell) for p in result.problems}
    assert found == {
        ("SF802", "Journey"),
        ("SF806", "Ladders!D5"),
        ("SF804", "Ladders!D6"),
        ("SF803", "Ladders!A7"),
        ("SF807", "Ladders!D8"),
        ("SF805", "Scales!D2"),
    }


def test_the_command_prints_problems_at_sheet_and_cell(justice: Path) -> None:
    workbook = _broken(justice)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    done = subprocess.run(
        [str(STARFRAME), "wording", "import", str(workbook), "--into", str(justice)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"{workbook}:Ladders!D5: error SF806: this cell holds a formula" in done.stdout
    assert "Nothing was written" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_file_that_is_not_a_workbook_is_one_problem(justice: Path) -> None:
    fake = justice.parent / "wording.xlsx"
    fake.write_text("star,wording\n", encoding="utf-8")
    result = import_wording(fake, justice)
    assert [p.code for p in result.problems] == ["SF801"]


def test_a_workbook_of_another_star_is_refused(justice: Path, tmp_path: Path) -> None:
    other = ROOT / "tests/data/tiny-star.yaml"
    workbook = tmp_path / "tiny.xlsx"
    export_beside(other, workbook)
    result = import_wording(workbook, justice)
    assert [(p.code, p.cell) for p in result.problems] == [("SF808", "How to use!B3")]


def test_a_result_that_breaks_the_definition_rules_is_not_written(justice: Path) -> None:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook)
    book = load_workbook(workbook)
    # Two scales with the same label: each cell is fine, the Star is not (SF202).
    book["Scales"]["C3"] = book["Scales"]["C2"].value
    book.save(workbook)
    before = justice.read_bytes()
    result = import_wording(workbook, justice)
    assert not result.ok
    assert "SF202" in {p.code for p in result.problems}
    assert justice.read_bytes() == before


def test_the_workbook_marks_what_is_not_for_editing(justice: Path) -> None:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "cy")
    book = load_workbook(workbook)
    assert book.sheetnames == ["How to use", "Star", "Journey", "Scales", "Ladders"]
    ladders = book["Ladders"]
    assert ladders.protection.sheet
    assert ladders["A2"].protection.locked
    assert not ladders["D2"].protection.locked
    assert ladders.freeze_panes == "D2"
    assert ladders["F1"].value == "comment"
