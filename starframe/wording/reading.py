"""A workbook's cells checked against the Star they claim to word: the table, or problems.

Every problem is reported at its cell (`wording.xlsx:Ladders!D14`), all in one run, with the
SF8xx codes of docs/errors.md. The structure (sheets, columns, ids, points, stages) must be as
exported; texts are checked for what a cell can get wrong (formulas, numbers, empty required
wording, length). Rules of the definition itself are checked afterwards, on the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starframe.definition.models import Star
from starframe.limits import MAX_PROBLEMS
from starframe.problems import Problem, stop_checking
from starframe.wording.layout import (
    COMMENT,
    KEY_HEADERS,
    TEXT_FIELDS,
    field_of,
    key_cells,
    parse_text_header,
)
from starframe.wording.texts import (
    CELL_LIMIT,
    LENGTH_LIMITS,
    REQUIRED,
    SHEETS,
    Row,
    SheetName,
    Wording,
    star_rows,
    text_value,
)

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class GridCell:
    value: object
    formula: bool = False


Grid = list[list[GridCell]]


class Problems:
    """Collects problems up to MAX_PROBLEMS, then one that says checking stopped."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.found: list[Problem] = []
        self.unchecked = 0

    def add(self, code: str, message: str, sheet: str = "", row: int = 0, column: int = 0) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.unchecked += 1
            return
        self.found.append(Problem(code, "error", message, self.shown, row, column, sheet))

    def all(self) -> list[Problem]:
        if self.unchecked:
            return [
                *self.found,
                stop_checking(self.shown, len(self.found), self.unchecked, "cells were"),
            ]
        return self.found


def wording_from_grids(
    star: Star, facts: dict[str, str], grids: dict[str, Grid], shown: str
) -> tuple[Wording | None, list[Problem]]:
    """The table a workbook holds for `star`, or None with every problem found."""
    problems = Problems(shown)
    if facts.get("Star") and (facts.get("Star"), facts.get("Edition")) != (star.id, star.edition):
        problems.add(
            "SF808",
            f"this workbook is for {facts.get('Star')}@{facts.get('Edition')}, not "
            f"{star.id}@{star.edition}: import it into that Star's file, or export a new "
            "workbook from this one.",
            "How to use",
            3,
            2,
        )
        return None, problems.all()
    expected = star_rows(star)
    languages: list[str] = [star.language]
    parsed: list[tuple[SheetName, dict[int, tuple[str, str]]]] = []
    for sheet in SHEETS:
        grid = grids.get(sheet)
        if grid is None:
            problems.add(
                "SF802",
                f"the sheet `{sheet}` is missing: every exported sheet must come back; "
                "export the workbook again and copy the texts into it.",
                sheet,
            )
            continue
        columns = _check_header(sheet, grid, star.language, problems)
        if columns is None:
            continue
        for _, language in columns.values():
            if language not in languages:
                languages.append(language)
        parsed.append((sheet, columns))
    wording = Wording(star.id, star.edition, star.language, tuple(languages[1:]), expected)
    for language in languages:
        wording.texts[language] = {}
    for sheet, columns in parsed:
        rows = [r for r in expected if r.sheet == sheet]
        _read_rows(sheet, grids[sheet], rows, columns, wording, problems)
    if problems.found:
        return None, problems.all()
    return wording, []


def _check_header(
    sheet: SheetName, grid: Grid, own: str, problems: Problems
) -> dict[int, tuple[str, str]] | None:
    """Column index (0-based) → (field, language) of each text column, or None if broken."""
    header = [c.value for c in grid[0]] if grid else []
    while header and header[-1] in (None, ""):
        header.pop()
    keys = KEY_HEADERS[sheet]
    found_keys = tuple(header[: len(keys)])
    if found_keys != keys:
        problems.add(
            "SF802",
            f"the first columns must be {', '.join(keys)} (found "
            f"{', '.join(str(v) for v in found_keys) or 'nothing'}): restore the columns as "
            "exported.",
            sheet,
            1,
            1,
        )
        return None
    columns: dict[int, tuple[str, str]] = {}
    ok = True
    for index, value in enumerate(header[len(keys) :], start=len(keys)):
        if value == COMMENT:
            continue
        parsed = parse_text_header(value) if isinstance(value, str) else None
        if parsed is None or parsed[0] not in TEXT_FIELDS[sheet] or not LANGUAGE.match(parsed[1]):
            problems.add(
                "SF802",
                f"`{value}` is not a column of the {sheet} sheet: text columns are headed "
                f"`field (language)`, e.g. `{TEXT_FIELDS[sheet][0]} (cy)`; remove it or "
                "restore its heading.",
                sheet,
                1,
                index + 1,
            )
            ok = False
            continue
        columns[index] = parsed
    present = set(columns.values())
    for language in sorted({lang for _, lang in present} | {own}):
        for field_name in TEXT_FIELDS[sheet]:
            if (field_name, language) not in present:
                problems.add(
                    "SF802",
                    f"the column `{field_name} ({language})` is missing: restore it as "
                    "exported (leave its cells empty to keep a translation unwritten).",
                    sheet,
                    1,
                    len(header) + 1,
                )
                ok = False
    return columns if ok else None


