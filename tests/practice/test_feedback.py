"""A trainee's feedback on one case: per scale, the summary, and the pass rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from starframe.definition.models import Star
from starframe.practice.agreement import Answer
from starframe.practice.feedback import PassRule, answer_problems, feedback
from starframe.practice.models import PracticeCase, load_case_text
from tests.practice.conftest import JUSTICE_CASES


def _case(path: Path) -> PracticeCase:
    case = load_case_text(path.read_bytes(), str(path)).case
    assert case is not None
    return case


@pytest.fixture(scope="module")
def tomasz() -> PracticeCase:
    return _case(JUSTICE_CASES / "tomasz-end-of-licence.yaml")


def _reference(case: PracticeCase) -> dict[str, Answer]:
    return {scale: reference.score for scale, reference in case.scores.items()}


def test_matching_the_reference_passes(tiny: Star, tiny_case: PracticeCase) -> None:
    result = feedback(tiny, tiny_case, _reference(tiny_case))
    assert result.passed
    assert (result.in_stage, result.exact, result.within_one, result.unscored) == (3, 3, 3, 0)
    assert (result.mad, result.shortfalls, result.same_stage_share) == (0.0, (), 1.0)


def test_each_scale_shows_own_and_reference_with_stages_and_rationale(
    tiny: Star, tiny_case: PracticeCase
) -> None:
    result = feedback(tiny, tiny_case, {"home": 4, "money": 3, "health": 4})
    home, money, health = result.scales
    assert (home.scale, home.name, home.own, home.reference) == ("home", "Home and housing", 4, 3)
    assert (home.own_stage, home.reference_stage, home.same_stage) == ("Later on", "Later on", True)
    assert (home.distance, home.rationale) == (1, "Has a place, and manages it with support.")
    assert (money.own_stage, money.reference_stage, money.same_stage) == (
        "Later on",
        "Early days",
        False,
    )
    assert (health.distance, health.same_stage) == (0, True)


def test_the_default_rule_asks_for_80_percent_in_stage(tiny: Star, tiny_case: PracticeCase) -> None:
    result = feedback(tiny, tiny_case, {"home": 4, "money": 3, "health": 4})
    assert not result.passed
    assert result.shortfalls == ("2 of 3 scales in the reference stage; the rule asks for 80%",)
    assert result.rule == PassRule(0.8, 1.0)


def test_a_trainer_can_set_the_rule(tiny: Star, tiny_case: PracticeCase) -> None:
    answers: dict[str, Answer] = {"home": 4, "money": 3, "health": 4}
    assert feedback(tiny, tiny_case, answers, PassRule(min_same_stage=0.6)).passed
    strict = PassRule(min_same_stage=0.5, max_mad=0.5)
    assert feedback(tiny, tiny_case, answers, strict).shortfalls == (
        "mean difference 0.67 points; the rule allows 0.5",
    )


def test_stages_alone_do_not_pass_when_the_points_are_far_off(
    justice: Star, dean: PracticeCase
) -> None:
    answers = _reference(dean)
    # Eight scales one point off within the reference stage, two scales seven points off.
    answers.update({"accommodation": 4, "living-skills": 4, "mental-health": 1})
    answers.update({"friends-community": 1, "relationships-family": 1, "parenting-caring": 1})
    answers.update({"drugs-alcohol": 4, "positive-use-of-time": 1})
    answers.update({"managing-feelings": 8, "crime-free-life": 10})
    result = feedback(justice, dean, answers)
    assert (result.in_stage, result.mad) == (8, 2.2)
    assert result.shortfalls == ("mean difference 2.20 points; the rule allows 1",)


def test_a_share_exactly_at_the_rule_passes_despite_float_rounding(
    justice: Star, dean: PracticeCase
) -> None:
    answers = _reference(dean)
    answers.update({"accommodation": 5, "living-skills": 5, "crime-free-life": 5})  # 2 off
    result = feedback(justice, dean, answers, PassRule(min_same_stage=0.7, max_mad=1.0))
    assert result.in_stage == 7
    assert result.passed


def test_not_applicable_agrees_only_with_not_applicable(
    justice: Star, tomasz: PracticeCase
) -> None:
    answers = _reference(tomasz)
    agreed = feedback(justice, tomasz, answers)
    parenting = next(s for s in agreed.scales if s.scale == "parenting-caring")
    assert (parenting.own, parenting.same_stage, parenting.distance) == ("n/a", True, None)
    assert (agreed.exact, agreed.in_stage, agreed.passed) == (10, 10, True)

    answers["parenting-caring"] = 9
    missed = feedback(justice, tomasz, answers)
    parenting = next(s for s in missed.scales if s.scale == "parenting-caring")
    assert (parenting.own_stage, parenting.reference_stage) == ("Self-reliance", None)
    assert (parenting.same_stage, parenting.distance) == (False, None)
    assert (missed.exact, missed.in_stage, missed.mad) == (9, 9, 0.0)


def test_an_unscored_scale_is_a_miss_but_not_a_distance(
    tiny: Star, tiny_case: PracticeCase
) -> None:
    result = feedback(tiny, tiny_case, {"home": 3, "money": 2})
    health = result.scales[2]
    assert (health.own, health.own_stage, health.same_stage, health.distance) == (
        None,
        None,
        False,
        None,
    )
    assert (result.unscored, result.in_stage, result.mad, result.passed) == (1, 2, 0.0, False)


def test_answers_that_do_not_fit_the_star_are_refused(justice: Star, tomasz: PracticeCase) -> None:
    answers: dict[str, Answer] = {
        "accommodation": 11,
        "drugs-alcohol": "n/a",
        "housing": 3,
        "living-skills": True,
    }
    assert answer_problems(justice, answers) == [
        "11 is not a score for Accommodation: use 1 to 10",
        "Drugs and alcohol cannot be not applicable: give a score",
        "`housing` is not a scale of justice@1.0",
        "True is not a score for Living skills and self-care: use 1 to 10",
    ]
    with pytest.raises(ValueError, match="cannot be not applicable"):
        feedback(justice, tomasz, answers)


def test_a_case_for_another_star_is_refused(tiny: Star, dean: PracticeCase) -> None:
    with pytest.raises(ValueError, match=r"does not fit tiny@1\.0"):
        feedback(tiny, dean, {})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"min_same_stage": 1.2}, "a share from 0 to 1"),
        ({"min_same_stage": -0.1}, "a share from 0 to 1"),
        ({"max_mad": -1}, "at least 0"),
    ],
)
def test_impossible_rules_are_refused(rule: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PassRule(**rule)


def test_the_rule_reads_as_a_sentence() -> None:
    assert PassRule().describe() == (
        "at least 80% of scales in the reference stage and a mean difference of at most 1 point"
    )
    assert PassRule(0.75, 1.5).describe() == (
        "at least 75% of scales in the reference stage and a mean difference of at most 1.5 points"
    )
