"""Records of many files, handed out a kind at a time and never all held at once.

An import writes definitions, workers, people and readings in that order (each refers to the
ones before), whatever order its files hold them in. A JSON Lines export of a million readings
is about 500 MB: read into models at once it would need ten times that. So a file is first
indexed (`_index`): each line's kind is found, from the prefix every export writes
(`{"starframe":1,"kind":"reading",…`) or else by parsing the line, and consecutive lines of a
kind are kept as one run of bytes. Then `records(types)` reads only the runs of those kinds,
a line at a time, each checked as `files.read_line` checks it. Memory stays that of one batch,
however large the files; a problem's line is read again only to show it (`texts`).

A reading file (YAML or JSON, one record) is small: it is read whole, as before, and its
records come before those of JSON Lines files, so the readings typed in come first.
"""

from __future__ import annotations

import json
import os
import pickle
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel

from starframe.documents.document import BOM
from starframe.documents.inputs import InputRefused, open_input, shown_path
from starframe.limits import MAX_BYTES, MAX_DEPTH, MAX_PROBLEMS
from starframe.problems import Problem, SourceLines, stop_checking
from starframe.readings.ahead import can_fork, read_ahead
from starframe.readings.files import (
    JSON_LINES,
    Kinds,
    Record,
    not_utf8,
    read_file,
    read_line,
)
from starframe.readings.models import Reading
from starframe.readings.packing import Packed, Packer, unpack
from starframe.readings.writer import Checked

MAX_LINE = MAX_BYTES
"""Bytes of one line of a JSON Lines file: a record holding a Star's text is at most this."""
_PREFIX = re.compile(rb'\{"starframe":1,"kind":"([a-z-]{1,40})"[,}]')
"""The start of every line an export writes: its kind, without parsing the line."""
AHEAD_BYTES = 4_000_000
"""Bytes of readings' lines (about 8,000 readings) from which they are read in a second
process (`ahead.py`): below it, starting one costs more than it gains."""
AHEAD_RECORDS = 1_000
"""Records a payload from the second process holds."""
Check = Callable[[BaseModel], "Checked | None"]
"""Checks a record where it is read, without a database (`writer.CheckAhead`)."""
MakeCheck = Callable[[], Check]


def ahead_bytes() -> int:
    """`AHEAD_BYTES`, or the number in `STARFRAME_AHEAD_BYTES` (the tests' small files)."""
    value = os.environ.get("STARFRAME_AHEAD_BYTES", "")
    return int(value) if value.isdigit() else AHEAD_BYTES


@dataclass
class _Run:
    """Consecutive lines of one kind: bytes `start` to `end` of the file, from line `first`."""

    kind: type[BaseModel] | None
    """None: the line has no kind read can trust; it is read as a reading (which reports it)."""
    start: int
    end: int
    first: int


@dataclass
class _File:
    path: Path
    shown: str
    runs: list[_Run] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    """A reading file's one record (read whole: it is small)."""
    text: str | None = None
    """A reading file's text, to show its problems."""
    lines: int = 0
    """Lines holding something: how many are left unchecked if checking stops."""
    read: int = 0
    problems: int = 0
    stopped: bool = False


