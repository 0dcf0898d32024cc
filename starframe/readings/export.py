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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from starframe.characters import shown_json

if TYPE_CHECKING:
    from starframe.definition.models import Star
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
    if isinstance(value, str) and value:
        if value[0] not in _STARTS and "\n" not in value and "\r" not in value:
            return value  # the usual cell, checked without the expression: ten million a run
        return _FORMULA.sub(r"\1'", value)
    return value


_STARTS = frozenset("=+-@\t\r")


def write_csv(reader: Reader, readings: Iterable[Reading], out: TextIO) -> Exported:
    """One row per reading and scale of its Star, written as each reading is read.

    What a row shares with the reading's other rows (its id, person, date…) and what a scale
    shares with every reading of the Star (its id, each score's stage) is made safe once.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    done = Exported()
    stars: dict[str, tuple[Star, list[tuple[str, object]]]] = {}
    stages: dict[tuple[str, int], object] = {}
    for reading in readings:
        definition = reading.definition
        assert definition is not None
        known = stars.get(definition)
        if known is None:
            star = reader.star(definition)
            known = stars[definition] = (star, [(s.id, safe_cell(s.id)) for s in star.scales])
        star, scales = known
        shared = [
            safe_cell(cell)
            for cell in (
                reading.id,
                reading.person,
                reading.worker,
                reading.star,
                reading.edition,
                reading.date.isoformat(),
                reading.mode,
                "yes" if reading.retrospective else "no",
                reading.status,
            )
        ]
        scores, person = reading.scores, reading.person_scores
        reasons, notes = reading.not_applicable_reasons, reading.notes
        rows = []
        for scale, shown in scales:
            score = scores.get(scale)
            stage: object = ""
            if isinstance(score, int):
                stage = stages.get((definition, score), _UNSEEN)
                if stage is _UNSEEN:
                    stage = stages[(definition, score)] = safe_cell(star.stage_of(score).name)
            rows.append(
                [
                    *shared,
                    shown,
                    "" if score is None else score,
                    stage,
                    person.get(scale, ""),
                    safe_cell(reasons.get(scale, "")),
                    safe_cell(notes.get(scale, "")),
                ]
            )
        writer.writerows(rows)
        done.readings += 1
        done.rows += len(rows)
    return done


_UNSEEN = object()


@dataclass
class Exported:
    """How much an export wrote."""

    readings: int = 0
    rows: int = 0
    """Lines of a JSON Lines file, rows of a CSV (one per reading and scale)."""


def jsonl_records(reader: Reader, readings: Sequence[Reading]) -> Iterator[dict[str, Any]]:
    """Definitions, then workers, then people the readings refer to, then the readings."""
    hashes = {r.definition for r in readings if r.definition}
    workers = {r.worker for r in readings}
    people = {r.person for r in readings}
    return _with_references(reader, (hashes, workers, people), readings)


def chosen_records(reader: Reader, filters: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """`jsonl_records` of the readings `filters` choose (as `Reader.readings` takes them),
    each read as it is written: what they refer to is asked of the database first."""
    references = reader.reading_references(**filters)
    return _with_references(reader, references, reader.each_reading(stamped=True, **filters))


def _with_references(
    reader: Reader,
    references: tuple[set[str], set[str], set[str]],
    readings: Iterable[Reading],
) -> Iterator[dict[str, Any]]:
    hashes, workers, people = references
    for record in reader.definitions_used(hashes):
        yield record.model_dump(mode="json")
    for worker in reader.workers(stamped=True):
        if worker.code in workers:
            yield worker.model_dump(mode="json", exclude_none=True)
    for person in reader.each_person(stamped=True):
        if person.code in people:
            yield person.model_dump(mode="json", exclude_none=True)
    for reading in readings:
        yield reading.document()


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`json.dumps(record, ensure_ascii=False, separators=(",", ":"))`, with one encoder for
every line: `dumps` with options builds a new one per call, a sixth of a million-line export."""


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> Exported:
    done = Exported()
    for record in records:
        # Stored text may hold C1 controls (written before they were refused): as \u escapes
        # they move unchanged and never reach a terminal raw.
        out.write(shown_json(_ENCODE(record)) + "\n")
        done.rows += 1
        done.readings += record.get("kind") == "reading"
    return done


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
