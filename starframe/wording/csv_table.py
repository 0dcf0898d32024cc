"""The wording table as one CSV table, one row per text, for people who use other tools.

Columns: `sheet, id, point, field`, one per language (headed by its code), `comment`. It reads
back with the same checks as a workbook; problems point at `file:line:column`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from starframe.definition.models import Star
from starframe.limits import MAX_WORKBOOK_BYTES
from starframe.problems import Problem
from starframe.wording.layout import COMMENT
from starframe.wording.reading import LANGUAGE, GridCell, Problems, take
from starframe.wording.texts import Row, SheetName, Wording, cell_text, star_rows

KEYS = ("sheet", "id", "point", "field")


def _texts(rows: list[Row]) -> list[tuple[Row, str]]:
    return [(row, field_name) for row in rows for field_name in row.fields]


def csv_text(wording: Wording) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*KEYS, *wording.all_languages, COMMENT])
    for row, field_name in _texts(wording.rows):
        key = row.key(field_name)
        values = [cell_text(wording.texts.get(lang, {}).get(key)) for lang in wording.all_languages]
        comment = wording.comments.get((row.sheet, row.item, row.point), "")
        writer.writerow([row.sheet, row.item, row.point or "", field_name, *values, comment])
    return buffer.getvalue()


def _add_note(wording: Wording, key: tuple[SheetName, str, int], note: str) -> None:
    """A row's note: export repeats it on every text of the row, so each distinct one once."""
    kept = wording.comments.get(key)
    if kept is None:
        wording.comments[key] = note
    elif note not in kept.split("\n"):
        wording.comments[key] = f"{kept}\n{note}"


def wording_from_csv(star: Star, path: Path, shown: str) -> tuple[Wording | None, list[Problem]]:
    problems = Problems(shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem("SF801", "error", f"cannot read the file: {exc.strerror}.", shown)]
    if len(raw) > MAX_WORKBOOK_BYTES:
        problems.add("SF801", f"the file is {len(raw):,} bytes: not a wording table.")
        return None, problems.all()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add("SF801", "not UTF-8 text: save the table as CSV UTF-8.")
        return None, problems.all()
    lines = list(csv.reader(io.StringIO(text, newline="")))
    header = lines[0] if lines else []
    languages = header[len(KEYS) :]
    noted = bool(languages) and languages[-1] == COMMENT
    if noted:
        languages = languages[:-1]
    if tuple(header[: len(KEYS)]) != KEYS or not languages or languages[0] != star.language:
        problems.add(
            "SF802",
            f"the first columns must be {', '.join(KEYS)}, then `{star.language}` (the Star's "
            "language), other languages and `comment`: restore the heading row as exported.",
            row=1,
            column=1,
        )
        return None, problems.all()
    for index, language in enumerate(languages, start=len(KEYS) + 1):
        if not LANGUAGE.match(language) or languages.count(language) > 1:
            problems.add("SF802", f"`{language}` is not a language column.", row=1, column=index)
    if problems.found:
        return None, problems.all()
    rows = star_rows(star)
    wording = Wording(star.id, star.edition, star.language, tuple(languages[1:]), rows)
    for language in languages:
        wording.texts[language] = {}
    expected = _texts(rows)
    body = [line for line in lines[1:] if any(cell.strip() for cell in line)]
    if len(body) != len(expected):
        problems.add(
            "SF803",
            f"the table has {len(body)} texts; {star.id}@{star.edition} has {len(expected)}: "
            "rows are not added or removed here.",
            row=len(body) + 1,
            column=1,
        )
        return None, problems.all()
    for number, (cells, (row, field_name)) in enumerate(zip(body, expected, strict=True), 2):
        wanted = (row.sheet, row.item, str(row.point or ""), field_name)
        got = tuple(cell.strip() for cell in cells[: len(KEYS)])
        if got != wanted:
            problems.add(
                "SF803",
                f"this row was `{','.join(wanted)}` in the exported table (found "
                f"`{','.join(got)}`): sheet, id, point and field are not edited; restore them "
                "and keep the rows in their order.",
                row=number,
                column=1,
            )
            continue
        for offset, language in enumerate(languages):
            index = len(KEYS) + offset
            value = cells[index] if index < len(cells) else ""
            formula = value.startswith("=")
            cell = GridCell(value, formula)
            take(cell, row, field_name, language, wording, problems, "", number, index + 1)
        at = len(KEYS) + len(languages)
        note = cells[at].strip() if noted and at < len(cells) else ""
        if note:
            _add_note(wording, (row.sheet, row.item, row.point), note)
    if problems.found:
        return None, problems.all()
    return wording, []
