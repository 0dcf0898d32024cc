"""How close trainees come to a practice case's reference, and where a group disagrees.

*How close is one trainee to the reference?* — exact, within-one and same-stage agreement, the
mean absolute difference and Cohen's quadratic-weighted kappa. *Which scales should a group
talk about first?* — `rank_disagreement`. The coefficients themselves (kappa, alpha, ICC) are
in `starframe.stats.agreement`; here are the rules of what counts as agreeing on a Star.

Missing data: an unscored scale (None) is left out of everything pairwise — a trainee's
shares count only the scales they answered (`compared`). "Not applicable" is an answer for
agreement with the reference (n/a matching n/a agrees, n/a against a score disagrees) but has
no place on the ordinal scale, so kappa, the mean absolute difference, alpha and ICC treat it
as missing.

What a kappa rests on: it is shown on `FEWEST_SCALES` scales or more, and not where the
trainee or the reference gave one point throughout — kappa is then 0 or undefined whatever the
distances, which would read as "no better than chance" for a trainee within a point everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from starframe.definition.models import NA
from starframe.stats.agreement import Statistic, weighted_kappa
from starframe.thresholds import FEWEST_SCALES

Reference = int | Literal["n/a"]
Answer = Reference | None
"""A trainee's score: a point, "n/a", or None when the scale was left unscored."""

StageOf = Callable[[int], int]
"""The position (1, 2, …) in the journey of the stage covering a point."""


@dataclass(frozen=True)
class TraineeAgreement:
    """One trainee against the reference. Shares run 0..1 over the `compared` scales."""

    compared: int
    missing: int
    exact: float | None
    within_one: float | None
    same_stage: float | None
    mad: float | None
    """Mean absolute difference in points, over the scales both scored with a point."""
    kappa: Statistic


@dataclass(frozen=True)
class ScaleDisagreement:
    """How a group's answers on one scale differ from the reference and from each other."""

    scale: str
    answered: int
    off_stage: int
    """Answers outside the reference stage; n/a against a score (either way) is outside."""
    mad: float | None
    """Mean absolute difference from the reference, over numeric answers to a numeric one."""
    spread: float | None
    """Mean absolute difference between every two trainees' numeric answers."""
    unscored: int = 0
    """Trainees who left the scale unscored: a miss, and so worth discussing too."""

    @property
    def off_stage_share(self) -> float:
        """Answers outside the reference stage, an unscored scale counted as one."""
        given = self.answered + self.unscored
        return (self.off_stage + self.unscored) / given if given else 0.0

    @property
    def agreed(self) -> bool:
        """Nothing to discuss: every trainee scored it, in the reference stage, on one point."""
        return not (self.off_stage or self.unscored or self.mad or self.spread)


def same_stage(own: Answer, reference: Reference, stage_of: StageOf) -> bool:
    """In the reference stage; n/a agrees only with n/a, and an unscored scale never does."""
    if isinstance(own, int) and isinstance(reference, int):
        return stage_of(own) == stage_of(reference)
    return own == reference


def trainee_agreement(
    pairs: Sequence[tuple[Answer, Reference]], stage_of: StageOf
) -> TraineeAgreement:
    """Agreement of (own, reference) pairs, one per scale; unscored scales are `missing`."""
    answered = [(own, ref) for own, ref in pairs if own is not None]
    points = [(own, ref) for own, ref in answered if isinstance(own, int) and isinstance(ref, int)]
    distances = [abs(own - ref) for own, ref in points]
    compared = len(answered)

    def share(hits: int) -> float | None:
        return hits / compared if compared else None

    both_na = sum(own == ref == NA for own, ref in answered)
    return TraineeAgreement(
        compared=compared,
        missing=len(pairs) - compared,
        exact=share(both_na + distances.count(0)),
        within_one=share(both_na + sum(d <= 1 for d in distances)),
        same_stage=share(sum(same_stage(own, ref, stage_of) for own, ref in answered)),
        mad=sum(distances) / len(distances) if distances else None,
        kappa=reference_kappa(points),
    )


def reference_kappa(points: Sequence[tuple[int, int]]) -> Statistic:
    """Weighted kappa of (own, reference) points, or why it is not shown (see the module)."""
    found = weighted_kappa(points)
    scales = len(points)
    if not scales:
        return found
    if scales < FEWEST_SCALES:
        reason = (
            f"only {scales} scale{'s' if scales != 1 else ''} scored with a point by both; "
            f"kappa needs at least {FEWEST_SCALES}"
        )
        return Statistic(None, reason, scales, 2)
    own, reference = {a for a, _ in points}, {b for _, b in points}
    if len(own) == 1:
        reason = f"no spread in the trainee's scores: every one is {own.pop()}"
        return Statistic(None, reason, scales, 2)
    if len(reference) == 1:
        reason = f"no spread in the reference: every scale is {reference.pop()}"
        return Statistic(None, reason, scales, 2)
    return found


def rank_disagreement(
    scales: Mapping[str, tuple[Reference, Sequence[Answer]]], stage_of: StageOf
) -> list[ScaleDisagreement]:
    """Every scale, the one most worth discussing first.

    Ordered by the share of answers outside the reference stage, then by the mean distance
    from the reference, then by how far the trainees are from each other; ties keep the given
    (the Star's) order. A scale where the group agrees on a wrong point ranks by its distance
    from the reference, one where it splits around the reference by its spread.
    """
    found = [
        _disagreement(scale, ref, answers, stage_of) for scale, (ref, answers) in scales.items()
    ]
    return sorted(found, key=lambda d: (-d.off_stage_share, -(d.mad or 0.0), -(d.spread or 0.0)))


def _disagreement(
    scale: str, reference: Reference, answers: Sequence[Answer], stage_of: StageOf
) -> ScaleDisagreement:
    answered = [a for a in answers if a is not None]
    numbers = [a for a in answered if isinstance(a, int)]
    distances = [abs(a - reference) for a in numbers] if isinstance(reference, int) else []
    gaps = [abs(a - b) for i, a in enumerate(numbers) for b in numbers[i + 1 :]]
    return ScaleDisagreement(
        scale=scale,
        answered=len(answered),
        off_stage=sum(not same_stage(a, reference, stage_of) for a in answered),
        mad=sum(distances) / len(distances) if distances else None,
        spread=sum(gaps) / len(gaps) if gaps else None,
        unscored=len(answers) - len(answered),
    )
