"""Read reading files and JSON Lines exports into models, with every problem at file:line:col.

A reading file is one YAML (or JSON) document, read like a Star definition so the same
positioned messages appear. A `.jsonl` export may hold 100,000 records: each line is parsed
with the json module and validated directly; only a line that fails needs positions, and
`json_line.py` finds them in the line json read (reading it again as YAML cost five times as
much), so an error still points at its line and column without slowing every line.
Which kinds of record a file may hold is the caller's (`read_file`): readings' own are
`MODELS`, and a whole-database export adds the audit log's and practice's
(`starframe.transfer.records`), read the same way. Integers are read with a bound on their
digits, so a crafted one is a problem at its line and column rather than the end of the import.

JSON Lines is what `starframe readings export` writes: its records come from a database, and
their text is stored text (`STORED_TEXT`), which may hold control characters written before
they were refused; it moves unchanged and is escaped wherever it is shown. A reading file is new
input, refused them (SF110).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, Field, StrictInt, StringConstraints, ValidationError

from starframe.definition.models import STORED_TEXT
from starframe.definition.rules import Violation
from starframe.documents.document import BOM, Document, read_document
from starframe.documents.header import check_header, header_read, is_format_version
from starframe.documents.inputs import read_problem
from starframe.documents.validation import report_errors, validate_model
from starframe.limits import MAX_DEPTH, MAX_PROBLEMS
from starframe.problems import Problem, stop_checking
from starframe.readings.json_line import json_line_document
from starframe.readings.models import (
    CODE_PATTERN,
    EDITION_PATTERN,
    HASH_PATTERN,
    READING_ID_PATTERN,
    DefinitionRecord,
    Person,
    Reading,
    Team,
    Worker,
)

Kinds = Mapping[str, type[BaseModel]]
"""A record's `kind` → the model it is read as."""
MODELS: Kinds = {
    "reading": Reading,
    "person": Person,
    "worker": Worker,
    "team": Team,
    "definition": DefinitionRecord,
}
"""The kinds of record readings are moved in: a reading and what it refers to."""
JSON_LINES = (".jsonl", ".ndjson")
MAX_DIGITS = 100
"""Digits of the longest integer read from JSON Lines: far beyond any score or count, and far
below the 4,300 at which Python refuses to convert one (which would end the import)."""


@dataclass(frozen=True)
class Record:
    """One model read from a file, with where it came from to place later problems."""

    model: BaseModel
    file: str
    line: int
    """Line of the file the record's text starts on."""
    text: str
    stored: bool = False
    """Read from a JSON Lines export: what a database held, perhaps before a newer rule."""
    checked: object = None
    """What the process that read it found checking it against its Star (`writer.Checked`),
    so the writer need not check again; None: not checked yet."""

    def problems(self, violations: list[Violation]) -> list[Problem]:
        """Problems found after reading (e.g. against the Star), at their place in the file."""
        return placed_problems(self.text, self.file, self.line, violations, stored=self.stored)

    def problem(self, code: str, message: str, path: tuple[str | int, ...] = ()) -> Problem:
        return self.problems([Violation(code, path, message)])[0]


def placed_problems(
    text: str, file: str, line: int, violations: list[Violation], *, stored: bool
) -> list[Problem]:
    """Problems found after reading the record `text` (line `line` of `file`), placed in it;
    `stored`: a JSON Lines line."""
    if stored:  # a line json has read: placed again without YAML
        data = _PLAIN.decode(text)
        placed = json_line_document(text, file, line, data)
        if placed is not None:
            return [placed.problem(v.code, v.message, v.path, key=v.key) for v in violations]
    doc = read_document(text, file)
    return [_shift(doc.problem(v.code, v.message, v.path, key=v.key), line) for v in violations]


@dataclass(frozen=True)
class PartialRecord(Record):
    """A reading read without the values that failed; `waiting` names the parts left out whose
    rules must wait for them."""

    waiting: frozenset[str] = frozenset()


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """File → text, to show the offending line under each problem."""
    partial: PartialRecord | None = None
    """A reading file that failed: the reading without what failed, to check against its Star
    all the same (`readings.partial`), so one run shows every problem."""

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def read_reading_file(path: Path, *, display: str | None = None) -> ReadResult:
    """Exactly one reading, from a YAML or JSON file."""
    return _read(path, display, MODELS, only="reading")


