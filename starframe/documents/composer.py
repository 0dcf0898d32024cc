"""Build plain data from a YAML parser's events, one event at a time.

ruamel's composer (and libyaml's) recurses once per level of nesting, so 50,000 nested `[`
overflow the C stack and crash the process; building node objects also cost more than half of
the time spent reading a large file. Here the parser's events are consumed in a loop with an
explicit stack: nesting past `MAX_DEPTH` is refused where it happens, before anything deeper is
built, and the data and the position of every key and value come straight from the events.

An alias (`*name`) replays the events recorded for its anchor. Only replayed values count
against `MAX_ALIAS_VALUES`, so a billion-laughs document stops early while a long list written
out in full does not.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml import events as ev

from starframe.documents.document import Document, Path, Position
from starframe.limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_DIGITS, MAX_PROBLEMS
from starframe.problems import Problem, stop_checking

_YAML = "tag:yaml.org,2002:"
_STR = f"{_YAML}str"
_MERGE = f"{_YAML}merge"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_SEQ_TAGS = {None, "!", f"{_YAML}seq"}
_MAP_TAGS = {None, "!", f"{_YAML}map"}


class Stop(Exception):
    """Building ends here: the reason is already on the document."""


def compose_data(text: str, doc: Document, *, pure: bool) -> Any:
    """The plain data of `text`'s single document; problems go on `doc`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    builder = _Builder(doc)
    try:
        if pure:
            return builder.run(YAML(typ="safe", pure=True).parse(io.StringIO(text)))
        return builder.run(_libyaml_events(text))
    except Stop:
        return None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "this is not valid YAML").strip()
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.problems.append(syntax_problem(doc, what, line, column))
    except YAMLError as exc:
        doc.problems.append(
            Problem("SF005", "error", f"YAML syntax: {exc}. Check the file's structure.", doc.file)
        )
    return None


def _libyaml_events(text: str) -> Iterator[Any]:
    """libyaml's events, asked for directly: ruamel's `parse` asks twice per event."""
    from _ruamel_yaml import CParser  # type: ignore[import-not-found]

    parser = CParser(io.StringIO(text))
    get_event = parser.get_event
    end = ev.StreamEndEvent
    try:
        while True:
            event = get_event()
            yield event
            if type(event) is end:
                return
    finally:
        parser.dispose()


def syntax_problem(doc: Document, what: str, line: int, column: int) -> Problem:
    """SF005 with the fix for the mistakes authors make most."""
    if "another document" in what:
        hint = "A starframe file holds one document: remove the extra `---`."
    elif "mapping values are not allowed" in what:
        hint = "Put text that contains ': ' in double quotes."
    elif "found undefined alias" in what:
        hint = "Define the anchor (&name) before using it (*name), or write the value out."
    else:
        hint = "Check indentation, quotes and brackets around this place."
    return Problem("SF005", "error", f"YAML syntax: {what}. {hint}", doc.file, line, column)


