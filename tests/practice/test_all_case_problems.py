"""Practice cases and answers files: a value that fails hides no problem with the others.

An `N/A` (for `n/a`) among the scores used to stop the file at the shape check, so an unknown
scale and a score off the ladder appeared only after it was fixed.
"""

from __future__ import annotations

from starframe.definition.models import Star
from starframe.practice.answers import check_answers, load_answers_text
from starframe.practice.models import check_case, load_case_text
from tests.practice.conftest import tiny_case_text


def test_a_case_with_a_broken_score_still_has_its_others_checked(tiny: Star) -> None:
    text = tiny_case_text(home="N/A", money="9").replace("  health:", "  helth:")
    loaded = load_case_text(text, "sam.yaml")
    check_case(loaded, tiny)
    found = [(p.code, p.line) for p in loaded.problems]
    # The N/A (one problem, not one per type it could have been), money 9 off the scale,
    # `helth` not a scale; neither `home` nor `health` is also "no reference score".
    assert found == [("SF103", 12), ("SF603", 15), ("SF602", 17)], found
    assert "Write `n/a`, in lowercase." in loaded.problems[0].message
    assert loaded.case is None


def test_an_answers_file_with_a_broken_score_has_its_others_checked(tiny: Star) -> None:
    text = (
        "starframe: 1\nkind: practice-answers\ncase: sam\n"
        "scores:\n  home: N/A\n  money: 9\n  helth: 2\n"
    )
    loaded = load_answers_text(text, "answers.yaml")
    check_answers(loaded, tiny)
    found = [(p.code, p.line) for p in loaded.problems]
    assert found == [("SF103", 5), ("SF607", 6), ("SF606", 7)], found
    assert loaded.answers is None
