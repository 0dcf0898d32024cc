"""Read a starframe YAML file into plain data plus the position of every key and value.

We compose ruamel.yaml's node tree ourselves instead of letting ruamel construct objects: that
way no tag can ever build a Python object, duplicate keys and alias bombs are caught with their
line numbers, and validation errors can be mapped back to the exact place in the file.
Anything wrong ends as `Problem`s; this module never lets another exception out for bad input.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from starframe.problems import Problem

MAX_BYTES = 2 * 1024 * 1024
"""Larger than any real Star with translations (a 16-scale Star is about 40 KB)."""

MAX_NODES = 200_000
"""Values allowed after expanding aliases: stops 'billion laughs' documents early."""

Path = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_BLOCK_TAGS = {f"{_YAML}map", f"{_YAML}seq"}
_BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")
"""Lone surrogates: text decoded with errors allowed, which no YAML parser can take."""


@dataclass(frozen=True)
class Position:
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
            severity="warning" if severity == "warning" else "error",
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
    node = _compose(text, doc)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
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
    text = text.removeprefix(_BOM)
    if "\x00" in text or _SURROGATE.search(text):
        return "", Problem(
            "SF003", "error", "the file holds binary data, not YAML text.", file, 1, 1
        )
    return text, None


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
    """libyaml (ruamel.yaml.clib) composes ten times faster and keeps the same positions."""
    from importlib.util import find_spec

    return find_spec("_ruamel_yaml") is not None


_HAVE_LIBYAML = _libyaml_available()


@cache
def _yaml12_resolver() -> type:
    """ruamel's resolver, fixed at YAML 1.2: `yes` and `on` stay text in every file.

    ruamel looks the version up again for every scalar (raising and catching AttributeError
    twice each time); fixing it makes composing a Star about 40% faster.
    """
    from ruamel.yaml.resolver import VersionedResolver

    class Yaml12Resolver(VersionedResolver):
        @property
        def processing_version(self) -> tuple[int, int]:
            return (1, 2)

    return Yaml12Resolver


def _compose(text: str, doc: Document) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=not _HAVE_LIBYAML)
    yaml.Resolver = _yaml12_resolver()
    try:
        return yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "this is not valid YAML").strip()
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = _syntax_hint(what)
        doc.problems.append(
            Problem("SF005", "error", f"YAML syntax: {what}. {hint}", doc.file, line, column)
        )
    except (YAMLError, RecursionError, ValueError) as exc:
        doc.problems.append(
            Problem("SF005", "error", f"YAML syntax: {exc}. Check the file's structure.", doc.file)
        )
    return None


def _syntax_hint(what: str) -> str:
    if "another document" in what:
        return "A starframe file holds one document: remove the extra `---`."
    if "mapping values are not allowed" in what:
        return "Put text that contains ': ' in double quotes."
    if "found undefined alias" in what:
        return "Define the anchor (&name) before using it (*name), or write the value out."
    return "Check indentation, quotes and brackets around this place."


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing unsafe input."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.budget = MAX_NODES
        self.active: set[int] = set()

    def build(self, node: Any, path: Path) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self._fail(node, "SF009", _TOO_BIG)
            return None
        self.doc.values.setdefault(path, _position(node))
        if id(node) in self.active:
            self._fail(node, "SF009", "an alias refers to itself: write the value out instead.")
            return None
        kind = type(node).__name__
        tag = node.tag  # a computed property in ruamel: read it once per node
        if kind == "ScalarNode":
            return self._scalar(node, tag)
        if tag not in _BLOCK_TAGS:
            self._fail(node, "SF008", _tag_message(tag))
            return None
        self.active.add(id(node))
        try:
            if kind == "SequenceNode":
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: Any, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            where = _position(key_node)
            key_tag = key_node.tag
            if key_tag == f"{_YAML}merge":
                self._fail(
                    key_node, "SF008", "merge keys (`<<`) are not supported: write keys out."
                )
                continue
            if type(key_node).__name__ != "ScalarNode":
                self._fail(key_node, "SF005", "a key must be plain text, not a list or mapping.")
                continue
            key = self._scalar(key_node, key_tag)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = str(key_node.value)
            if key in seen:
                first = seen[key]
                self._fail(
                    key_node,
                    "SF007",
                    f"duplicate key `{key}` (first at line {first.line}): "
                    "a key may appear once per mapping; remove or merge one of them.",
                )
                continue
            seen[key] = where
            self.doc.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: Any, tag: str) -> Any:
        value: str = node.value
        if tag not in _PLAIN_TAGS:
            self._fail(node, "SF008", _tag_message(tag))
            return None
        if tag.endswith(":str"):
            return value
        converted = _CONVERT[tag.rsplit(":", 1)[1]](value)
        return value if converted is _UNCHANGED else converted

    def _fail(self, node: Any, code: str, message: str) -> None:
        pos = _position(node)
        self.doc.problems.append(
            Problem(code, "error", message, self.doc.file, pos.line, pos.column)
        )


_TOO_BIG = (
    f"the document expands to more than {MAX_NODES:,} values (aliases repeated inside aliases): "
    "write the values out, without nested aliases."
)


def _tag_message(tag: str | None) -> str:
    shown = (tag or "").replace(_YAML, "!!")
    return (
        f"the tag `{shown}` is not allowed: starframe files hold plain text, numbers, "
        "lists and mappings only. Remove the tag."
    )


def _position(node: Any) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


_UNCHANGED = object()


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


_CONVERT = {
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "null": lambda _value: None,
    "timestamp": _to_timestamp,
}
