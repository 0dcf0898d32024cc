"""The workshop's comment column survives the round trip: import keeps the notes beside the
Star, and the next export of that Star file puts them back in their rows."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from starframe.wording.exchange import import_wording
from tests.wording.workbooks import export_beside

ROOT = Path(__file__).resolve().parents[2]
STARFRAME = Path(sys.executable).parent / "starframe"


def _note(book: Workbook, sheet: str, row: int) -> Cell:
    """The comment cell of `row`, found by its heading as a workshop would."""
    headings = [cell.value for cell in book[sheet][1]]
    cell: Cell = book[sheet].cell(row, headings.index("comment") + 1)
    return cell


def _noted(workbook: Path) -> Path:
    book = load_workbook(workbook)
    _note(book, "Ladders", 3).value = "Workshop 1: 'sofa surfing' is not understood."
    _note(book, "Journey", 2).value = "Stuck sounds harsh to people."
    book.save(workbook)
    return workbook


def test_notes_come_back_on_the_next_export_and_the_star_is_untouched(justice: Path) -> None:
    star_before = justice.read_bytes()
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "cy")
    result = import_wording(_noted(workbook), justice)
    assert result.ok, result.problems
    assert justice.read_bytes() == star_before  # notes are not wording
    assert result.notes == 2
    assert result.notes_written == justice.parent / "justice.notes.json"

    again = justice.parent / "again.xlsx"
    export_beside(justice, again, "cy")
    book = load_workbook(again)
    assert _note(book, "Ladders", 3).value == "Workshop 1: 'sofa surfing' is not understood."
    assert _note(book, "Journey", 2).value == "Stuck sounds harsh to people."
    assert _note(book, "Ladders", 4).value in (None, "")

    assert result.notes_written is not None
    kept = result.notes_written.read_bytes()
    unchanged = import_wording(again, justice)
    assert unchanged.ok
    assert unchanged.notes_written is None
    assert result.notes_written.read_bytes() == kept  # byte for byte


def test_a_cleared_note_is_gone_from_the_nextexport_beside(justice: Path) -> None:
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook, "cy")
    import_wording(_noted(workbook), justice)
    export_beside(justice, workbook, "cy")
    book = load_workbook(workbook)
    _note(book, "Journey", 2).value = None
    book.save(workbook)
    assert import_wording(workbook, justice).notes == 1
    export_beside(justice, workbook, "cy")
    book = load_workbook(workbook)
    assert _note(book, "Journey", 2).value in (None, "")
    assert _note(book, "Ladders", 3).value == "Workshop 1: 'sofa surfing' is not understood."


def test_csv_notes_are_kept_too(justice: Path) -> None:
    table = justice.parent / "wording.csv"
    export_beside(justice, table)
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][-1] == "comment"
    at = next(i for i, row in enumerate(rows) if row[:3] == ["Ladders", "accommodation", "2"])
    rows[at][-1] = "Plainer words, please."
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    assert import_wording(table, justice).notes == 1
    workbook = justice.parent / "wording.xlsx"
    export_beside(justice, workbook)
    assert _note(load_workbook(workbook), "Ladders", 3).value == "Plainer words, please."


def test_the_commands_say_the_notes_were_kept(justice: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    environ["STARFRAME_DATA_DIR"] = str(justice.parent / "data")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(STARFRAME), *map(str, args)],
            capture_output=True,
            text=True,
            env=environ,
            timeout=120,
            check=False,
        )

    workbook = justice.parent / "wording.xlsx"
    assert run("wording", "export", justice, "-o", workbook, "--lang", "cy").returncode == 0
    done = run("wording", "import", _noted(workbook), "--into", justice)
    assert done.returncode == 0, done.stderr
    assert f"{justice.parent / 'justice.notes.json'}: 2 workshop notes kept." in done.stdout
    again = run("wording", "export", justice, "-o", workbook, "--lang", "cy", "--force")
    assert again.returncode == 0, again.stderr
    assert "; 2 workshop notes kept." in again.stdout
