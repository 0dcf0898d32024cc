"""A bad JSON Lines line is placed from what json read, and points where YAML would (issue 19,
item 6): a 20,000-line export of bad records took seven times as long to reject as a good one
to read, because each bad line was read again as YAML for the positions of its problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import starframe.documents.document as document
import starframe.readings.files as files
from starframe.definition.rules import Violation
from starframe.documents.document import Document, read_document
from starframe.readings.json_line import json_line_document

TRICKY = " :#'\"-?!&*|>%@`,[]{}\\/\t\r\x85\u2028\u2029\xa0\ufeff\u200bé中😀\x00\x07\x1b\x7f\ud800"
"""Characters YAML and JSON treat specially somewhere, or differently."""
KEY_LENGTHS = (1, 998, 999, 1000, 1030)
"""Around the longest key YAML reads in flow style (1,024 characters from its quote)."""


def _text() -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=6)


def _keys() -> st.SearchStrategy[str]:
    return _text() | st.sampled_from(KEY_LENGTHS).map(lambda length: "k" * length)


SCALARS = (
    _text()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys(), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def json_lines(draw: st.DrawFn) -> str:
    """A line of JSON as an export or an editor might write it, with its escapes varied."""
    value = draw(VALUES)
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]))
    line = json.dumps(value, ensure_ascii=draw(st.booleans()), separators=separators)
    if draw(st.booleans()):
        line = line.replace("/", "\\/").replace("a", "\\u0061")
    return " " * draw(st.integers(0, 2)) + line + draw(st.sampled_from(["", " ", "\r", " \r"]))


def _paths(doc: Document) -> set[tuple[str | int, ...]]:
    """Every place YAML found, and places beside and below them that are not in the file."""
    found = set(doc.values) | set(doc.keys)
    return found | {(*path, step) for path in found for step in ("zz", 0, 1, 7)}


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(line=json_lines())
def test_a_placed_line_points_where_yaml_does(
    line: str, pure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "_HAVE_LIBYAML", not pure)
    try:
        data = files._DECODER.decode(line)
    except ValueError:  # a repeated key, or not JSON: read as YAML as before
        return
    placed = json_line_document(line, "f.jsonl", 1, data)
    if placed is None:
        return
    yaml = read_document(line, "f.jsonl")
    assert yaml.problems == []
    assert repr(yaml.data) == repr(data)  # repr: NaN is not equal to itself
    for path in _paths(yaml):
        for key in (False, True):
            assert placed.locate(path, key=key) == yaml.locate(path, key=key), (path, key)


@pytest.mark.parametrize(
    "line",
    [
        '{"a":\t1}',
        '{"a":\r1}',
        '{"a":"x\x85y"}',
        '{"a\u2028":1}',
        '{"\ufeffa":[1]}',
        '{"a":"\\ud83d\\ude00"}',
        '{"a":NaN}',
        "[1, -Infinity]",
        '{"' + "k" * 1030 + '":1}',
        '{"a":"\x7f"}',
    ],
    ids=["tab", "cr", "nel", "separator", "bom", "surrogates", "nan", "infinity", "long", "del"],
)
def test_what_yaml_reads_otherwise_is_read_as_yaml(line: str) -> None:
    assert json_line_document(line, "f.jsonl", 1, json.loads(line)) is None


BAD_PERSON = '{{"starframe": 1, "kind": "person", "code": "P{}", "consent_date": "yesterday"}}'


def test_bad_lines_are_not_read_again_as_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(BAD_PERSON.format(i) for i in range(50)) + "\n", encoding="utf-8")
    monkeypatch.setattr(files, "json_line_document", lambda *given: None)
    as_yaml = files.read_file(path, files.MODELS).problems
    monkeypatch.undo()

    def refuse(raw: Any, file: str) -> Document:
        raise AssertionError("an ordinary bad line was read again as YAML")

    monkeypatch.setattr(files, "read_document", refuse)
    problems = files.read_file(path, files.MODELS).problems
    assert problems == as_yaml
    column = BAD_PERSON.format(0).index('"yesterday"') + 1
    assert [(p.code, p.line, p.column) for p in problems[:2]] == [
        ("SF199", 1, column),
        ("SF199", 2, column),
    ]


def test_problems_found_later_point_where_yaml_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record checked against its Star after reading is placed the same way."""
    path = tmp_path / "people.jsonl"
    path.write_text(
        '{"starframe":1,"kind":"person","code":"P1","consent_date":"2024-01-01"}\n'
        '  {"starframe": 1, "kind": "person", "code": "P2", "consent_date": "2024-01-01"}\n',
        encoding="utf-8",
    )
    records = files.read_file(path, files.MODELS).records
    violations = [
        Violation("SF701", ("code",), "a code"),
        Violation("SF702", ("consent_date",), "a date", key=True),
        Violation("SF703", ("missing", 3), "nowhere"),
    ]
    placed = [record.problems(violations) for record in records]
    monkeypatch.setattr(files, "json_line_document", lambda *given: None)
    assert placed == [record.problems(violations) for record in records]
    assert [(p.line, p.column) for p in placed[1]] == [(2, 46), (2, 52), (2, 3)]