def _read_rows(
    sheet: SheetName,
    grid: Grid,
    rows: list[Row],
    columns: dict[int, tuple[str, str]],
    wording: Wording,
    problems: Problems,
) -> None:
    body = grid[1:]
    while body and all(c.value in (None, "") for c in body[-1]):
        body.pop()
    if len(body) != len(rows):
        problems.add(
            "SF803",
            f"the sheet has {len(body)} rows of texts; {wording.star_id}@{wording.edition} has "
            f"{len(rows)}: rows are not added or removed here (change the Star's structure in "
            "its YAML, then export again).",
            sheet,
            len(body) + 1,
            1,
        )
        return
    width = len(KEY_HEADERS[sheet])
    for number, (cells, row) in enumerate(zip(body, rows, strict=True), start=2):
        cells = cells + [GridCell(None)] * (max(columns, default=0) + 1 - len(cells))
        for index, wanted in enumerate(key_cells(row)):
            got = cells[index].value if index < len(cells) else None
            if _cell_key(got) != str(wanted):
                problems.add(
                    "SF803",
                    f"`{KEY_HEADERS[sheet][index]}` was `{wanted}` in the exported workbook "
                    f"(found `{'' if got is None else got}`): ids, points and stages are not "
                    "edited here; restore it, and keep the rows in their order.",
                    sheet,
                    number,
                    index + 1,
                )
                break
        else:
            for index, (column_field, language) in columns.items():
                if index < width:
                    continue
                field_name = field_of(row, column_field)
                take(
                    cells[index],
                    row,
                    field_name,
                    language,
                    wording,
                    problems,
                    sheet,
                    number,
                    index + 1,
                )
            comment_at = _comment_column(grid)
            if comment_at is not None and comment_at < len(cells):
                note = cells[comment_at].value
                if isinstance(note, str) and note.strip():
                    wording.comments[(sheet, row.item, row.point)] = note


def take(
    cell: GridCell,
    row: Row,
    field_name: str,
    language: str,
    wording: Wording,
    problems: Problems,
    sheet: str,
    number: int,
    column: int,
) -> None:
    """Check one text cell and add it to `wording`; an empty translation stays missing."""
    value = _cell_text(cell, sheet, number, column, problems)
    if value is None:
        return
    text = text_value(field_name, value)
    if text is None:
        if language == wording.language and (row.sheet, field_name) in REQUIRED:
            problems.add(
                "SF804",
                f"{what(row, field_name)} is empty: the Star's own wording ({language}) is "
                "required; write it.",
                sheet,
                number,
                column,
            )
        return
    limit = LENGTH_LIMITS.get(field_name, CELL_LIMIT)
    if len(value.strip()) > limit:
        problems.add(
            "SF805",
            f"{what(row, field_name)} is {len(value.strip())} characters long; at most "
            f"{limit} are allowed: shorten it.",
            sheet,
            number,
            column,
        )
        return
    wording.texts[language][row.key(field_name)] = text


def _comment_column(grid: Grid) -> int | None:
    for index, cell in enumerate(grid[0]):
        if cell.value == COMMENT:
            return index
    return None


def _cell_key(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _cell_text(cell: GridCell, sheet: str, row: int, column: int, problems: Problems) -> str | None:
    """The cell as text ("" when empty), or None after reporting a formula or a non-text."""
    if cell.formula:
        problems.add(
            "SF806",
            "this cell holds a formula: type the wording itself (starframe reads no formulas).",
            sheet,
            row,
            column,
        )
        return None
    if cell.value is None:
        return ""
    if not isinstance(cell.value, str):
        problems.add(
            "SF807",
            f"this cell holds a {type(cell.value).__name__}, not text: format the cell as "
            "text and type the wording again.",
            sheet,
            row,
            column,
        )
        return None
    if len(cell.value) > CELL_LIMIT:
        problems.add(
            "SF805",
            f"this cell is {len(cell.value):,} characters long; at most {CELL_LIMIT:,} are "
            "allowed: shorten it.",
            sheet,
            row,
            column,
        )
        return None
    return cell.value


def what(row: Row, field_name: str) -> str:
    if row.sheet == "Star":
        return f"the Star's `{field_name}`"
    if row.sheet == "Journey":
        return f"stage `{row.item}` › `{field_name}`"
    if row.sheet == "Scales":
        return f"scale `{row.item}` › `{field_name}`"
    return f"scale `{row.item}` point {row.point}"
