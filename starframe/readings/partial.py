"""The well-formed parts of a broken reading file, checked against its Star all the same.

An `N/A` (for `n/a`) must not hide an unknown scale, a score off the ladder or a missing score
until it is fixed: the reading is read again without the values that failed, and the rules that
need its Star run on what is left, so one run shows every problem. Values read as placeholders
(a broken `person` or `date`) are never checked, and the rules that need them wait (SF016).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from starframe.problems import Problem, needs_first
from starframe.readings.models import Reading

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.readings.files import PartialRecord

_BY_SCALE = ("scores", "person_scores", "notes", "not_applicable_reasons")
_STAND_IN: dict[str, Any] = {"person": "partial", "worker": "partial"}
_ATTEMPTS = 4
"""Times a reading is read again: each pass drops what failed, and what is left validates by
the second pass unless a stand-in fails (it cannot); the bound only guards the loop."""


def partial_reading(data: Any) -> tuple[Reading | None, set[str]]:
    """The reading in `data` without the values that fail, and the fields left unchecked
    (their rules wait); None when the Star it names is itself broken."""
    if not isinstance(data, dict):
        return None, set()
    cleaned = dict(data)
    waiting: set[str] = set()
    for _ in range(_ATTEMPTS):
        try:
            reading = Reading.model_validate(cleaned)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                if not _drop(cleaned, error["loc"], waiting):
                    return None, {"star"}
            continue
        return reading, waiting
    return None, waiting


def _drop(cleaned: dict[str, Any], loc: tuple[str | int, ...], waiting: set[str]) -> bool:
    """Leave out the value at `loc`; False when the reading cannot be checked without it."""
    top = loc[0] if loc else None
    if top in ("star", "edition") or not isinstance(top, str):
        return False
    if top == "scores" and len(loc) >= 2 and isinstance(cleaned.get(top), dict):
        # A stand-in score keeps the scale counted as scored (it is: wrongly), so completeness
        # and the scale's id are still checked; the rules on its value wait for a real one.
        cleaned[top] = {**cleaned[top], loc[1]: 1}
        waiting.add(f"scores.{loc[1]}")
    elif top in _BY_SCALE and len(loc) >= 2 and isinstance(cleaned.get(top), dict):
        cleaned[top] = {k: v for k, v in cleaned[top].items() if k != loc[1]}
    elif top in _STAND_IN:
        cleaned[top] = _STAND_IN[top]
    elif top == "date":
        cleaned[top] = dt.date(1900, 1, 1)
        waiting.add("date")
    else:
        cleaned.pop(top, None)
        if top == "status":
            waiting.add("status")
    return True


def star_problems(record: PartialRecord, catalog: Catalog, *, today: dt.date) -> list[Problem]:
    """The rules between `record` (a partial reading) and its Star, placed in its file, and a
    note for the rules that wait on a broken part. None when the Star is not available: saying
    so is the store's, once the file is fixed."""
    from starframe.catalog import StarNotFound
    from starframe.readings.check import reading_violations

    reading = record.model
    assert isinstance(reading, Reading)
    try:
        star = catalog.entry(reading.star, reading.edition).star()
    except StarNotFound:
        return []
    waiting = record.waiting
    stood_in = {part.split(".", 1)[1] for part in waiting if part.startswith("scores.")}
    found = [
        violation
        for violation in reading_violations(reading, star, today=today)
        # The person's view is compared with the worker's score, which is a stand-in here.
        if _about(violation.path, "person_scores") not in stood_in
        and not (violation.code == "SF704" and "status" in waiting)
    ]
    problems = record.problems(found)
    if "status" in waiting:
        problems.append(needs_first(record.file, 1, "`status`", *_where(record, "status")))
    return problems


def _about(path: tuple[str | int, ...], section: str) -> str | int | None:
    """The scale a path in `section` is about (`person_scores`, `home` → `home`)."""
    return path[1] if len(path) > 1 and path[0] == section else None


def _where(record: PartialRecord, part: str) -> tuple[int, int]:
    from starframe.documents.document import read_document

    doc = read_document(record.text, record.file)
    pos = doc.locate((part,), key=True)
    return pos.line + record.line - 1, pos.column
