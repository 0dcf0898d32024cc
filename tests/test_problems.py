"""Problem records and how they are shown: `file:line:col: severity CODE: message` + caret."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from starframe.definition.load import load_star_text
from starframe.problems import Problem, has_errors

GOLDEN = Path(__file__).parent / "golden"
SOURCE = "starframe: 1\nkind: star\nid: Bad_Id\nname: x\n"


def test_render_head_source_line_and_caret() -> None:
    problem = Problem("SF104", "error", "`Bad_Id` is not allowed.", "star.yaml", 3, 5)
    head, source, caret = problem.render(SOURCE).splitlines()
    assert head == "star.yaml:3:5: error SF104: `Bad_Id` is not allowed."
    assert source.endswith("| id: Bad_Id")
    assert source.split("|")[0].strip() == "3"
    # The caret sits under column 5, the `B` of the bad value.
    assert caret.index("^") == source.index("Bad_Id")
    assert caret.rstrip().endswith("^")


def test_render_caret_at_column_one() -> None:
    problem = Problem("SF101", "error", "unknown key.", "s.yaml", 4, 1)
    _, source, caret = problem.render(SOURCE).splitlines()
    assert caret.index("^") == source.index("name: x")


def test_render_warning_says_warning() -> None:
    problem = Problem("SF403", "warning", "placeholder.", "s.yaml", 2, 7)
    assert problem.render(SOURCE).startswith("s.yaml:2:7: warning SF403: placeholder.\n")


def test_render_tab_in_source_keeps_the_caret_aligned() -> None:
    source = "starframe: 1\n\tkind: star\n"
    problem = Problem("SF006", "error", "tab.", "t.yaml", 2, 1)
    _, shown, caret = problem.render(source).splitlines()
    assert "\t" not in shown
    assert caret.index("^") == shown.index("|") + 2


def test_render_without_a_position_or_source_is_one_line() -> None:
    assert Problem("SF002", "error", "too big.", "big.yaml").render(SOURCE) == (
        "big.yaml: error SF002: too big."
    )
    assert Problem("SF104", "error", "bad.", "s.yaml", 3, 5).render() == (
        "s.yaml:3:5: error SF104: bad."
    )


def test_render_line_beyond_the_text_shows_no_excerpt() -> None:
    rendered = Problem("SF005", "error", "eof.", "s.yaml", 99, 1).render(SOURCE)
    assert rendered == "s.yaml:99:1: error SF005: eof."


def test_render_of_a_loaded_problem_points_at_the_typo() -> None:
    text = (GOLDEN / "sf101_typo_in_scale.yaml").read_text(encoding="utf-8")
    loaded = load_star_text(text, "scale.yaml")
    unknown = next(p for p in loaded.problems if p.code == "SF101")
    head, source, caret = unknown.render(text).splitlines()
    assert head.startswith(f"scale.yaml:{unknown.line}:{unknown.column}: error SF101: ")
    assert source.endswith("|     lable: Money")
    assert caret.index("^") == source.index("lable")


def test_record_has_the_documented_fields() -> None:
    record = Problem("SF104", "error", "bad.", "s.yaml", 3, 5).as_record()
    assert record == {
        "code": "SF104",
        "severity": "error",
        "message": "bad.",
        "file": "s.yaml",
        "line": 3,
        "column": 5,
    }


@pytest.mark.parametrize(
    ("severities", "strict", "fails"),
    [
        ([], False, False),
        ([], True, False),
        (["warning"], False, False),
        (["warning"], True, True),
        (["error"], False, True),
        (["warning", "error"], False, True),
    ],
)
def test_has_errors(severities: list[str], strict: bool, fails: bool) -> None:
    problems = [Problem("SF000", s, "m", "f") for s in severities]  # type: ignore[arg-type]
    assert has_errors(problems, strict=strict) is fails


def test_too_few_scales_names_the_models_own_limits() -> None:
    """The generic validator reads the bounds from the Star model, not from a copy of them."""
    from ruamel.yaml import YAML

    from starframe.definition.models import MAX_SCALES, MIN_SCALES

    yaml = YAML()
    data = yaml.load(
        Path(__file__)
        .resolve()
        .parents[1]
        .joinpath("plugins/justice/starframe_justice/stars/justice.yaml")
        .read_text()
    )
    data["scales"] = data["scales"][:1]
    text = io.StringIO()
    yaml.dump(data, text)
    messages = [p.message for p in load_star_text(text.getvalue(), "x.yaml").problems]
    assert f"`scales`: has 1 item; a Star has {MIN_SCALES} to {MAX_SCALES} scales." in messages
