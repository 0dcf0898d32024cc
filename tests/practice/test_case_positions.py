"""Practice cases fit their Star exactly; mistakes are reported at their line."""

from __future__ import annotations

import pytest

from starframe.definition.load import load_star_file
from starframe.practice.models import check_case, load_case_text
from tests.practice.conftest import TINY_CASE as CASE
from tests.practice.conftest import TINY_STAR


def problems(text: str) -> list[tuple[str, int]]:
    star = load_star_file(TINY_STAR).star
    assert star is not None
    loaded = load_case_text(text, "case.yaml")
    check_case(loaded, star)
    return [(p.code, p.line) for p in loaded.problems]


def line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_case_that_fits_has_no_problems() -> None:
    assert problems(CASE) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "at"),
    [
        ("  health:\n", "  wealth:\n", "SF602", "  wealth:"),
        ("    score: 4", "    score: 5", "SF603", "    score: 5"),
        ("    score: 4", "    score: n/a", "SF603", "    score: n/a"),
        ("star: tiny", "star: other", "SF601", "star: other"),
        (
            "  health:\n    score: 4\n    rationale: Looks after their health well.\n",
            "",
            "SF604",
            "scores:",
        ),
        ("    rationale: Has asked for help with debts.\n", "", "SF102", "  money:"),
    ],
)
def test_a_mistake_is_reported_at_its_line(old: str, new: str, code: str, at: str) -> None:
    text = CASE.replace(old, new)
    assert (code, line(text, at)) in problems(text)