def read_file(path: Path, kinds: Kinds, *, display: str | None = None) -> ReadResult:
    """Records of the given kinds from a YAML or JSON file (one) or a JSON Lines export."""
    return _read(path, display, kinds, only=None)


def _read(path: Path, display: str | None, kinds: Kinds, *, only: str | None) -> ReadResult:
    shown = display or str(path)
    result = ReadResult()
    raw, refused = read_problem(path, display=shown)
    if refused:
        result.problems.append(refused)
        return result
    if only is None and path.suffix.lower() in JSON_LINES:
        _read_lines(raw, shown, result, kinds)
        return result
    doc = read_document(raw, shown)
    result.texts[shown] = doc.text
    record = _from_document(doc, kinds, only) if doc.ok else None
    result.problems.extend(doc.problems)
    if record is not None:
        result.records.append(Record(record, shown, 1, doc.text))
    elif only == "reading" and doc.data is not None and header_read(doc):
        from starframe.readings.partial import partial_reading

        partial, waiting = partial_reading(doc.data)
        if partial is not None:
            result.partial = PartialRecord(partial, shown, 1, doc.text, waiting=frozenset(waiting))
    return result


def _from_document(
    doc: Document,
    kinds: Kinds,
    only: str | None,
    *,
    stored: bool = False,
    error: ValidationError | None = None,
) -> BaseModel | None:
    """The record `doc` holds; `error`, when the json fast path already validated it, is its
    outcome, reported here rather than found again."""
    data = doc.data
    kind = data.get("kind") if isinstance(data, dict) else None
    expected = only or (kind if isinstance(kind, str) and kind in kinds else "reading")
    if not check_header(doc, expect_kind=expected):
        return None
    if error is not None:
        report_errors(doc, kinds[expected], error, context=STORED_TEXT)
        return None
    return validate_model(doc, kinds[expected], context=STORED_TEXT if stored else None)


def _read_lines(raw: bytes, shown: str, result: ReadResult, kinds: Kinds) -> None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = raw[: exc.start].count(b"\n") + 1
        result.problems.append(not_utf8(shown, where))
        return
    text = text.removeprefix(BOM)  # as in a YAML file: some editors write one first
    result.texts[shown] = text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if len(result.problems) >= MAX_PROBLEMS:
            rest = sum(1 for left in lines[number - 1 :] if left.strip())
            result.problems.append(
                stop_checking(shown, len(result.problems), rest, "lines were", number)
            )
            return
        record = read_line(line, shown, number, kinds, result.problems)
        if record is not None:
            result.records.append(record)


def not_utf8(shown: str, line: int) -> Problem:
    return Problem("SF003", "error", "the file is not UTF-8 text: save it as UTF-8.", shown, line)


def read_line(
    line: str, shown: str, number: int, kinds: Kinds, problems: list[Problem]
) -> Record | None:
    """The record on line `number` of a JSON Lines file, or None (blank, or its problems
    appended to `problems`). A file is read a line at a time, so an export of any size is
    never held whole (`readings/streams.py`)."""
    if not line.strip():
        return None
    try:
        model = _fast(line, kinds)
    except _TooLong as exc:
        problems.append(
            Problem(
                "SF108",
                "error",
                f"a number of {exc.digits:,} digits; starframe reads whole numbers of at "
                f"most {MAX_DIGITS} digits. This is not a value an export writes: use the "
                "file as exported.",
                shown,
                number,
                exc.column(line),
            )
        )
        return None
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                "SF005",
                "error",
                f"JSON syntax: {exc.msg}. Each line of a JSON Lines file holds one complete "
                "JSON object.",
                shown,
                number,
                exc.colno,
            )
        )
        return None
    if not isinstance(model, _Slow):
        return Record(model, shown, number, line, stored=True)
    placed = None if model.as_yaml else json_line_document(line, shown, number, model.data)
    doc = placed if placed is not None else read_document(line, shown)
    found = model.error if placed is not None else None
    record = _from_document(doc, kinds, None, stored=True, error=found) if doc.ok else None
    if placed is not None:
        problems.extend(doc.problems)
    else:
        problems.extend(_shift(p, number) for p in doc.problems)
    if record is not None:
        return Record(record, shown, number, line, stored=True)
    return None


