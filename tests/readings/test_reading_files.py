"""Reading files and JSON Lines: positions of problems, and the committed JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from starframe.readings.export import safe_cell
from starframe.readings.files import read_reading_file
from starframe.readings.models import Reading
from starframe.schemas import render_schema
from starframe.transfer.records import read_records

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "starframe": 1,
    "kind": "reading",
    "star": "justice",
    "edition": "1.0",
    "person": "P-1",
    "worker": "W-1",
    "date": "2024-03-01",
    "scores": {"accommodation": 7, "parenting-caring": "n/a"},
}


def test_reading_schema_is_committed_and_current() -> None:
    committed = ROOT / "schemas" / "reading.schema.json"
    assert committed.read_text(encoding="utf-8") == render_schema("reading.schema.json"), (
        "schemas/reading.schema.json is out of date: run `starframe schema --out schemas`"
    )


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "reading.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_accepts_a_reading_and_the_model_agrees(validator: Draft202012Validator) -> None:
    assert list(validator.iter_errors(GOOD)) == []
    Reading.model_validate(GOOD)


def test_scores_outside_every_ladder_fail_the_schema(validator: Draft202012Validator) -> None:
    """The model leaves ranges to the Star's rules, which name the Star's own range."""
    assert not validator.is_valid({**GOOD, "scores": {"accommodation": 0}})


@pytest.mark.parametrize(
    "change",
    [
        {"scores": {"accommodation": "seven"}},
        {"date": "1 March"},
        {"mode": "alone"},
        {"colour": "blue"},
        {"person": "has spaces"},
    ],
)
def test_schema_rejects_what_the_model_rejects(
    validator: Draft202012Validator, change: dict[str, object]
) -> None:
    document = {**GOOD, **change}
    assert not validator.is_valid(document)
    with pytest.raises(ValueError, match="validation error"):
        Reading.model_validate(document)


def test_a_yaml_reading_file(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "starframe: 1\nkind: reading\nstar: justice\nedition: 1.0\nperson: P-1\n"
        "worker: W-1\ndate: 2024-03-01\nscores:\n  accommodation: 7\n",
        encoding="utf-8",
    )
    loaded = read_reading_file(path)
    (problem,) = loaded.problems
    assert (problem.line, problem.column, problem.code) == (4, 10, "SF103")
    assert 'edition: "1.0"' in problem.message


def test_a_star_file_is_not_a_reading(tmp_path: Path) -> None:
    path = tmp_path / "star.yaml"
    path.write_text("starframe: 1\nkind: star\nid: x\n", encoding="utf-8")
    (problem,) = read_reading_file(path).problems
    assert "a reading is expected here" in problem.message


def test_json_lines_errors_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    good = json.dumps(GOOD)
    path.write_text(
        "\n".join(
            [
                good,
                "",
                good.replace('"date": "2024-03-01"', '"date": "2024-13-01"'),
                '{"starframe": 1, "kind": "reading", "kind": "person"}',
                "{not json",
                good,
            ]
        ),
        encoding="utf-8",
    )
    loaded = read_records(path)
    assert len(loaded.records) == 2
    assert [r.line for r in loaded.records] == [1, 6]
    lines = sorted({p.line for p in loaded.problems})
    assert lines == [3, 4, 5]
    duplicate = next(p for p in loaded.problems if p.line == 4)
    assert "duplicate key `kind`" in duplicate.message
    date = next(p for p in loaded.problems if p.line == 3)
    assert date.column == good.index('"2024-03-01"') + 1


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    (missing,) = read_records(tmp_path / "missing.jsonl").problems
    assert missing.code == "SF001"
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "caf\xe9"}\n')
    (problem,) = read_records(path).problems
    assert (problem.code, problem.line) == ("SF003", 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 123", "'+44 123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-2, -2),
    ],
)
def test_spreadsheet_formulas_are_made_inert(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