class RecordFiles:
    """The records of `paths`, each kind read when it is asked for (see the module's docstring).

    `problems` are the problems found reading the files (not checking them against the
    database): indexing finds those that stop a file (unreadable, not UTF-8, a line too
    long), `records` the rest as it reads.
    """

    def __init__(self, paths: Sequence[Path], kinds: Kinds) -> None:
        self.kinds = kinds
        self.problems: list[Problem] = []
        self._files = [self._index(path) for path in paths]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def large(self) -> bool:
        """A bulk load: lines enough (`ahead_bytes()` of them) to be worth a second process,
        and SQLite's rollback journal (`Store.write`)."""
        return self._bytes(lambda kind: True) >= ahead_bytes()

    def records(
        self, types: Collection[type[BaseModel]], ahead: MakeCheck | None = None
    ) -> Iterator[Record]:
        """Records whose model is one of `types`, reading files first, then in file order.

        Many readings are read in a second process (`_read_ahead`); there `ahead()` (made
        here, before the process starts) checks each record as it is read, and what it finds
        comes with the record (`Record.checked`)."""
        for file in self._files:
            for record in file.records:
                if type(record.model) in types:
                    yield record
        if self._worth_reading_ahead(types):
            check = ahead() if ahead is not None else None
            if can_fork():
                yield from self._read_ahead(types, check)
                return
        for file in self._files:
            yield from self._lines(file, types)

    def _worth_reading_ahead(self, types: Collection[type[BaseModel]]) -> bool:
        """Enough lines of `types` to gain from a second process (`ahead_bytes()` of them);
        a line of no kind is read as a reading."""
        wanted = self._bytes(lambda kind: kind in types or (kind is None and Reading in types))
        return wanted >= ahead_bytes()

    def _bytes(self, wanted: Callable[[type[BaseModel] | None], bool]) -> int:
        """Bytes of the lines, in files still read, of the kinds `wanted` says."""
        return sum(
            run.end - run.start
            for file in self._files
            if not file.stopped
            for run in file.runs
            if wanted(run.kind)
        )

    def _read_ahead(
        self, types: Collection[type[BaseModel]], check: Check | None
    ) -> Iterator[Record]:
        """`_lines` of every file, read in a second process (`ahead.py`) while this one writes.

        The records come in file order, each problem found reading them just before the
        record it came before (so `ok` is at every record what it would be read here), and
        the files' counts of lines read and problems found are brought back at the end.
        """
        for payload in read_ahead(lambda: self._packed(types, check)):
            packed, problems, counts = pickle.loads(payload)
            at = 0
            for index, problem in problems:
                while at < index:
                    yield unpack(packed[at])
                    at += 1
                self.problems.append(problem)
            for record in packed[at:]:
                yield unpack(record)
            if counts is not None:
                for file, (read, found, stopped) in zip(self._files, counts, strict=True):
                    file.read, file.problems, file.stopped = read, found, stopped

    def _packed(self, types: Collection[type[BaseModel]], check: Check | None) -> Iterator[bytes]:
        """In the child: `_lines` of every file as payloads of `AHEAD_RECORDS` packed records,
        each with the problems found before each record (by its place), the last with the
        files' counts."""
        packer = Packer()
        packed: list[Packed] = []
        problems: list[tuple[int, Problem]] = []
        seen = len(self.problems)
        for file in self._files:
            for record in self._lines(file, types):
                problems.extend((len(packed), p) for p in self.problems[seen:])
                seen = len(self.problems)
                found = check(record.model) if check is not None else None
                packed.append(packer.pack(record, found))
                if len(packed) >= AHEAD_RECORDS:
                    yield pickle.dumps((packed, problems, None), pickle.HIGHEST_PROTOCOL)
                    packed, problems = [], []
        problems.extend((len(packed), p) for p in self.problems[seen:])
        counts = [(file.read, file.problems, file.stopped) for file in self._files]
        yield pickle.dumps((packed, problems, counts), pickle.HIGHEST_PROTOCOL)

    def lines(self, file: str, numbers: set[int]) -> Mapping[int, str]:
        """The text of lines `numbers` of the JSON Lines file shown as `file`."""
        for each in self._files:
            if each.shown == file and each.text is None:
                return _lines_at(each.path, numbers)
        return {}

    def texts(self, problems: Sequence[Problem]) -> dict[str, str | SourceLines]:
        """The text problems point into, to show each offending line: a reading file's whole
        text, a JSON Lines file's problem lines only."""
        wanted: dict[str, set[int]] = {}
        for problem in problems:
            if problem.line:
                wanted.setdefault(problem.file, set()).add(problem.line)
        texts: dict[str, str | SourceLines] = {}
        for file in self._files:
            if file.text is not None:
                texts[file.shown] = file.text
            elif file.shown in wanted:
                texts[file.shown] = SourceLines.sparse(self.lines(file.shown, wanted[file.shown]))
        return texts

    def _index(self, path: Path) -> _File:
        shown = shown_path(path)
        file = _File(path, shown)
        if path.suffix.lower() not in JSON_LINES:
            read = read_file(path, self.kinds, display=shown)
            file.records, file.text = read.records, read.texts.get(shown)
            self.problems.extend(read.problems)
            return file
        try:
            handle = open_input(path, display=shown)
        except InputRefused as exc:
            self.problems.append(exc.problem)
            return file
        with handle:
            for number, start, raw in _raw_lines(handle):
                problem = _unreadable(raw, shown, number)
                if problem is not None:
                    self.problems.append(problem)
                    file.runs = []
                    return file
                if raw.strip():
                    file.lines += 1
                kind = self._kind(raw.removeprefix(BOM.encode()) if number == 1 else raw)
                last = file.runs[-1] if file.runs else None
                if last is not None and last.kind is kind:
                    last.end = start + len(raw)
                else:
                    file.runs.append(_Run(kind, start, start + len(raw), number))
        return file

    def _kind(self, raw: bytes) -> type[BaseModel] | None:
        found = _PREFIX.match(raw)
        if found is not None:
            name: object = found.group(1).decode()
        else:
            if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
                return None  # json would recurse too deep: read as a reading, which reports it
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                return None
            name = data.get("kind", "reading") if isinstance(data, dict) else None
        return self.kinds.get(name) if isinstance(name, str) else None

    def _lines(self, file: _File, types: Collection[type[BaseModel]]) -> Iterator[Record]:
        runs = [
            run for run in file.runs if run.kind in types or (run.kind is None and Reading in types)
        ]
        if not runs or file.stopped:
            return
        with open_input(file.path, display=file.shown) as handle:
            for run in runs:
                handle.seek(run.start)
                number = run.first - 1
                left = run.end - run.start
                for raw in handle:  # every line is shorter than MAX_LINE: the index checked
                    if left <= 0:
                        break
                    left -= len(raw)
                    number += 1
                    line = raw.decode("utf-8")
                    if number == 1:
                        line = line.removeprefix(BOM)
                    if file.problems >= MAX_PROBLEMS:
                        file.stopped = True
                        rest = file.lines - file.read
                        self.problems.append(
                            stop_checking(file.shown, file.problems, rest, "lines were", number)
                        )
                        return
                    found: list[Problem] = []
                    record = read_line(line.rstrip("\n"), file.shown, number, self.kinds, found)
                    file.read += bool(line.strip())
                    file.problems += len(found)
                    self.problems.extend(found)
                    if record is None:
                        continue
                    if type(record.model) not in types:  # the index said otherwise: never drop it
                        raise AssertionError(f"{file.shown}:{record.line}: kind read differently")
                    yield record


