"""Read a starframe YAML file into plain data plus the position of every key and value.

We build the data from ruamel.yaml's parser events ourselves (`composer.py`) instead of letting
ruamel construct objects: that way no tag can ever build a Python object, duplicate keys, alias
bombs and deep nesting are caught with their line numbers, and validation errors can be mapped
back to the exact place in the file. Anything wrong ends as `Problem`s; this module never lets
another exception out for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from starframe.limits import MAX_BYTES
from starframe.problems import Problem

__all__ = ["MAX_BYTES", "Document", "Position", "read_document"]

Path = tuple[str | int, ...]

BOM = "\ufeff"
"""A UTF-8 byte order mark, which some editors write first: ignored at the start of a file."""
_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow in a file: control characters, and lone surrogates (text decoded
with errors allowed)."""


class Position(NamedTuple):
    """1-based line and column; a tuple because a large file has a million of them."""

    line: int
    column: int


@dataclass
class Document:
    """Plain data (dicts, lists, scalars) with positions keyed by path from the root."""

    file: str
    text: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Position:
        """Where `path` is, or its nearest existing ancestor (a missing key: its parent)."""
        parts = tuple(path)
        while parts:
            found = (self.keys.get(parts) if key else None) or self.values.get(parts)
            if found:
                return found
            parts = parts[:-1]
            key = True
        return self.values.get((), Position(1, 1))

    def problem(
        self,
        code: str,
        message: str,
        path: Iterable[str | int] = (),
        *,
        severity: str = "error",
        key: bool = False,
    ) -> Problem:
        pos = self.locate(path, key=key)
        return Problem(
            code=code,
            severity="warning"
            if severity == "warning"
            else "note"
            if severity == "note"
            else "error",
            message=message,
            file=self.file,
            line=pos.line,
            column=pos.column,
        )

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def read_document(raw: bytes | str, file: str) -> Document:
    """Parse `raw` safely; problems are collected on the returned document."""
    text, problem = _decode(raw, file)
    doc = Document(file=file, text=text)
    if problem:
        doc.problems.append(problem)
        return doc
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.problems.append(
            Problem(
                "SF004", "error", "the file is empty: start it with `starframe: 1`.", file, 1, 1
            )
        )
        return doc
    tabs = _tab_indent(text, file)
    if tabs:
        doc.problems.append(tabs)
        return doc
    from starframe.documents.composer import compose_data

    doc.data = compose_data(text, doc, pure=not _HAVE_LIBYAML)
    return doc


def _decode(raw: bytes | str, file: str) -> tuple[str, Problem | None]:
    if isinstance(raw, str):
        raw_len = len(raw.encode("utf-8", "surrogatepass"))
        text = raw
    else:
        raw_len = len(raw)
        text = ""
    if raw_len > MAX_BYTES:
        return "", Problem(
            "SF002",
            "error",
            f"the file is {raw_len:,} bytes; starframe reads files up to {MAX_BYTES:,} bytes. "
            "Split it (translations and practice cases can live in their own files).",
            file,
        )
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            line = before.count(b"\n") + 1
            column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
            return "", Problem(
                "SF003",
                "error",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8 "
                "(most editors offer this under 'Save with encoding').",
                file,
                line,
                column,
            )
    text = text.removeprefix(BOM)
    odd = _NOT_TEXT.search(text)
    if odd:
        return "", not_text_problem(text, odd.start(), file)
    return text, None


def not_text_problem(text: str, offset: int, file: str) -> Problem:
    """SF003 at the line and column of a control character (or another non-text one)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    char = text[offset]
    if char == "\x00":
        what = "binary data (a NUL byte)"
    elif "\ud800" <= char <= "\udfff":
        what = f"a lone surrogate U+{ord(char):04X} (text decoded from something else)"
    else:
        what = f"the control character U+{ord(char):04X}"
    return Problem(
        "SF003",
        "error",
        f"the file holds {what}, which is not text: remove it (an editor that shows "
        "invisible characters finds it).",
        file,
        line,
        column,
    )


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _tab_indent(text: str, file: str) -> Problem | None:
    match = _TAB_INDENT.search(text)
    if not match:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.end() - match.start()
    return Problem(
        "SF006",
        "error",
        "a tab is used for indentation; YAML indents with spaces only. "
        "Replace the tab with spaces (set your editor to insert spaces).",
        file,
        line,
        column,
    )


def _libyaml_available() -> bool:
    """libyaml (ruamel.yaml.clib) parses ten times faster and keeps the same positions."""
    from importlib.util import find_spec

    return find_spec("_ruamel_yaml") is not None


_HAVE_LIBYAML = _libyaml_available()