class _Duplicate(ValueError):
    """A key repeated in one JSON object: json.loads would silently keep the last."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    return result


class _TooLong(ValueError):
    """An integer too long to read: int() would refuse it with a ValueError of its own."""

    def __init__(self, text: str) -> None:
        super().__init__(text[:20])
        self.text = text
        self.digits = len(text.lstrip("-"))

    def column(self, line: str) -> int:
        """Where the number starts (the first such run of digits on the line), from 1."""
        return line.find(self.text) + 1


def _bounded_int(text: str) -> int:
    if len(text) > MAX_DIGITS and len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(text)
    return int(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_int=_bounded_int)
_PLAIN = json.JSONDecoder(parse_int=_bounded_int)


class _Slow(NamedTuple):
    """A line the fast path cannot take: it is read again with positions.

    `data` is what json read from it, which `json_line_document` places, and `error` what
    validating it found; a line with a key repeated (which YAML reports) or nested too deep for
    json is read `as_yaml`.
    """

    data: Any = None
    error: ValidationError | None = None
    as_yaml: bool = False


_Id = Annotated[str, StringConstraints(pattern=READING_ID_PATTERN)]
_Edition = Annotated[str, StringConstraints(pattern=EDITION_PATTERN)]
_Hash = Annotated[str, StringConstraints(pattern=HASH_PATTERN)]
_Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]


class _ValidReading(Reading):
    """A reading, its codes and points checked by pydantic itself rather than by the
    validators that word each problem (`models.py`): a third of the time, for the million
    valid lines of an export. It accepts only what `Reading` accepts, as the same values; a
    line it refuses is validated as a `Reading`, whose errors are reported."""

    id: _Id | None = None
    edition: _Edition
    definition: _Hash | None = None
    person: _Code
    worker: _Code
    scores: dict[str, StrictInt | Literal["n/a"]] = Field(default_factory=dict)


def _valid_reading(data: dict[str, Any]) -> Reading | None:
    """The reading `data` holds when `_ValidReading` accepts it, as a `Reading`."""
    try:
        valid = _ValidReading.model_validate(data, context=STORED_TEXT)
    except ValidationError:
        return None
    reading = Reading.__new__(Reading)
    object.__setattr__(reading, "__dict__", valid.__dict__)
    object.__setattr__(reading, "__pydantic_fields_set__", valid.__pydantic_fields_set__)
    object.__setattr__(reading, "__pydantic_extra__", None)
    object.__setattr__(reading, "__pydantic_private__", None)
    return reading


def _fast(line: str, kinds: Kinds) -> BaseModel | _Slow:
    """The line's model when it is valid; `_Slow` sends it to the positioned slow path.

    Raises JSONDecodeError when the line is not JSON at all, _TooLong when it holds an
    integer too long to read. A line with more brackets than `MAX_DEPTH` may nest too deep for
    the json module (which recurses): the positioned reader checks its depth instead.
    """
    if line.count("[") + line.count("{") > MAX_DEPTH:
        return _Slow(as_yaml=True)
    try:
        data = _DECODER.decode(line)
    except _Duplicate:
        _PLAIN.decode(line)  # the slow path must not meet an integer too long to read
        return _Slow(as_yaml=True)
    if not isinstance(data, dict) or not is_format_version(data.get("starframe")):
        return _Slow(data)
    kind = data.get("kind")
    model = kinds.get(kind) if isinstance(kind, str) else None
    if model is None:
        return _Slow(data)
    if model is Reading:
        reading = _valid_reading(data)
        if reading is not None:
            return reading
    try:
        return model.model_validate(data, context=STORED_TEXT)
    except ValidationError as exc:
        return _Slow(data, exc)


def _shift(problem: Problem, first_line: int) -> Problem:
    if first_line == 1 or not problem.line:
        return problem
    return replace(problem, line=problem.line + first_line - 1)
