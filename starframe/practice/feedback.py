"""One trainee's scores on a practice case against the reference, with a pass or a fail.

Feedback leads with stages because raters agree on the stage far more often than on the
exact point; the pass rule therefore asks for the reference stage on most scales, and only a
modest mean distance in points. A scale left unscored counts as a miss: a trainee cannot
pass by skipping the hard ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starframe.definition.models import NA, Star
from starframe.practice.agreement import Answer, Reference, StageOf, same_stage
from starframe.practice.models import PracticeCase
from starframe.thresholds import PASS_MAX_MAD, PASS_MIN_SAME_STAGE

_SLACK = 1e-9
"""Shares such as 7/10 are floats: a 0.7 rule must not fail them by rounding."""


@dataclass(frozen=True)
class PassRule:
    """Pass when at least `min_same_stage` of the scales are in the reference stage and the
    mean absolute difference is at most `max_mad` points (the trainer may set both)."""

    min_same_stage: float = PASS_MIN_SAME_STAGE
    max_mad: float = PASS_MAX_MAD

    def __post_init__(self) -> None:
        if not 0 <= self.min_same_stage <= 1:
            raise ValueError(f"min_same_stage is a share from 0 to 1, not {self.min_same_stage}")
        if self.max_mad < 0:
            raise ValueError(f"max_mad is a number of points, at least 0, not {self.max_mad}")

    def describe(self) -> str:
        return (
            f"at least {self.min_same_stage:.0%} of scales in the reference stage and a mean "
            f"difference of at most {self.max_mad:g} point{'' if self.max_mad == 1 else 's'}"
        )


@dataclass(frozen=True)
class ScaleFeedback:
    scale: str
    name: str
    own: Answer
    reference: Reference
    own_stage: str | None
    reference_stage: str | None
    same_stage: bool
    distance: int | None
    """Points between own score and the reference; None when either is n/a or unscored."""
    rationale: str


@dataclass(frozen=True)
class Feedback:
    """Per-scale feedback and the summary; every share is over all of the Star's scales."""

    case: str
    scales: tuple[ScaleFeedback, ...]
    in_stage: int
    exact: int
    within_one: int
    unscored: int
    mad: float | None
    """Mean absolute difference over the scales scored with a point by both."""
    rule: PassRule
    passed: bool
    shortfalls: tuple[str, ...]
    """Why the attempt did not pass, in words; empty when it passed."""

    @property
    def same_stage_share(self) -> float:
        return self.in_stage / len(self.scales)


def answer_problems(star: Star, answers: Mapping[str, Answer]) -> list[str]:
    """What is wrong with a trainee's answers for `star`, in words (empty when they fit)."""
    problems = []
    for scale_id, own in answers.items():
        try:
            scale = star.scale(scale_id)
        except KeyError:
            problems.append(f"`{scale_id}` is not a scale of {star.id}@{star.edition}")
            continue
        if own == NA:
            if not scale.not_applicable:
                problems.append(f"{scale.name} cannot be not applicable: give a score")
        elif own is not None and (
            isinstance(own, bool) or not isinstance(own, int) or not 1 <= own <= star.points
        ):
            problems.append(f"{own!r} is not a score for {scale.name}: use 1 to {star.points}")
    return problems


def require_fit(star: Star, case: PracticeCase) -> None:
    """Raise ValueError unless `case` is for `star` and scores exactly its scales."""
    if (case.star, case.edition) != star.key or set(case.scores) != {s.id for s in star.scales}:
        raise ValueError(
            f"practice case {case.id} does not fit {star.id}@{star.edition}: check it first"
        )


def feedback(
    star: Star, case: PracticeCase, answers: Mapping[str, Answer], rule: PassRule | None = None
) -> Feedback:
    """Compare `answers` (scale id → point, "n/a" or None) with the case's reference scores.

    `case` must have been checked against `star`; answers that do not fit the Star raise
    ValueError (see `answer_problems`). Scales missing from `answers` are unscored.
    """
    rule = rule or PassRule()
    require_fit(star, case)
    problems = answer_problems(star, answers)
    if problems:
        raise ValueError("; ".join(problems))
    stage_of = stage_positions(star).__getitem__
    scales = tuple(
        _scale(star, case, scale.id, answers.get(scale.id), stage_of) for scale in star.scales
    )
    distances = [s.distance for s in scales if s.distance is not None]
    mad = sum(distances) / len(distances) if distances else None
    in_stage = sum(s.same_stage for s in scales)
    shortfalls = []
    if in_stage / len(scales) < rule.min_same_stage - _SLACK:
        shortfalls.append(
            f"{in_stage} of {len(scales)} scales in the reference stage; "
            f"the rule asks for {rule.min_same_stage:.0%}"
        )
    if mad is not None and mad > rule.max_mad + _SLACK:
        shortfalls.append(f"mean difference {mad:.2f} points; the rule allows {rule.max_mad:g}")
    both_na = sum(s.own == s.reference == NA for s in scales)
    return Feedback(
        case=case.id,
        scales=scales,
        in_stage=in_stage,
        exact=both_na + distances.count(0),
        within_one=both_na + sum(d <= 1 for d in distances),
        unscored=sum(s.own is None for s in scales),
        mad=mad,
        rule=rule,
        passed=not shortfalls,
        shortfalls=tuple(shortfalls),
    )


def stage_positions(star: Star) -> dict[int, int]:
    """Point → position of its stage in the journey (1 for the first stage)."""
    return {
        point: position
        for position, stage in enumerate(star.journey, start=1)
        for point in range(stage.first, stage.last + 1)
    }


def _scale(
    star: Star, case: PracticeCase, scale_id: str, own: Answer, stage_of: StageOf
) -> ScaleFeedback:
    reference = case.scores[scale_id]
    ref = reference.score
    return ScaleFeedback(
        scale=scale_id,
        name=star.scale(scale_id).name,
        own=own,
        reference=ref,
        own_stage=star.stage_of(own).name if isinstance(own, int) else None,
        reference_stage=star.stage_of(ref).name if isinstance(ref, int) else None,
        same_stage=same_stage(own, ref, stage_of),
        distance=abs(own - ref) if isinstance(own, int) and isinstance(ref, int) else None,
        rationale=reference.rationale,
    )
