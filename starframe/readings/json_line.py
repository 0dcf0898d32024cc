"""Place the keys and values of one JSON Lines line without reading it again as YAML.

A line that fails validation needs the position of every key and value, so each problem points
at its column. Reading the line as YAML (`read_document`) gives them, but costs five times what
reading a valid line does, and a bad export holds thousands of such lines. The json module has
already read the line and its data is kept; here, when a problem asks where a key or value is,
regular expressions step along the line to it, past everything else.

YAML reads a line of JSON as the same data with the same positions, except for NaN and
Infinity (text to YAML), a tab or CR between values, text holding NEL (libyaml folds it into a
space), a line or paragraph separator (libyaml starts a new line) or a BOM (the pure-Python
reader gives it no column), escaped surrogates (`\\ud83d`, which json pairs and YAML refuses
or keeps apart) and keys too long to be YAML's implicit keys. A line holding any of them
returns None here and is read as YAML, as before; tests/readings/test_json_line.py checks that
both readers agree on every other line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from starframe.documents.document import Document, Path, Position

_UNSURE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""A character YAML refuses (SF003, which the YAML reader reports) or reads otherwise (see the
module's docstring): the characters YAML allows, less those."""
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_NOT_A_NUMBER = re.compile(r"(?:^|[\[:,]) *-?(?:NaN|Infinity)")
"""NaN or Infinity where a value starts; text holding `:NaN` is read as YAML too, only slower."""
_LONGEST_KEY = 1000
"""Characters of a key that YAML certainly reads as a key: an implicit key ends 1,024
characters after it starts."""
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A JSON string, as one run of plain characters after another (the fastest form for `re`)."""
_LONG_KEY = re.compile(rf'"(?:[^"\\]|\\.){{{_LONGEST_KEY},}}" *:')
"""A key of at least `_LONGEST_KEY` characters (a long line only: the others cannot hold one)."""
_SCALAR = rf"{_STRING}|-?[0-9][-+.0-9eE]*|true|false|null"
_PAIR = re.compile(rf" *({_STRING}) *: *(?:({_SCALAR}) *(?:, *)?)?")
"""A key (after any spaces), its colon and, when it is not a list or mapping, its value and the
comma after it: one match for most pairs."""
_ITEM = re.compile(rf" *(?:{_SCALAR}) *(?:, *)?")
_SPACE = re.compile(" *")
"""JSON's white space on a line that holds no tab, CR or line break."""
_AFTER = re.compile(" *(?:, *)?")
_JSON = json.JSONDecoder()
"""Steps over a list or mapping as the json module read it."""


def json_line_document(line: str, file: str, number: int, data: Any) -> Document | None:
    """`line` (line `number` of `file`) as a document of `data`, which json read from it.

    `data` holds no repeated key: YAML reports those, so such a line is read as YAML. None
    when YAML might read the line otherwise, or when it holds what YAML refuses (the YAML
    reader reports that).
    """
    if _UNSURE.search(line[:-1] if line.endswith("\r") else line):
        return None
    if "\\u" in line and _SURROGATE.search(line):
        return None
    if ("NaN" in line or "Infinity" in line) and _NOT_A_NUMBER.search(line):
        return None
    if len(line) > _LONGEST_KEY and _LONG_KEY.search(line):
        return None
    return _LineDocument(line, file, number, data)


class _LineDocument(Document):
    """A document that finds a position when a problem asks for it: most are never asked for."""

    def __init__(self, line: str, file: str, number: int, data: Any) -> None:
        root = _space(line, 0)
        super().__init__(file=file, text=line, data=data, values={(): Position(number, root + 1)})
        self.number = number
        self.root = root

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Position:
        parts = tuple(path)
        self._place(parts)
        return super().locate(parts, key=key)

    def _place(self, path: Path) -> None:
        """Record where each step of `path` is, as far as the data holds it.

        The data says how many keys or items come before each step: when none of them is a list
        or mapping, one regular expression steps over them all. A step the expressions do not
        find where json read it (tests/readings/test_json_line.py rules that out) ends the walk:
        the problem then points at the nearest step placed.
        """
        at: int | None = self.root
        node = self.data
        for depth, part in enumerate(path):
            if at is None:
                return
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                at = self._key(at + 1, path[:depth], node, part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                at = self._item(at + 1, path[:depth], node, part)
            else:
                return
            node = node[part]

    def _key(self, at: int, parent: Path, mapping: dict[str, Any], wanted: str) -> int | None:
        """Where the value of `wanted` starts, in `mapping`, whose first key is at `at`."""
        line = self.text
        before = list(mapping).index(wanted)
        plain = _plain_pairs(before).match(line, at)
        if plain is not None:
            at = plain.end()
        else:  # a list or mapping comes first
            for _ in range(before):
                after = _skip_pair(line, at)
                if after is None:
                    return None
                at = after
        pair = _PAIR.match(line, at)
        if pair is None:
            return None
        value = pair.start(2) if pair.group(2) is not None else pair.end()
        self.keys[(*parent, wanted)] = Position(self.number, pair.start(1) + 1)
        self.values[(*parent, wanted)] = Position(self.number, value + 1)
        return value

    def _item(self, at: int, parent: Path, items: list[Any], wanted: int) -> int | None:
        """Where item `wanted` starts, in `items`, whose first item is at `at`."""
        line = self.text
        plain = _plain_items(wanted).match(line, at)
        if plain is not None:
            at = plain.end()
        else:  # a list or mapping comes first
            at = _space(line, at)
            for _ in range(wanted):
                after = _skip(line, at)
                if after is None:
                    return None
                at = after
        self.values[(*parent, wanted)] = Position(self.number, at + 1)
        return at


@lru_cache(maxsize=64)
def _plain_pairs(count: int) -> re.Pattern[str]:
    """Steps over `count` keys with their values and commas, if no value is a list or mapping."""
    return re.compile(rf" *(?:{_STRING} *: *(?:{_SCALAR}) *, *){{{count}}}")


@lru_cache(maxsize=64)
def _plain_items(count: int) -> re.Pattern[str]:
    """Steps over `count` items with their commas, if none is a list or mapping."""
    return re.compile(rf" *(?:(?:{_SCALAR}) *, *){{{count}}}")


def _skip_pair(line: str, at: int) -> int | None:
    """The index after the key at `at`, its value, and the spaces and comma that follow."""
    pair = _PAIR.match(line, at)
    if pair is None:
        return None
    return pair.end() if pair.group(2) is not None else _skip(line, pair.end())


def _skip(line: str, at: int) -> int | None:
    """The index after the value at `at`, the spaces and the comma that follow it."""
    scalar = _ITEM.match(line, at)
    if scalar is not None:
        return scalar.end()
    try:
        end = _JSON.raw_decode(line, at)[1]
    except ValueError:
        return None
    after = _AFTER.match(line, end)
    return after.end() if after else end


def _space(line: str, at: int) -> int:
    found = _SPACE.match(line, at)
    return found.end() if found else at
