"""The columns of each sheet (and of the CSV table), shared by the writers and the readers.

A text column is headed `field (lang)`, as XLSForm heads `label::cy`: the Star's own language
first, each translation beside it, so a translator fills one column per field.
"""

from __future__ import annotations

import re

from starframe.wording.texts import (
    LADDER_FIELD,
    SCALE_FIELDS,
    STAGE_FIELDS,
    Row,
    SheetName,
)

KEY_HEADERS: dict[SheetName, tuple[str, ...]] = {
    "Star": ("field",),
    "Journey": ("id", "points"),
    "Scales": ("id",),
    "Ladders": ("scale", "point", "stage"),
}
"""Columns that identify a row (locked, grey): checked on the way back, never applied."""

TEXT_FIELDS: dict[SheetName, tuple[str, ...]] = {
    "Star": ("text",),
    "Journey": STAGE_FIELDS,
    "Scales": SCALE_FIELDS,
    "Ladders": (LADDER_FIELD,),
}
"""Text columns per sheet; the Star sheet has one row per field and one `text` column."""

COMMENT = "comment"

WIDTHS = {
    "field": 12,
    "id": 22,
    "scale": 22,
    "points": 8,
    "point": 7,
    "stage": 16,
    "name": 28,
    "label": 20,
    "text": 70,
    "summary": 55,
    "guidance": 45,
    "prompts": 50,
    LADDER_FIELD: 70,
    COMMENT: 36,
}

_HEADER = re.compile(r"^([a-z]+) \(([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)$")


def text_header(field_name: str, language: str) -> str:
    return f"{field_name} ({language})"


def parse_text_header(header: str) -> tuple[str, str] | None:
    """`("summary", "cy")` from `summary (cy)`; None for any other heading."""
    found = _HEADER.match(header.strip())
    return (found.group(1), found.group(2)) if found else None


def headers(sheet: SheetName, languages: tuple[str, ...]) -> list[str]:
    columns = list(KEY_HEADERS[sheet])
    for field_name in TEXT_FIELDS[sheet]:
        columns += [text_header(field_name, language) for language in languages]
    return [*columns, COMMENT]


def key_cells(row: Row) -> tuple[str | int, ...]:
    """What a row's locked columns hold."""
    if row.sheet == "Star":
        return (row.fields[0],)
    if row.sheet == "Journey":
        return (row.item, row.shown)
    if row.sheet == "Scales":
        return (row.item,)
    return (row.item, row.point, row.shown)


def field_of(row: Row, column_field: str) -> str:
    """The text a column holds for `row` (the Star sheet's `text` is the row's own field)."""
    return row.fields[0] if row.sheet == "Star" else column_field
