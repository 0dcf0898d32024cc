"""The committed JSON Schemas: in step with the models, and right about real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from starframe.schemas import SCHEMAS, render_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schemas"
TESTS = Path(__file__).resolve().parent
SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)\n")
SHIPPED = sorted(ROOT.glob("plugins/*/starframe_*/stars/*.yaml"))
SHIPPED_STARS = [p for p in SHIPPED if p.name.count(".") == 1]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = SCHEMA_DIR / name
    assert committed.is_file(), f"schemas/{name} is missing: run `make schemas`"
    assert committed.read_text(encoding="utf-8") == render_schema(name), (
        f"schemas/{name} is out of date with the models: run `make schemas` "
        "(starframe schema --out schemas) and commit the result"
    )


def test_no_stale_schema_files_are_committed() -> None:
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMAS)


def _editor_view(path: Path) -> Any:
    """The file as a YAML-aware editor sees it: JSON data, mapping keys as strings."""
    return _stringify_keys(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def _stringify_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


@pytest.fixture(scope="module")
def star_validator() -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / "star.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_there_are_shipped_stars() -> None:
    assert {p.name for p in SHIPPED_STARS} >= {"justice.yaml", "parent-baby.yaml"}


@pytest.mark.parametrize("path", [*SHIPPED_STARS, TESTS / "data" / "tiny-star.yaml"], ids=str)
def test_schema_accepts_valid_stars(star_validator: Draft202012Validator, path: Path) -> None:
    errors = [e.message for e in star_validator.iter_errors(_editor_view(path))]
    assert errors == []


def _tiny() -> dict[str, Any]:
    data = _editor_view(TESTS / "data" / "tiny-star.yaml")
    assert isinstance(data, dict)
    return data


def _unknown_key(data: dict[str, Any]) -> None:
    data["scales"][0]["colour"] = "blue"


def _missing_ladder_point(data: dict[str, Any]) -> None:
    del data["scales"][1]["ladder"]["3"]


def _missing_point_with_default_points(data: dict[str, Any]) -> None:
    del data["points"]  # the default is 10: every ladder now lacks points 5..10
    data["journey"][1]["points"] = [3, 10]


def _wrong_type(data: dict[str, Any]) -> None:
    data["edition"] = 1.0


def _bad_slug(data: dict[str, Any]) -> None:
    data["scales"][2]["id"] = "Health Care"


def _blank_wording(data: dict[str, Any]) -> None:
    data["scales"][0]["ladder"]["2"] = "   "


def _missing_required(data: dict[str, Any]) -> None:
    del data["scales"][0]["label"]


@pytest.mark.parametrize(
    "breaks",
    [
        _unknown_key,
        _missing_ladder_point,
        _missing_point_with_default_points,
        _wrong_type,
        _bad_slug,
        _blank_wording,
        _missing_required,
    ],
)
def test_schema_rejects_broken_stars(star_validator: Draft202012Validator, breaks: Any) -> None:
    data = _tiny()
    assert star_validator.is_valid(data)
    breaks(data)
    assert not star_validator.is_valid(data)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_name_their_schema_by_a_path_that_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = SCHEMA_COMMENT.match(text)
    assert match, f"{path.name} must start with `# yaml-language-server: $schema=...`"
    target = (path.parent / match["path"]).resolve()
    assert target.is_file(), f"{path.name} points at {target}, which does not exist"
    assert target.parent == SCHEMA_DIR
    kind = YAML(typ="safe", pure=True).load(text)["kind"]
    assert target.name == f"{kind}.schema.json"


def test_test_data_names_the_star_schema() -> None:
    path = TESTS / "data" / "tiny-star.yaml"
    match = SCHEMA_COMMENT.match(path.read_text(encoding="utf-8"))
    assert match
    assert (path.parent / match["path"]).resolve() == SCHEMA_DIR / "star.schema.json"


@pytest.fixture(scope="module")
def answers_validator() -> Draft202012Validator:
    path = SCHEMA_DIR / "practice-answers.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_answers_schema_accepts_scores_and_not_applicable(
    answers_validator: Draft202012Validator,
) -> None:
    answers = {
        "starframe": 1,
        "kind": "practice-answers",
        "case": "dean-after-release",
        "scores": {"accommodation": 3, "parenting-caring": "n/a"},
    }
    assert list(answers_validator.iter_errors(answers)) == []


@pytest.mark.parametrize(
    "change",
    [
        {"scores": {"accommodation": "three"}},
        {"scores": {"accommodation": 3.5}},
        {"kind": "practice-case"},
        {"case": "Dean After Release"},
        {"trainee": "Ana"},
    ],
    ids=["word-score", "fraction", "wrong-kind", "bad-case-id", "unknown-key"],
)
def test_answers_schema_rejects_what_submit_would_refuse(
    answers_validator: Draft202012Validator, change: dict[str, Any]
) -> None:
    answers = {"starframe": 1, "kind": "practice-answers", "case": "dean", "scores": {}}
    assert not answers_validator.is_valid({**answers, **change})
