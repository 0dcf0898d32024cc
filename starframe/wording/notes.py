"""The workshop's notes (a workbook's `comment` column), kept beside the Star between rounds.

A workshop writes notes in the comment column ("people found 'stuck' harsh"); when the
workbook comes back, `wording import` keeps them in `<id>.notes.json` beside the Star file, and
the next `wording export` of that file puts them back in their rows, so the second workshop
sees what the first said. They are kept out of the Star's YAML on purpose: they are the
workshop's words, not the Star's, and the Star's diff should show only the changed texts.
JSON rather than YAML so that a folder of Stars (`--stars-dir`), which reads every YAML file
as a definition, passes it over.

The file is written only when the notes changed, with its keys in the Star's row order, so an
unedited workbook leaves it byte for byte as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from starframe.wording.texts import SheetName, Wording

NoteKey = tuple[SheetName, str, int]
SHEETS: tuple[SheetName, ...] = ("Star", "Journey", "Scales", "Ladders")


def notes_path(star_file: Path, star_id: str) -> Path:
    return star_file.parent / f"{star_id}.notes.json"


def notes_bytes(wording: Wording) -> bytes:
    """The notes file for `wording.comments`, in the Star's row order."""
    order = {(row.sheet, row.item, row.point): i for i, row in enumerate(wording.rows)}
    notes = [
        {"sheet": sheet, "id": item, "point": point, "comment": text}
        for (sheet, item, point), text in sorted(
            wording.comments.items(), key=lambda kv: order.get(kv[0], len(order))
        )
    ]
    document = {
        "kind": "wording-notes",
        "star": wording.star_id,
        "edition": wording.edition,
        "notes": notes,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_notes(path: Path) -> dict[NoteKey, str]:
    """The notes kept in `path`; none when it is missing or not a notes file (they are notes
    only: a damaged file must not stop an export, and the next import rewrites it)."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    found: dict[NoteKey, str] = {}
    notes = document.get("notes") if isinstance(document, dict) else None
    for note in notes if isinstance(notes, list) else []:
        if not isinstance(note, dict):
            continue
        sheet, item, point, text = (note.get(k) for k in ("sheet", "id", "point", "comment"))
        shaped = sheet in SHEETS and isinstance(item, str) and isinstance(point, int)
        if shaped and isinstance(text, str) and text.strip():
            found[(cast(SheetName, sheet), cast(str, item), cast(int, point))] = text
    return found


def with_notes(wording: Wording, notes: dict[NoteKey, str]) -> Wording:
    """`wording` with the kept notes of rows it still has (a row since removed drops its)."""
    rows = {(row.sheet, row.item, row.point) for row in wording.rows}
    wording.comments.update({key: text for key, text in notes.items() if key in rows})
    return wording
