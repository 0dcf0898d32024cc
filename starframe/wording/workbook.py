"""Write the wording table as an .xlsx workbook a workshop edits, and read it back.

Only features Excel and LibreOffice both read: openpyxl's own cell styles, frozen header rows,
column widths, wrapped text and sheet protection without a password (ids, points and stages are
locked and grey; text cells are not). No macros, no formulas. openpyxl parses the XML through
defusedxml when it is installed (it is a dependency), and the archive's size is checked before
anything is unpacked, so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import io
import math
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

from starframe.limits import MAX_WORKBOOK_BYTES, MAX_WORKBOOK_UNPACKED
from starframe.problems import Problem
from starframe.wording.layout import WIDTHS, headers, key_cells, parse_text_header
from starframe.wording.reading import Grid, GridCell
from starframe.wording.texts import SHEETS, Wording, cell_text

HOW_TO = "How to use"
GREY = "E7E6E6"
HEADER_FILL = "1F4E79"
LINE_POINTS = 15


def _import_openpyxl() -> None:
    """Import openpyxl without numpy, unless numpy is loaded already.

    openpyxl imports numpy (when installed, as it is for the pilot report) only so that numpy
    numbers are accepted as cell values; a wording workbook holds text and whole numbers, and
    numpy was a third of `wording export`'s start-up. Blocking it for openpyxl's own import
    leaves numpy importable later by anything that needs it.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def workbook_bytes(wording: Wording) -> bytes:
    """The workbook for `wording`: a "How to use" sheet, then Star, Journey, Scales, Ladders."""
    _import_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = HOW_TO
    _write_guide(guide, wording)
    locked_fill = PatternFill("solid", fgColor=GREY)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_font = Font(bold=True, color="FFFFFF")
    wrap = Alignment(wrap_text=True, vertical="top")
    languages = wording.all_languages
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        columns = headers(sheet, languages)
        ws.append(columns)
        for index, heading in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index)
            cell.fill = header_fill
            cell.font = header_font
            cell.alignment = wrap
            base = heading.split(" (")[0]
            letter = cell.column_letter
            ws.column_dimensions[letter].width = WIDTHS.get(base, 30)
        keys = len(columns) - 1 - sum(1 for h in columns if parse_text_header(h))
        for row in (r for r in wording.rows if r.sheet == sheet):
            values: list[Any] = list(key_cells(row))
            for heading in columns[keys:-1]:
                parsed = parse_text_header(heading)
                assert parsed is not None
                field_name = row.fields[0] if sheet == "Star" else parsed[0]
                text = wording.texts.get(parsed[1], {}).get(row.key(field_name))
                values.append(cell_text(text))
            values.append(wording.comments.get((sheet, row.item, row.point), ""))
            ws.append(values)
            number = ws.max_row
            ws.row_dimensions[number].height = _height(values, columns)
            for index in range(1, len(columns) + 1):
                cell = ws.cell(row=number, column=index)
                cell.alignment = wrap
                cell.data_type = "s" if index > keys else cell.data_type
                if index <= keys:
                    cell.fill = locked_fill
                else:
                    cell.protection = Protection(locked=False)
        ws.freeze_panes = ws.cell(row=2, column=keys + 1)
        ws.print_title_rows = "1:1"
        _fit_width(ws)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.formatCells = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_guide(ws: Any, wording: Wording) -> None:
    from openpyxl.styles import Alignment, Font

    others = ", ".join(wording.languages) or "none"
    lines = [
        ("How to use this workbook", ""),
        ("Star", wording.star_id),
        ("Edition", wording.edition),
        ("Language", wording.language),
        ("Translations", others),
        ("", ""),
        (
            "1",
            "Edit the white cells only. Grey columns (ids, points, stages) say where a text "
            "belongs: they are locked and starframe checks them when the workbook comes back.",
        ),
        (
            "2",
            "Each text has a column per language, headed e.g. `name (cy)`. Leave a "
            "translation empty where it is not written yet: the Star's own wording is shown.",
        ),
        ("3", "Prompts: one question per line in the cell (Alt+Enter starts a new line)."),
        ("4", "Use the `comment` column for workshop notes; starframe does not read it."),
        ("5", "Do not add, remove or reorder rows or columns, and type text, not formulas."),
        ("6", f"Then: starframe wording import THIS.xlsx --into {wording.star_id}.yaml"),
    ]
    for left, right in lines:
        ws.append([left or None, right or None])
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ("A2", "A3", "A4", "A5"):
        ws[cell].font = Font(bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows(min_row=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True
    _fit_width(ws)


def _height(values: list[Any], columns: list[str]) -> float:
    """A row's height in points for its wrapped text: neither Excel nor LibreOffice grows a
    row written by openpyxl to fit, so without this the lines of long wording overlap."""
    lines = 1
    for value, heading in zip(values, columns, strict=True):
        if not isinstance(value, str) or not value:
            continue
        width = WIDTHS.get(heading.split(" (")[0], 30) * 1.1
        wrapped = sum(max(1, math.ceil(len(part) / width)) for part in value.split("\n"))
        lines = max(lines, wrapped)
    return LINE_POINTS * lines + 3


def _fit_width(ws: Any) -> None:
    """Printed (and converted to PDF) landscape, one page wide, as a workshop hands it out."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def read_workbook(path: Path, shown: str) -> tuple[dict[str, str], dict[str, Grid], list[Problem]]:
    """The guide's facts (Star, Edition, ...), each sheet's cells, and what was wrong.

    Nothing is trusted: a file that is not an .xlsx archive, is too large, or would unpack too
    far is one SF801 problem and no sheets.
    """
    refused = _refuse_archive(path, shown)
    if refused:
        return {}, {}, [refused]
    _import_openpyxl()
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of features it drops
            book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken archive
        return {}, {}, [_not_workbook(shown, f"it cannot be opened ({type(exc).__name__})")]
    try:
        facts: dict[str, str] = {}
        if HOW_TO in book.sheetnames:
            for values in book[HOW_TO].iter_rows(max_row=6, max_col=2, values_only=True):
                if values and isinstance(values[0], str) and len(values) > 1:
                    facts[values[0]] = "" if values[1] is None else str(values[1])
        grids: dict[str, Grid] = {}
        for sheet in SHEETS:
            if sheet not in book.sheetnames:
                continue
            grid: Grid = []
            for row in book[sheet].iter_rows():
                grid.append(
                    [
                        GridCell(getattr(c, "value", None), getattr(c, "data_type", "n") == "f")
                        for c in row
                    ]
                )
            grids[sheet] = grid
    finally:
        book.close()
    return facts, grids, []


def _refuse_archive(path: Path, shown: str) -> Problem | None:
    try:
        size = path.stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            return _not_workbook(shown, f"it is {size:,} bytes (at most {MAX_WORKBOOK_BYTES:,})")
        if not zipfile.is_zipfile(path):
            return _not_workbook(shown, "it is not an .xlsx file (a zip archive)")
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except OSError as exc:
        return Problem("SF801", "error", f"cannot read the file: {exc.strerror or exc}.", shown)
    except zipfile.BadZipFile:
        return _not_workbook(shown, "its archive is damaged")
    if unpacked > MAX_WORKBOOK_UNPACKED:
        return _not_workbook(shown, f"it unpacks to {unpacked:,} bytes")
    if "xl/workbook.xml" not in names:
        return _not_workbook(shown, "it is a zip archive but not a workbook")
    return None


def _not_workbook(shown: str, why: str) -> Problem:
    return Problem(
        "SF801",
        "error",
        f"not a wording workbook: {why}. Export one with `starframe wording export`, "
        "and save it as .xlsx (or .csv).",
        shown,
    )
