"""A group's scores on one practice case: each trainee against the reference, and the group's
own reliability, so a trainer sees who needs help and which scales to talk through.

Reliability is among the trainees only (the reference is not a rater), on points and again on
stages, numbered 1, 2, … along the journey: raters agree on stages far more than on points,
and a trainer should see both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
from starframe.stats.agreement import Icc, Statistic, icc_a1, ordinal_alpha


@dataclass(frozen=True)
class Reliability:
    """Agreement among the trainees: Krippendorff's alpha (ordinal) and ICC(2,1)."""

    alpha: Statistic
    icc: Icc


@dataclass(frozen=True)
class GroupResults:
    case: str
    trainees: dict[str, TraineeAgreement]
    points: Reliability
    stages: Reliability
    scales: list[ScaleDisagreement]
    """Every scale, most disagreement first (see `rank_disagreement`)."""

    @property
    def to_discuss(self) -> list[ScaleDisagreement]:
        """The scales where some answer differs from the reference or from another answer."""
        return [scale for scale in self.scales if not scale.agreed]


def group_results(
    star: Star, case: PracticeCase, attempts: Mapping[str, Mapping[str, Answer]]
) -> GroupResults:
    """Results for `attempts` (trainee → scale id → answer) on `case`, checked against `star`.

    Answers that do not fit the Star raise ValueError naming the trainee.
    """
    require_fit(star, case)
    for trainee, answers in attempts.items():
        problems = answer_problems(star, answers)
        if problems:
            raise ValueError(f"{trainee}: {'; '.join(problems)}")
    positions = stage_positions(star)
    stage_of: StageOf = positions.__getitem__
    scale_ids = [scale.id for scale in star.scales]
    references = {scale_id: case.scores[scale_id].score for scale_id in scale_ids}
    rows = [[answers.get(scale_id) for scale_id in scale_ids] for answers in attempts.values()]
    points = [[v if isinstance(v, int) else None for v in row] for row in rows]
    stages = [[None if v is None else positions[v] for v in row] for row in points]
    return GroupResults(
        case=case.id,
        trainees={
            trainee: trainee_agreement(
                [(answers.get(s), references[s]) for s in scale_ids], stage_of
            )
            for trainee, answers in attempts.items()
        },
        points=Reliability(ordinal_alpha(points), icc_a1(points)),
        stages=Reliability(ordinal_alpha(stages), icc_a1(stages)),
        scales=rank_disagreement(
            {s: (references[s], [row[i] for row in rows]) for i, s in enumerate(scale_ids)},
            stage_of,
        ),
    )
