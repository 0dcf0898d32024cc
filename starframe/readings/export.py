"""Exports: CSV for spreadsheets, JSON Lines to move or back up, and one person's data.

The CSV holds codes, never display names, and every text cell that a spreadsheet would run
as a formula (starting with = + - @, tab or carriage return, at its start or after any line
break inside it) gets a quote there. Rows end in CRLF (RFC 4180), so any cell holding a CR or
an LF is quoted and a line break in a note can never start a new row.
A filtered JSON Lines export carries the definitions, workers and people its readings refer
to, so `starframe readings import` can rebuild them in an empty database, even one where the
Star's plugin was never installed. An unfiltered one is the whole database
(`starframe.transfer.export`): everyone recorded, with readings or not, the audit log and the
practice records too. Either carries each record's stamps (when it was stored, a reading's
last change and revision), so an import keeps when things were recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from starframe.characters import shown_json

if TYPE_CHECKING:
    from starframe.readings.models import Reading
    from starframe.readings.reader import Reader

CSV_COLUMNS = (
    "reading_id",
    "person",
    "worker",
    "star",
    "edition",
    "date",
    "mode",
    "retrospective",
    "status",
    "scale",
    "score",
    "stage",
    "person_score",
    "not_applicable_reason",
    "note",
)
_FORMULA = re.compile(r"(^|\r\n|\r|\n)(?=[=+\-@\t\r])")
"""A line (the cell's first, or one after a line break) starting as a formula would."""


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula, made inert with a quote before each such line.

    A spreadsheet that splits a cell at its line breaks must not find a formula either.
    """
    if isinstance(value, str):
        return _FORMULA.sub(r"\1'", value)
    return value


def write_csv(reader: Reader, readings: Sequence[Reading], out: TextIO) -> int:
    """One row per reading and scale of its Star; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for reading in readings:
        assert reading.definition is not None
        star = reader.star(reading.definition)
        for scale in star.scales:
            score = reading.scores.get(scale.id)
            stage = star.stage_of(score).name if isinstance(score, int) else ""
            cells = (
                reading.id,
                reading.person,
                reading.worker,
                reading.star,
                reading.edition,
                reading.date.isoformat(),
                reading.mode,
                "yes" if reading.retrospective else "no",
                reading.status,
                scale.id,
                "" if score is None else score,
                stage,
                reading.person_scores.get(scale.id, ""),
                reading.not_applicable_reasons.get(scale.id, ""),
                reading.notes.get(scale.id, ""),
            )
            writer.writerow([safe_cell(cell) for cell in cells])
            rows += 1
    return rows


def jsonl_records(reader: Reader, readings: Sequence[Reading]) -> Iterator[dict[str, Any]]:
    """Definitions, then workers, then people the readings refer to, then the readings."""
    hashes = {r.definition for r in readings if r.definition}
    for record in reader.definitions_used(hashes):
        yield record.model_dump(mode="json")
    workers = {r.worker for r in readings}
    for worker in reader.workers(stamped=True):
        if worker.code in workers:
            yield worker.model_dump(mode="json", exclude_none=True)
    people = {r.person for r in readings}
    for person in reader.people(stamped=True):
        if person.code in people:
            yield person.model_dump(mode="json", exclude_none=True)
    for reading in readings:
        yield reading.document()


def write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        # Stored text may hold C1 controls (written before they were refused): as \u escapes
        # they move unchanged and never reach a terminal raw.
        out.write(shown_json(json.dumps(record, ensure_ascii=False, separators=(",", ":"))) + "\n")
        count += 1
    return count


def person_export(reader: Reader, code: str) -> dict[str, Any]:
    """Everything held about one person, for a request to see their data."""
    person = reader.person(code)
    readings = reader.readings(person=code)
    workers = {r.worker for r in readings}
    return {
        "starframe": 1,
        "kind": "person-export",
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "person": person.model_dump(mode="json", exclude_none=True),
        "readings": [reading.document() for reading in readings],
        "workers": [
            worker.model_dump(mode="json") for worker in reader.workers() if worker.code in workers
        ],
        "audit": [
            {
                "at": entry.at.isoformat(timespec="seconds"),
                "actor": entry.actor,
                "action": entry.action,
                "reading": entry.reading,
                "details": entry.details,
                "reason": entry.reason,
            }
            for entry in reader.audit_entries(person=code)
        ],
    }