def _raw_lines(handle: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, bytes with the line break) of each line."""
    offset = 0
    number = 0
    while True:
        raw = handle.readline(MAX_LINE + 1)
        if not raw:
            return
        number += 1
        yield number, offset, raw
        offset += len(raw)


def _unreadable(raw: bytes, shown: str, number: int) -> Problem | None:
    """Why a line stops its whole file: not UTF-8, or longer than any record."""
    if len(raw) > MAX_LINE:
        return Problem(
            "SF002",
            "error",
            f"line {number} is longer than {MAX_LINE:,} bytes, longer than any record an "
            "export writes: use the file as exported.",
            shown,
            number,
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return not_utf8(shown, number)
    return None


def _lines_at(path: Path, numbers: set[int]) -> Mapping[int, str]:
    found: dict[int, str] = {}
    if not numbers:
        return found
    last = max(numbers)
    with open_input(path) as handle:
        for number, _offset, raw in _raw_lines(handle):
            if number in numbers:
                found[number] = raw.decode("utf-8", "replace").rstrip("\n").removeprefix(BOM)
            if number >= last:
                break
    return found


class RecordList:
    """Records already read (`files.read_file`), handed out as `RecordFiles` hands them."""

    def __init__(self, records: Sequence[Record]) -> None:
        # Readings typed in before those an export carries, as `RecordFiles` gives them.
        self._records = sorted(records, key=lambda record: record.stored)
        self.problems: list[Problem] = []
        self.ok = True
        self.large = False
        """Records already in memory are few: no bulk load."""

    def records(
        self, types: Collection[type[BaseModel]], ahead: MakeCheck | None = None
    ) -> Iterator[Record]:
        """Records whose model is one of `types`; `ahead` is for files read as they go."""
        return (record for record in self._records if type(record.model) in types)

    def lines(self, file: str, numbers: set[int]) -> dict[int, str]:
        return {r.line: r.text for r in self._records if r.file == file and r.line in numbers}
