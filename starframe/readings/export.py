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
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from starframe.characters import shown_json
from starframe.readings.export_rows import ENCODE, person_documents

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.export_rows import ReadingRows
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


def write_csv(reader: Reader, readings: Iterable[ReadingRows], out: TextIO) -> Exported:
    """One row per reading and scale of its Star, written as each reading is read.

    What a row shares with the reading's other rows (its id, person, date…) is made safe and
    written as text once; what a scale's rows share with every reading of the Star (its id,
    each score's stage) is made once per Star (`export_rows.ScoreLayouts`).
    """
    from starframe.readings.export_rows import ScoreLayouts, reading_document

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    done = Exported()
    layouts = ScoreLayouts(reader.star)
    moments = _no_moments
    for stored in readings:
        row = stored.row
        definition = row["definition_hash"]
        cells = (
            row["id"],
            row["person_code"],
            row["worker_code"],
            row["star_id"],
            row["edition"],
            row["taken_on"].isoformat(),
            row["mode"],
            "yes" if row["retrospective"] else "no",
            row["status"],
        )
        star = layouts.star(definition)
        if stored.scores is None:
            text = ",".join(cells)
            if text.count(",") != len(cells) - 1 or _SPECIAL.search(text):
                text = layouts.shared([safe_cell(cell) for cell in cells])  # quoted or made safe
            else:
                text += ","  # the usual row: no cell to quote or make safe
            out.write(layouts.csv_rows(definition, stored.scales, stored.tokens, text))
        else:
            document = reading_document(
                stored, layouts.rank(definition), stamped=False, moments=moments
            )
            writer.writerows(_rows(star, [safe_cell(cell) for cell in cells], document))
        done.readings += 1
        done.rows += len(star.scales)
    return done


_SPECIAL = re.compile(r'(?:^|,)[=+\-@\t\r]|["\r\n]')
"""In cells joined by commas (none holding one): a cell that `safe_cell` changes, or that
`csv.writer` quotes."""


def _no_moments(value: object) -> str:
    raise AssertionError("a CSV carries no stamps")


def _rows(star: Star, shared: list[object], document: Mapping[str, Any]) -> list[list[object]]:
    """A reading's rows, from its document: one whose scores carry notes or reasons."""
    scores, person = document["scores"], document["person_scores"]
    reasons, notes = document["not_applicable_reasons"], document["notes"]
    rows = []
    for scale in star.scales:
        score = scores.get(scale.id)
        stage = safe_cell(star.stage_of(score).name) if isinstance(score, int) else ""
        rows.append(
            [
                *shared,
                safe_cell(scale.id),
                "" if score is None else score,
                stage,
                person.get(scale.id, ""),
                safe_cell(reasons.get(scale.id, "")),
                safe_cell(notes.get(scale.id, "")),
            ]
        )
    return rows


@dataclass
class Exported:
    """How much an export wrote."""

    readings: int = 0
    rows: int = 0
    """Lines of a JSON Lines file, rows of a CSV (one per reading and scale)."""


Record = dict[str, Any] | str | list[str]
"""A record of a JSON Lines export; a str is a reading already written as its line, a list
other records already written as theirs (a batch of the audit log's)."""


def jsonl_records(reader: Reader, readings: Sequence[Reading]) -> Iterator[Record]:
    """Definitions, then workers, then people the readings refer to, then the readings."""
    hashes = {r.definition for r in readings if r.definition}
    workers = {r.worker for r in readings}
    people = {r.person for r in readings}
    return _with_references(reader, (hashes, workers, people), (r.document() for r in readings))


def chosen_records(reader: Reader, filters: Mapping[str, Any]) -> Iterator[Record]:
    """`jsonl_records` of the readings `filters` choose (as `Reader.readings` takes them),
    each read as it is written: what they refer to is asked of the database first. Each
    reading comes as its line, made straight from its rows (`export_rows`)."""
    readings = reading_lines(reader, **filters)
    return _with_references(reader, reader.reading_references(**filters), readings)


def reading_lines(reader: Reader, **filters: Any) -> Iterator[str]:
    """The JSON Lines line of each reading `Reader.each_reading` gives, with its stamps,
    straight from its rows (`export_rows`): no model is built."""
    from starframe.readings.export_rows import ReadingLines, ScoreLayouts

    lines = ReadingLines(ScoreLayouts(reader.star), stamped=True)
    for stored in reader.each_reading_rows(**filters):
        yield lines.line(stored)


def chosen_documents(reader: Reader, filters: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """`chosen_records` with each reading as its document (what `Reading.document()` gives),
    for what changes records before they are written (`transfer.anonymous`)."""
    readings = reading_documents(reader, stamped=True, **filters)
    return _with_references(reader, reader.reading_references(**filters), readings)


def reading_documents(
    reader: Reader, *, stamped: bool = False, **filters: Any
) -> Iterator[dict[str, Any]]:
    """`Reading.document()` of each reading `Reader.each_reading` gives, straight from its
    rows (`export_rows`): no model is built."""
    from starframe.readings.export_rows import ReadingLines, ScoreLayouts

    lines = ReadingLines(ScoreLayouts(reader.star), stamped=stamped)
    for stored in reader.each_reading_rows(**filters):
        yield lines.document(stored)


def _with_references(
    reader: Reader,
    references: tuple[set[str], set[str], set[str]],
    readings: Iterable[Made],
) -> Iterator[dict[str, Any] | Made]:
    hashes, workers, people = references
    for record in reader.definitions_used(hashes):
        yield record.model_dump(mode="json")
    for worker in reader.workers(stamped=True):
        if worker.code in workers:
            yield worker.model_dump(mode="json", exclude_none=True)
    for person in person_documents(reader.connection):
        if person["code"] in people:
            yield person
    yield from readings


Made = TypeVar("Made", str, dict[str, Any])


def write_jsonl(records: Iterable[Record], out: TextIO) -> Exported:
    """Each record on a line, written a thousand lines at a time."""
    done = Exported()
    lines: list[str] = []
    for record in records:
        if isinstance(record, str):
            lines.append(record)
            done.readings += 1
            done.rows += 1
        elif isinstance(record, list):
            lines.extend(record)
            done.rows += len(record)
        else:
            lines.append(ENCODE(record))
            done.readings += record.get("kind") == "reading"
            done.rows += 1
        if len(lines) >= _LINES_AT_ONCE:
            _write_lines(lines, out)
    _write_lines(lines, out)
    return done


_LINES_AT_ONCE = 1_000


def _write_lines(lines: list[str], out: TextIO) -> None:
    """Stored text may hold C1 controls (written before they were refused): as \\u escapes
    they move unchanged and never reach a terminal raw. `shown_json` leaves line breaks as
    they are (and JSON text holds none), so it is asked once for many lines."""
    if lines:
        out.write(shown_json("\n".join(lines)) + "\n")
        lines.clear()


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
