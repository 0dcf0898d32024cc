"""Write a workbook's texts back into the Star's YAML and its translation files.

ruamel.yaml's round-trip mode keeps the author's comments, key order and quoting; a wide line
width and the file's own indentation keep every untouched line as it was, so the diff shows
only the texts that changed (a replaced text keeps its old scalar style: quoted, literal, plain).
Nothing is written unless every result passes the checks of `starframe validate`.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

from starframe.definition.load import LoadedStar, load_star_text
from starframe.definition.models import Star
from starframe.definition.translation import check_against, load_translation_text
from starframe.problems import Problem
from starframe.wording.texts import TextKey, TextValue, Wording


@dataclass
class Change:
    """What an import would do to one file."""

    path: Path
    language: str
    before: bytes | None
    """None for a translation file that does not exist yet."""
    after: bytes
    counts: Counter[str] = field(default_factory=Counter)
    """Texts changed per sheet."""


@dataclass
class Outcome:
    changes: list[Change]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def round_trip(text: str) -> YAML:
    """A ruamel round-trip loader/dumper that writes `text` back as it was."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    mapping, sequence, offset = detect_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def detect_indent(text: str) -> tuple[int, int, int]:
    """The file's own (mapping, sequence, dash offset) indents; ruamel does not detect them."""
    lines = text.splitlines()
    mapping, sequence, offset = 2, 4, 2
    for before, after in pairwise(lines):
        key = re.match(r"^( *)[^\s#-][^:]*:\s*$", before)
        if not key:
            continue
        dash = re.match(r"^( *)- +", after)
        if dash:
            offset = len(dash.group(1)) - len(key.group(1))
            sequence = len(dash.group(0)) - len(key.group(1))
            break
    for before, after in pairwise(lines):
        key = re.match(r"^( *)[^\s#-][^:]*:\s*$", before)
        inner = re.match(r"^( *)[^\s#-]", after)
        if key and inner and len(inner.group(1)) > len(key.group(1)):
            mapping = len(inner.group(1)) - len(key.group(1))
            break
    return mapping, max(sequence, offset + 2), offset


def _dump(yaml: YAML, document: Any) -> bytes:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue().encode("utf-8")


def _same(old: TextValue | None, new: TextValue | None) -> bool:
    def norm(value: TextValue | None) -> Any:
        if isinstance(value, tuple):
            return tuple(v.strip() for v in value)
        return value.strip() if isinstance(value, str) else None

    return bool(norm(old) == norm(new))


def _styled(old: object, new: str) -> str:
    """`new` in the scalar style of the text it replaces."""
    if isinstance(old, ScalarString):
        if isinstance(old, LiteralScalarString) and old.endswith("\n") and not new.endswith("\n"):
            new += "\n"
        styled: str = type(old)(new)
        return styled
    if "\n" in new:
        return _literal(new)
    return new


def _literal(text: str) -> str:
    """A multi-line text as a literal block (`|`), as an author would write it."""
    block: str = LiteralScalarString(text + "\n")
    return block


def _set(container: Any, key: Any, value: TextValue | None) -> None:
    if value is None:
        if key in container:
            del container[key]
        return
    if isinstance(value, tuple):
        old = container.get(key)
        if isinstance(old, CommentedSeq) and len(old) == len(value):
            for index, item in enumerate(value):
                if str(old[index]).strip() != item:
                    old[index] = _styled(old[index], item)
        else:
            container[key] = CommentedSeq(value)
        return
    container[key] = _styled(container.get(key), value)


def _by_id(items: Any, item_id: str) -> Any:
    return next(item for item in items if item.get("id") == item_id)


def _star_place(document: Any, key: TextKey) -> tuple[Any, Any]:
    if key.sheet == "Star":
        return document, key.field
    if key.sheet == "Journey":
        return _by_id(document["journey"], key.item), key.field
    scale = _by_id(document["scales"], key.item)
    if key.sheet == "Scales":
        return scale, key.field
    return scale["ladder"], key.point


def _child(container: Any, key: Any) -> Any:
    if not isinstance(container.get(key), CommentedMap):
        container[key] = CommentedMap()
    return container[key]


