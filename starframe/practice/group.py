"""A group's scores on one practice case: each trainee against the reference, and the group's
own reliability, so a trainer sees who needs help and which scales to talk through.

Reliability is among the trainees only (the reference is not a rater), on points and again on
stages, numbered 1, 2, … along the journey: raters agree on stages far more than on points,
and a trainer should see both.

What each coefficient rests on goes with it: the scales (units) and trainees that entered it,
and none with the reason below `FEWEST_SCALES` scales. One case's alpha and ICC treat its
scales as the units, so a case whose reference sits in one part of the journey reads low for a
group just as accurate (`ReferenceSpan`); `pooled_reliability` pools every case of one Star
edition in a session, case × scale, which is the figure to judge a group by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from starframe.definition.models import Star
from starframe.practice.agreement import (
    Answer,
    ScaleDisagreement,
    StageOf,
    TraineeAgreement,
    rank_disagreement,
    trainee_agreement,
)
from starframe.practice.feedback import answer_problems, require_fit, stage_positions
from starframe.practice.models import PracticeCase
from starframe.stats.agreement import Icc, Ratings, Statistic, icc_a1, ordinal_alpha
from starframe.thresholds import FEWEST_SCALES, NARROW_REFERENCE


@dataclass(frozen=True)
class Reliability:
    """Agreement among the trainees: Krippendorff's alpha (ordinal) and ICC(2,1)."""

    alpha: Statistic
    icc: Icc


@dataclass(frozen=True)
class ReferenceSpan:
    """The lowest and highest reference point of a case, on a Star of `points` points."""

    low: int
    high: int
    points: int

    @property
    def narrow(self) -> bool:
        """Fewer than `NARROW_REFERENCE` of the points lie between the lowest and highest."""
        return self.high - self.low + 1 < NARROW_REFERENCE * self.points

    @property
    def note(self) -> str | None:
        """What a trainer should know beside this case's alpha and ICC; None when nothing."""
        if not self.narrow:
            return None
        span = f"point {self.low}" if self.low == self.high else f"points {self.low}–{self.high}"
        return (
            f"The reference scores span only {span} of {self.points}: with so little spread "
            "between scales, alpha and ICC read low even for an accurate group. Judge the group "
            "by the figure over all the session's cases of this Star."
        )


@dataclass(frozen=True)
class GroupResults:
    case: str
    trainees: dict[str, TraineeAgreement]
    points: Reliability
    stages: Reliability
    scales: list[ScaleDisagreement]
    """Every scale, most disagreement first (see `rank_disagreement`)."""
    reference_span: ReferenceSpan | None = None
    """None when every reference score is n/a."""

    @property
    def to_discuss(self) -> list[ScaleDisagreement]:
        """The scales where some answer differs from the reference or from another answer."""
        return [scale for scale in self.scales if not scale.agreed]


@dataclass(frozen=True)
class PooledReliability:
    """The group's reliability over every case of one Star edition in a session."""

    star: str
    edition: str
    name: str
    cases: tuple[str, ...]
    """The cases pooled: those of this edition at least one trainee has answered."""
    trainees: tuple[str, ...]
    """Who answered every one of `cases`, the only trainees the figures use."""
    left_out: int
    """Trainees who answered some of `cases` but not all."""
    points: Reliability
    stages: Reliability
    unanswered: tuple[str, ...] = ()
    """Cases of this edition nobody has answered yet, left out of the pool: counting them would
    leave no trainee who answered every case, and so no figure at all."""

    @property
    def waiting(self) -> str | None:
        """Instead of the figures while fewer than two trainees have answered every case."""
        if len(self.trainees) >= 2:
            return None
        return "no figure until two trainees have answered every case"


def group_results(
    star: Star, case: PracticeCase, attempts: Mapping[str, Mapping[str, Answer]]
) -> GroupResults:
    """Results for `attempts` (trainee → scale id → answer) on `case`, checked against `star`.

    Answers that do not fit the Star raise ValueError naming the trainee.
    """
    _check(star, case, attempts)
    positions = stage_positions(star)
    stage_of: StageOf = positions.__getitem__
    scale_ids = [scale.id for scale in star.scales]
    references = {scale_id: case.scores[scale_id].score for scale_id in scale_ids}
    rows = [[answers.get(scale_id) for scale_id in scale_ids] for answers in attempts.values()]
    points, stages = _points_and_stages(rows, positions)
    numeric = [ref for ref in references.values() if isinstance(ref, int)]
    return GroupResults(
        case=case.id,
        trainees={
            trainee: trainee_agreement(
                [(answers.get(s), references[s]) for s in scale_ids], stage_of
            )
            for trainee, answers in attempts.items()
        },
        points=reliability(points),
        stages=reliability(stages),
        scales=rank_disagreement(
            {s: (references[s], [row[i] for row in rows]) for i, s in enumerate(scale_ids)},
            stage_of,
        ),
        reference_span=ReferenceSpan(min(numeric), max(numeric), star.points) if numeric else None,
    )


