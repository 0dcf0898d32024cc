"""A group's results on one case: per trainee, the group's reliability, scales to discuss."""

from __future__ import annotations

import pytest

from starframe.definition.models import Star
from starframe.practice.agreement import (
    Answer,
    Reference,
    rank_disagreement,
    trainee_agreement,
)
from starframe.practice.group import group_results
from starframe.practice.models import PracticeCase
from starframe.stats.agreement import icc_a1, ordinal_alpha

TWO_STAGES = {1: 1, 2: 1, 3: 2, 4: 2}.__getitem__
"""The tiny Star's journey: points 1–2 are the first stage, 3–4 the second."""


def test_trainee_agreement_counts_na_as_an_answer_and_skips_unscored() -> None:
    pairs: list[tuple[Answer, Reference]] = [
        (3, 3),  # exact
        (2, 3),  # within one, another stage
        (4, 3),  # within one, same stage
        ("n/a", "n/a"),  # agrees at every level
        ("n/a", 2),  # disagrees at every level
        (None, 1),  # unscored: left out
    ]
    record = trainee_agreement(pairs, TWO_STAGES)
    assert (record.compared, record.missing) == (5, 1)
    assert (record.exact, record.within_one, record.same_stage) == (0.4, 0.8, 0.6)
    assert record.mad == pytest.approx(2 / 3)
    # Three scales with a point are too few for kappa (FEWEST_SCALES).
    assert (record.kappa.value, record.kappa.units) == (None, 3)
    assert (
        record.kappa.reason == "only 3 scales scored with a point by both; kappa needs at least 5"
    )


def test_trainee_agreement_with_nothing_scored_has_no_shares() -> None:
    record = trainee_agreement([(None, 3), (None, "n/a")], TWO_STAGES)
    assert (record.compared, record.missing, record.exact, record.same_stage, record.mad) == (
        0,
        2,
        None,
        None,
        None,
    )
    assert record.kappa.value is None


def test_scales_are_ranked_by_stage_misses_then_distance_then_spread() -> None:
    ranked = rank_disagreement(
        {
            "agreed": (3, [3, 3, 3]),
            "split": (3, [2, 4, 3]),  # one off-stage, spread around the reference
            "wrong-together": (1, [2, 2, 2]),  # same stage, but every trainee a point off
            "na-mismatch": ("n/a", ["n/a", 4, None]),  # half off-stage; no distance
            "far": (1, [4, 4, 3]),  # all off-stage
        },
        TWO_STAGES,
    )
    assert [d.scale for d in ranked] == [
        "far",
        "na-mismatch",
        "split",
        "wrong-together",
        "agreed",
    ]
    na = ranked[1]
    assert (na.answered, na.off_stage, na.mad, na.spread) == (2, 1, None, None)
    split = ranked[2]
    assert (split.off_stage, split.spread) == (1, 4 / 3)
    assert split.mad == pytest.approx(2 / 3)
    assert [d.agreed for d in ranked] == [False, False, False, False, True]


def _attempts(case: PracticeCase, **changes: dict[str, Answer]) -> dict[str, dict[str, Answer]]:
    reference: dict[str, Answer] = {s: r.score for s, r in case.scores.items()}
    return {trainee: {**reference, **change} for trainee, change in changes.items()}


def test_group_results_on_a_bundled_case(justice: Star, dean: PracticeCase) -> None:
    # Three trainees who mostly stay in the reference stage but not on the reference point.
    attempts = _attempts(
        dean,
        ana={"accommodation": 4, "mental-health": 1, "managing-feelings": 2},
        ben={"accommodation": 4, "living-skills": 4, "managing-feelings": 3},
        cat={"drugs-alcohol": 4, "parenting-caring": "n/a", "crime-free-life": None},
    )
    results = group_results(justice, dean, attempts)
    assert results.case == "dean-after-release"
    assert list(results.trainees) == ["ana", "ben", "cat"]
    ana = results.trainees["ana"]
    assert (ana.compared, ana.exact, ana.same_stage, ana.mad) == (10, 0.7, 1.0, 0.3)
    cat = results.trainees["cat"]
    assert (cat.compared, cat.missing) == (9, 1)
    assert cat.same_stage == pytest.approx(8 / 9)

    scales = [s.id for s in justice.scales]
    points: list[list[int | None]] = [
        [v if isinstance(v, int) else None for v in (a[s] for s in scales)]
        for a in attempts.values()
    ]
    assert results.points.alpha == ordinal_alpha(points)
    assert results.points.icc == icc_a1(points)
    # On stages the group agrees better than on points: the changes stay inside stages.
    assert results.stages.alpha.value is not None
    assert results.points.alpha.value is not None
    assert results.stages.alpha.value > results.points.alpha.value
    assert results.stages.icc.units == 8  # parenting (n/a) and crime-free life (unscored) out

    assert results.to_discuss[0].scale == "managing-feelings"  # ben moved it a stage
    assert {d.scale for d in results.to_discuss} == {
        "accommodation",
        "living-skills",
        "mental-health",
        "managing-feelings",
        "parenting-caring",
        "drugs-alcohol",
        "crime-free-life",  # left unscored: a miss to talk about
    }
    [unscored] = [d for d in results.to_discuss if d.scale == "crime-free-life"]
    assert unscored.unscored > 0


def test_a_single_trainee_has_feedback_but_no_group_reliability(
    tiny: Star, tiny_case: PracticeCase
) -> None:
    results = group_results(tiny, tiny_case, {"solo": {"home": 3, "money": 1, "health": 4}})
    assert results.trainees["solo"].exact == pytest.approx(2 / 3)
    for reliability in (results.points, results.stages):
        assert reliability.alpha.value is None
        assert reliability.alpha.reason == "no scale was scored by two or more trainees"
        assert reliability.icc.reason == "fewer than two trainees scored this case"


def test_group_answers_that_do_not_fit_name_the_trainee(
    tiny: Star, tiny_case: PracticeCase
) -> None:
    with pytest.raises(ValueError, match=r"^dee: 7 is not a score for Money"):
        group_results(tiny, tiny_case, {"ann": {"home": 3}, "dee": {"money": 7}})