def _translation_place(document: Any, key: TextKey) -> tuple[Any, Any]:
    if key.sheet == "Star":
        return document, key.field
    if key.sheet == "Journey":
        return _child(_child(document, "journey"), key.item), key.field
    scale = _child(_child(document, "scales"), key.item)
    if key.sheet == "Scales":
        return scale, key.field
    return _child(scale, "ladder"), key.point


def _prune(document: Any) -> None:
    """Drop mappings an import emptied (a stage with no translated text left)."""
    for section in ("journey", "scales"):
        items = document.get(section)
        if not isinstance(items, CommentedMap):
            continue
        for item_id in list(items):
            item = items[item_id]
            ladder = item.get("ladder") if isinstance(item, CommentedMap) else None
            if isinstance(ladder, CommentedMap) and not ladder:
                del item["ladder"]
            if isinstance(item, CommentedMap) and not item:
                del items[item_id]
        if not items:
            del document[section]


def new_translation_document(star: Star, language: str) -> CommentedMap:
    document = CommentedMap()
    document["starframe"] = 1
    document["kind"] = "translation"
    document["star"] = star.id
    document["edition"] = DoubleQuotedScalarString(star.edition)
    document["language"] = language
    return document


def plan_import(
    star_file: Path,
    star_bytes: bytes,
    current: Wording,
    edited: Wording,
    translation_bytes: dict[str, bytes | None],
    loaded_before: LoadedStar | None = None,
) -> Outcome:
    """What importing `edited` over `current` would write, checked; nothing is written here.

    `translation_bytes` holds each other language's file as read (None where it is new).
    A file is parsed for its round trip only when one of its texts changed (ruamel's
    round-trip parser, pure Python, is most of an import's time); an unchanged Star file is
    not checked again when `loaded_before` is its check as read.
    """
    problems: list[Problem] = []
    changes: list[Change] = []
    counts: Counter[str] = Counter()
    after = star_bytes
    if _differs(current, edited, edited.language):
        star_text = star_bytes.decode("utf-8")
        yaml = round_trip(star_text)
        document = yaml.load(star_text)
        counts = _apply(current, edited, edited.language, document, _star_place)
        after = _dump(yaml, document) if counts else star_bytes
    if counts or loaded_before is None:
        loaded = load_star_text(after, str(star_file))
    else:
        loaded = loaded_before
    problems += loaded.problems
    changes.append(Change(star_file, edited.language, star_bytes, after, counts))
    new_star = loaded.star
    if new_star is None:
        return Outcome(changes, problems)
    for language in edited.languages:
        path = star_file.parent / f"{edited.star_id}.{language}.yaml"
        before = translation_bytes.get(language)
        if not _differs(current, edited, language):
            continue
        if before is None:
            if not edited.texts.get(language):
                continue
            text_yaml = round_trip("")
            translation = new_translation_document(new_star, language)
        else:
            text = before.decode("utf-8")
            text_yaml = round_trip(text)
            translation = text_yaml.load(text)
        counts = _apply(current, edited, language, translation, _translation_place)
        if not counts:
            continue
        _prune(translation)
        result = _dump(text_yaml, translation)
        checked = load_translation_text(result, str(path))
        check_against(checked, new_star)
        problems += checked.problems
        changes.append(Change(path, language, before, result, counts))
    return Outcome(changes, problems)


def _differs(current: Wording, edited: Wording, language: str) -> bool:
    """Whether any text of `language` changed: cheap, so the round trip can be skipped."""
    old = current.texts.get(language, {})
    new = edited.texts.get(language, {})
    return any(not _same(old.get(key), new.get(key)) for key in set(old) | set(new))


def _apply(
    current: Wording,
    edited: Wording,
    language: str,
    document: Any,
    place: Any,
) -> Counter[str]:
    counts: Counter[str] = Counter()
    old = current.texts.get(language, {})
    new = edited.texts.get(language, {})
    for key in sorted(set(old) | set(new)):
        if _same(old.get(key), new.get(key)):
            continue
        container, name = place(document, key)
        _set(container, name, new.get(key))
        counts[key.sheet] += 1
    return counts