def pooled_reliability(
    star: Star,
    cases: Sequence[PracticeCase],
    attempts: Mapping[str, Mapping[str, Mapping[str, Answer]]],
) -> PooledReliability:
    """Alpha and ICC over `cases` (all on `star`) pooled: every case × scale is a unit.

    `attempts` is case id → trainee → scale id → answer. Only trainees who answered every case
    enter, so each unit is scored by the same people; how many were left out is kept. A case
    nobody has answered yet is left out of the pool (and named in `unanswered`), not counted as
    one every trainee skipped.
    """
    for case in cases:
        require_fit(star, case)
    return pooled_answers(star, [case.id for case in cases], attempts)


def pooled_answers(
    star: Star,
    case_ids: Sequence[str],
    attempts: Mapping[str, Mapping[str, Mapping[str, Answer]]],
) -> PooledReliability:
    """`pooled_reliability` from the stored answers alone, without the cases themselves.

    Reliability is among the trainees, so the reference scores play no part: the pilot report
    pools a session's answers on a Star edition under trial from the database, where the cases
    (a trainer's own folder) may not be at hand. The answers are still checked against `star`.
    """
    for case_id in case_ids:
        _check_answers(star, attempts.get(case_id, {}))
    unanswered = tuple(case_id for case_id in case_ids if not attempts.get(case_id))
    pooled = [case_id for case_id in case_ids if attempts.get(case_id)]
    answered = [set(attempts[case_id]) for case_id in pooled]
    everyone = set().union(*answered)
    complete = [
        name
        for name in dict.fromkeys(n for case_id in pooled for n in attempts[case_id])
        if all(name in names for names in answered)
    ]
    positions = stage_positions(star)
    rows = [
        [attempts[case_id][name].get(scale.id) for case_id in pooled for scale in star.scales]
        for name in complete
    ]
    points, stages = _points_and_stages(rows, positions)
    return PooledReliability(
        star=star.id,
        edition=star.edition,
        name=star.name,
        cases=tuple(pooled),
        trainees=tuple(complete),
        left_out=len(everyone) - len(complete),
        points=_pooled(points),
        stages=_pooled(stages),
        unanswered=unanswered,
    )


def _pooled(ratings: Ratings) -> Reliability:
    if len(ratings) >= 2:
        return reliability(ratings)
    reason = "fewer than two trainees answered every case of this Star"
    units = len(ratings[0]) if ratings else 0
    return Reliability(
        Statistic(None, reason, 0, len(ratings)),
        Icc(None, reason, None, None, units, len(ratings), "there is no estimate"),
    )


def reliability(ratings: Ratings) -> Reliability:
    """Alpha and ICC of `ratings` (trainees × scales), none below `FEWEST_SCALES` scales."""
    alpha, icc = ordinal_alpha(ratings), icc_a1(ratings)
    return Reliability(_enough_alpha(alpha, ratings), _enough_icc(icc, ratings))


def _enough_alpha(alpha: Statistic, ratings: Ratings) -> Statistic:
    if alpha.units == 0 or alpha.units >= FEWEST_SCALES:
        return alpha
    reason = _too_few(ratings, "alpha") or (
        f"only {_scales(alpha.units)} scored by two or more trainees; alpha needs at least "
        f"{FEWEST_SCALES}"
    )
    return replace(alpha, value=None, reason=reason)


def _enough_icc(icc: Icc, ratings: Ratings) -> Icc:
    if icc.raters < 2 or icc.units >= FEWEST_SCALES:
        return icc
    offered = len(ratings[0]) if ratings else 0
    reason = _too_few(ratings, "ICC") or (
        f"only {icc.units} of {offered} scales {'was' if icc.units == 1 else 'were'} scored "
        f"with a point by every trainee; ICC needs at least {FEWEST_SCALES}"
    )
    return replace(
        icc, value=None, reason=reason, low=None, high=None, interval_reason="there is no estimate"
    )


def _too_few(ratings: Ratings, figure: str) -> str | None:
    """Why not, when the Star itself has fewer scales than a figure needs."""
    offered = len(ratings[0]) if ratings else 0
    if offered >= FEWEST_SCALES:
        return None
    return f"the Star has only {offered} scales; {figure} needs at least {FEWEST_SCALES}"


def _scales(count: int) -> str:
    return f"{count} scale{'s' if count != 1 else ''} {'was' if count == 1 else 'were'}"


def _points_and_stages(
    rows: Sequence[Sequence[Answer]], positions: Mapping[int, int]
) -> tuple[list[list[int | None]], list[list[int | None]]]:
    points = [[v if isinstance(v, int) else None for v in row] for row in rows]
    stages = [[None if v is None else positions[v] for v in row] for row in points]
    return points, stages


def _check(star: Star, case: PracticeCase, attempts: Mapping[str, Mapping[str, Answer]]) -> None:
    require_fit(star, case)
    _check_answers(star, attempts)


def _check_answers(star: Star, attempts: Mapping[str, Mapping[str, Answer]]) -> None:
    for trainee, answers in attempts.items():
        problems = answer_problems(star, answers)
        if problems:
            raise ValueError(f"{trainee}: {'; '.join(problems)}")
