"""starframe.testing: the checks plugins run on their own files catch what they promise to."""

from __future__ import annotations

from pathlib import Path

import pytest

from starframe.definition.models import Star
from starframe.practice.models import PracticeCase
from starframe.testing import (
    case_position,
    case_set_problems,
    load_shipped_cases,
    load_shipped_star,
)
from tests.conftest import SHIPPED_STARS, TINY_STAR

VIGNETTE = " ".join(["Sam has moved into a flat and is finding their feet."] * 16)


@pytest.fixture(scope="module")
def justice() -> Star:
    return load_shipped_star(SHIPPED_STARS["justice"])


def case(
    star: Star, case_id: str, points: list[int | str], rationale: str = "Why."
) -> PracticeCase:
    return PracticeCase.model_validate(
        {
            "starframe": 1,
            "kind": "practice-case",
            "id": case_id,
            "star": star.id,
            "edition": star.edition,
            "title": case_id,
            "vignette": VIGNETTE,
            "scores": {
                scale.id: {"score": point, "rationale": rationale}
                for scale, point in zip(star.scales, points, strict=True)
            },
        }
    )


def spread(justice: Star) -> list[PracticeCase]:
    return [
        case(justice, "early", [1, 2, 3, 4, 2, "n/a", 1, 3, 2, 4]),
        case(justice, "mixed", [2, 5, 6, 8, 3, 5, 9, 6, 4, 7]),
        case(justice, "later", [9, 8, 10, 7, 9, 8, 10, 7, 9, 6]),
    ]


def test_a_set_spanning_the_journey_has_no_problems(justice: Star) -> None:
    cases = spread(justice)
    assert [case_position(justice, c) for c in cases] == ["early", "mixed", "later"]
    assert case_set_problems(justice, cases) == []


def test_each_shortcoming_is_named(justice: Star) -> None:
    cases = spread(justice)[:2]
    cases[0] = case(justice, "early", [1, 2, 3, 4, 2, 1, 1, 3, 2, 4], rationale="No full stop")
    problems = case_set_problems(justice, cases)
    assert any(
        p.startswith("justice@1.0 has 2 practice cases; a Star ships at least 3") for p in problems
    )
    assert (
        "case `early` › `accommodation`: the rationale has 0 sentences; write 1 or 2, ending "
        "each with a full stop." in problems
    )
    assert any(p.startswith("no practice case marks any of parenting-caring") for p in problems)


def test_the_spread_is_stated_in_stages_whatever_their_number(justice: Star) -> None:
    # Every score in the middle stages: neither end of the journey is reached.
    middle = [case(justice, f"c{n}", [3, 4, 5, 6, 7, 8, "n/a", 5, 4, 6]) for n in range(3)]
    (problem,) = case_set_problems(justice, middle)
    assert "never reach the first stage (`Stuck`) or the last stage (`Self-reliance`)" in problem
    # The first and the last only: the stages between are not reached.
    ends = [case(justice, f"c{n}", [1, 2, 9, 10, 1, "n/a", 2, 9, 10, 1]) for n in range(3)]
    (problem,) = case_set_problems(justice, ends)
    assert "never reach a stage between them" in problem


def test_a_shipped_star_with_warnings_fails_unless_allowed(tmp_path: Path) -> None:
    draft = tmp_path / "star.yaml"
    text = TINY_STAR.read_text(encoding="utf-8")
    draft.write_text(text.replace("    summary: Things are getting better.\n", ""), "utf-8")
    with pytest.raises(AssertionError, match="SF401"):
        load_shipped_star(draft)
    assert load_shipped_star(draft, warnings_allowed=True).id == "tiny"


def test_a_case_that_does_not_fit_fails_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "practice"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        "starframe: 1\nkind: practice-case\nid: bad\nstar: tiny\nedition: '1.0'\ntitle: Bad\n"
        "vignette: Text.\nscores:\n  home:\n    score: 9\n    rationale: Why.\n",
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match=r"bad\.yaml:10:12: error SF603"):
        load_shipped_cases(load_shipped_star(TINY_STAR), folder)