def _implicit_tags() -> dict[str, list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 table of plain-scalar patterns by first character, read once.

    Fixed at 1.2 so `yes` and `on` stay text in every file.
    """
    from ruamel.yaml.resolver import VersionedResolver

    class Yaml12Resolver(VersionedResolver):
        @property
        def processing_version(self) -> tuple[int, int]:
            return (1, 2)

    table: dict[str, list[tuple[str, Any]]] = Yaml12Resolver().versioned_resolver
    # ruamel compiles each pattern on first use behind a proxy (`LazyEval`) that every
    # `match` then goes through; the compiled pattern itself is asked for once here.
    return {
        first: [
            (tag, getattr(pattern, "lazy_self", lambda p=pattern: p)()) for tag, pattern in patterns
        ]
        for first, patterns in table.items()
        if first is not None
    }


_IMPLICIT = _implicit_tags()


class _Recording:
    """The events of one anchored value, to replay for each alias to it."""

    __slots__ = ("events", "open", "position")

    def __init__(self, position: Position) -> None:
        self.events: list[Any] = []
        self.open = 0
        self.position = position


class _Alias:
    """An alias met while recording another anchor: replays what it referred to then."""

    __slots__ = ("recording",)

    def __init__(self, recording: _Recording) -> None:
        self.recording = recording


_SKIP = object()
"""A value that is reported and left out of the data (a tagged one, a duplicate key's)."""
_NO_KEY = object()


class _Frame:
    """A list or mapping being filled (`value` None: one left out, whose content is ignored).

    `key` is the mapping key waiting for its value, `_NO_KEY` while a key is expected, or
    `_SKIP` when the next value is to be left out. `as_key` marks a list or mapping written
    where a key belongs: once it ends, the value that follows it is left out too.
    """

    __slots__ = ("as_key", "key", "path", "seen", "value")

    def __init__(
        self, value: list[Any] | dict[Any, Any] | None, path: Path, *, as_key: bool = False
    ) -> None:
        self.value = value
        self.path = path
        self.key: Any = _NO_KEY
        self.seen: dict[Any, Position] = {}
        self.as_key = as_key

    @property
    def wants_key(self) -> bool:
        return isinstance(self.value, dict) and self.key is _NO_KEY


_NODE_EVENTS = (ev.ScalarEvent, ev.SequenceStartEvent, ev.MappingStartEvent)
_OPENING = (ev.SequenceStartEvent, ev.MappingStartEvent)
_CLOSING = (ev.SequenceEndEvent, ev.MappingEndEvent)


class _Builder:
    """Consumes events in order, keeping the lists and mappings being filled on a stack."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = MAX_ALIAS_VALUES
        self.depth = 0
        self.anchors: dict[str, _Recording] = {}
        self.recording: list[_Recording] = []
        self.replays: list[Iterator[Any]] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def run(self, events: Iterator[Any]) -> Any:
        handlers: dict[type, Callable[[Any], None]] = {
            ev.ScalarEvent: self._on_scalar,
            ev.SequenceStartEvent: self._on_start,
            ev.MappingStartEvent: self._on_start,
            ev.SequenceEndEvent: self._on_end,
            ev.MappingEndEvent: self._on_end,
            ev.AliasEvent: self._on_alias,
            ev.DocumentStartEvent: self._on_document,
        }
        handler_of = handlers.get
        for event in events:
            if self.recording:
                self._record(event)
            handler = handler_of(type(event))
            if handler is not None:
                handler(event)
            if self.replays:
                self._replay(handler_of)
        return self.root

    def _replay(self, handler_of: Callable[[type], Callable[[Any], None] | None]) -> None:
        """Each alias's recorded events, handled where the alias stands (an alias among them
        replays its own in turn), before the parser's next event."""
        while self.replays:
            item = next(self.replays[-1], None)
            if item is None:
                self.replays.pop()
            elif isinstance(item, _Alias):
                self.replays.append(iter(item.recording.events))
            else:
                if isinstance(item, _NODE_EVENTS):
                    self._spend(item)
                handler = handler_of(type(item))
                if handler is not None:
                    handler(item)

    def _spend(self, event: Any) -> None:
        """One value repeated by an alias, out of `MAX_ALIAS_VALUES`."""
        self.budget -= 1
        if self.budget < 0:
            self._fail(event, "SF009", _TOO_BIG)
            raise Stop

    def _record(self, event: Any) -> None:
        for recording in self.recording:
            recording.events.append(event)
            if isinstance(event, _OPENING):
                recording.open += 1
            elif isinstance(event, _CLOSING):
                recording.open -= 1
        self.recording = [r for r in self.recording if r.open > 0]

    def _anchor(self, event: Any, *, collection: bool) -> None:
        """Register the anchor on one of the parser's own events (a replay defines none)."""
        if event.anchor is None or self.replays:
            return
        recording = _Recording(_position(event))
        recording.events.append(event)
        self.anchors[event.anchor] = recording
        if collection:
            recording.open = 1
            self.recording.append(recording)

    # events -------------------------------------------------------------------------------

    def _on_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            mark = event.start_mark
            what = "but found another document"
            self.doc.problems.append(syntax_problem(self.doc, what, mark.line + 1, mark.column + 1))
            raise Stop

    def _on_alias(self, event: Any) -> None:
        recording = self.anchors.get(event.anchor)
        if recording is None:
            mark = event.start_mark
            what = f"found undefined alias {event.anchor!r}"
            self.doc.problems.append(syntax_problem(self.doc, what, mark.line + 1, mark.column + 1))
            raise Stop
        if recording.open > 0:
            message = "an alias refers to itself: write the value out instead."
            self._fail_at(recording.position, "SF009", message)
            self._place(_SKIP, recording.position)
            return
        if not self.replays:
            # Open recordings hold this alias: they replay what it refers to now, even when
            # the anchor is defined again later.
            for open_recording in self.recording:
                open_recording.events[-1] = _Alias(recording)
        self.replays.append(iter(recording.events))

    def _on_scalar(self, event: Any) -> None:
        # The hot path of a large file: one call per scalar, positions built once.
        if event.anchor is not None:
            self._anchor(event, collection=False)
        mark = event.start_mark
        where = Position(mark.line + 1, mark.column + 1)
        if not self.stack:
            self._place(self._scalar(event), where)
            return
        frame = self.stack[-1]
        into, key = frame.value, frame.key
        if key is _NO_KEY and type(into) is dict:
            self._key(frame, event, where)
            return
        if into is None or key is _SKIP:
            self._place(_SKIP, where)
            return
        # `_place` and, for plain text, `_scalar`, written out for the cases a scalar meets
        # here: a file is mostly text values.
        tag = _resolve(event) if event.ctag is None else _tag_of(event)
        value = event.value if tag == _STR else self._scalar(event, tag)
        if value is _SKIP:
            value = None
        if type(into) is list:
            self.doc.values.setdefault((*frame.path, len(into)), where)
            into.append(value)
            return
        frame.key = _NO_KEY
        self.doc.values.setdefault((*frame.path, key), where)
        into[key] = value

    def _on_start(self, event: Any) -> None:
        self._anchor(event, collection=True)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(
                event,
                "SF013",
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                "a starframe file nests a few levels only. Check the brackets and indentation.",
            )
            raise Stop
        parent = self.stack[-1] if self.stack else None
        where = _position(event)
        if parent is not None and parent.value is None:
            self.stack.append(_Frame(None, parent.path))
            return
        if parent is not None and parent.wants_key:
            self._fail(event, "SF005", "a key must be plain text, not a list or mapping.")
            self.stack.append(_Frame(None, parent.path, as_key=True))
            return
        is_map = isinstance(event, ev.MappingStartEvent)
        tag = event.tag
        allowed = tag in (_MAP_TAGS if is_map else _SEQ_TAGS)
        if not allowed or (parent is not None and parent.key is _SKIP):
            if not allowed:
                self._fail(event, "SF008", _tag_message(tag))
            self._place(_SKIP, where)
            self.stack.append(_Frame(None, ()))
            return
        path = self._child_path(parent)
        value: list[Any] | dict[Any, Any] = {} if is_map else []
        self._place(value, where)
        self.stack.append(_Frame(value, path))

    def _on_end(self, event: Any) -> None:
        self.depth -= 1
        frame = self.stack.pop()
        if frame.as_key:
            self.stack[-1].key = _SKIP

    # building -----------------------------------------------------------------------------

    def _child_path(self, parent: _Frame | None) -> Path:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        return (*parent.path, parent.key)

    def _place(self, value: Any, where: Position) -> None:
        """Put a value (or a new, still empty list or mapping) where the current frame wants one.

        `_SKIP` leaves the value out: None in a list (so later items keep their index), nothing
        in a mapping.
        """
        if not self.stack:
            self.doc.values.setdefault((), where)
            self.root = None if value is _SKIP else value
            return
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            path: Path = (*frame.path, len(frame.value))
            self.doc.values.setdefault(path, where)
            frame.value.append(None if value is _SKIP else value)
            return
        if frame.value is None:
            return
        key = frame.key
        if key is _NO_KEY:  # an alias to its own anchor, written as a key
            frame.key = _SKIP
            return
        frame.key = _NO_KEY
        if key is _SKIP:
            return
        self.doc.values.setdefault((*frame.path, key), where)
        frame.value[key] = None if value is _SKIP else value

    def _key(self, frame: _Frame, event: Any, where: Position) -> None:
        tag = _tag_of(event)
        if tag == _MERGE:
            self._fail(event, "SF008", "merge keys (`<<`) are not supported: write keys out.")
            frame.key = _SKIP
            return
        key = self._scalar(event, tag)
        if type(key) is not str and (not isinstance(key, str | int) or isinstance(key, bool)):
            key = str(event.value)
        if key in frame.seen:
            first = frame.seen[key]
            self._fail(
                event,
                "SF007",
                f"duplicate key `{key}` (first at line {first.line}): "
                "a key may appear once per mapping; remove or merge one of them.",
            )
            frame.key = _SKIP
            return
        frame.seen[key] = where
        self.doc.keys[(*frame.path, key)] = where
        frame.key = key

    def _scalar(self, event: Any, tag: str | None = None) -> Any:
        if tag is None:
            tag = _tag_of(event)
        value: str = event.value
        if tag == _STR:
            return value
        if tag not in _PLAIN_TAGS:
            self._fail(event, "SF008", _tag_message(tag))
            return _SKIP
        short = len(value) <= _RESOLVED_LENGTH  # fewer digits than MAX_DIGITS
        if short and (tag, value) in _CONVERTED:
            return _CONVERTED[tag, value]
        kind = tag.rsplit(":", 1)[1]
        if kind == "int" and _digit_count(value) > MAX_DIGITS:
            self._fail(
                event,
                "SF014",
                f"this number has {_digit_count(value):,} digits; starframe reads whole numbers "
                f"of up to {MAX_DIGITS} digits. Write the number you mean, or quote it as text.",
            )
            return _SKIP
        converted = _CONVERT[kind](value)
        found = value if converted is _UNCHANGED else converted
        if short:
            if len(_CONVERTED) >= _RESOLVED_MAX:
                _CONVERTED.clear()
            _CONVERTED[tag, value] = found
        return found

    def _fail(self, event: Any, code: str, message: str) -> None:
        self._fail_at(_position(event), code, message)

    def _fail_at(self, where: Position, code: str, message: str) -> None:
        problems = self.doc.problems
        problems.append(Problem(code, "error", message, self.doc.file, where.line, where.column))
        if len(problems) >= MAX_PROBLEMS:
            rest = self.doc.text.count("\n") + 1 - where.line
            problems.append(
                stop_checking(self.doc.file, len(problems), rest, "lines were", where.line)
            )
            raise Stop


_TOO_BIG = (
    f"the document expands to more than {MAX_ALIAS_VALUES:,} values (aliases repeated inside "
    "aliases): write the values out, without nested aliases."
)


def _tag_message(tag: str | None) -> str:
    shown = (tag or "").replace(_YAML, "!!")
    return (
        f"the tag `{shown}` is not allowed: starframe files hold plain text, numbers, "
        "lists and mappings only. Remove the tag."
    )


def _position(event: Any) -> Position:
    mark = event.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _tag_of(event: Any) -> str:
    """The scalar's tag: as written, or the one YAML 1.2 gives it (`!` alone: text)."""
    tag = event.ctag  # `event.tag` converts on every read
    if tag is None:
        return _resolve(event)
    tag = str(tag)
    return _resolve(event) if tag == "!" else tag


def _resolve(event: Any) -> str:
    """The tag YAML 1.2 gives an untagged scalar: plain ones by pattern, quoted ones text."""
    if not event.implicit[0]:
        return _STR
    value: str = event.value
    patterns = _IMPLICIT.get(value[:1])
    if patterns is None:
        return _STR
    found = _RESOLVED.get(value)
    if found is None:
        found = next((str(tag) for tag, pattern in patterns if pattern.match(value)), _STR)
        if len(value) <= _RESOLVED_LENGTH:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            _RESOLVED[value] = found
    return found


_RESOLVED: dict[str, str] = {}
"""The tag of each short plain scalar resolved so far: ids, numbers, `false` and the ladder's
keys recur in every file, and a catalog of drafts reads thousands of files alike."""
_CONVERTED: dict[tuple[str, str], object] = {}
"""The value of each short plain scalar converted so far, by its tag: a whole number, a date
or `false` is immutable, so the same one serves each time."""
_RESOLVED_LENGTH = 64
_RESOLVED_MAX = 10_000
assert _RESOLVED_LENGTH < MAX_DIGITS  # a number short enough to keep has digits to spare


_UNCHANGED = object()


def _digit_count(value: str) -> int:
    return len(value) - sum(value.count(mark) for mark in "_+-")


def _to_int(value: str) -> object:
    text = value.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    bases = {"0x": 16, "0o": 8, "0b": 2}
    try:
        base = bases.get(digits[:2].lower(), 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    except ValueError:
        return _UNCHANGED


def _to_float(value: str) -> object:
    text = value.replace("_", "").lower()
    specials = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    if text in specials:
        return specials[text]
    try:
        return float(text)
    except ValueError:
        return _UNCHANGED


def _to_bool(value: str) -> object:
    lowered = value.lower()
    return {"true": True, "false": False}.get(lowered, _UNCHANGED)


def _to_timestamp(value: str) -> object:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return _UNCHANGED


_CONVERT: dict[str, Callable[[str], object]] = {
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "null": lambda _value: None,
    "timestamp": _to_timestamp,
}
