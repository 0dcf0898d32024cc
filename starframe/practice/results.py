"""One case's results as a trainer reads them: a row per trainee and the scales to discuss.

`starframe practice results`, the terminal UI's results screen and the PDF group report all
show these; building them here once keeps the three saying the same thing. A face only picks
its columns, the dash it prints where there is no number, and its emphasis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starframe.practice.wording import kappa_text
from starframe.stats.rounding import fixed

if TYPE_CHECKING:
    from starframe.practice.agreement import Reference
    from starframe.practice.feedback import Feedback
    from starframe.practice.group import GroupResults
    from starframe.practice.sessions import CaseResults
    from starframe.stats.agreement import Statistic

PASSED = "passed"
NOT_YET = "not yet"
NOTHING_TO_DISCUSS = "Every answer matches the reference: nothing to discuss."


@dataclass(frozen=True)
class TraineeRow:
    """One trainee on the case: the result under the session's rule and the counts behind it."""

    name: str
    feedback: Feedback
    agreement: Statistic
    """Cohen's weighted kappa against the reference, with the scales it used, or why none."""

    @property
    def kappa(self) -> float | None:
        """The kappa; None when the data cannot give one (see `kappa_reason`)."""
        return self.agreement.value

    @property
    def kappa_reason(self) -> str | None:
        """Why there is no kappa, in words."""
        return self.agreement.reason

    @property
    def passed(self) -> bool:
        return self.feedback.passed

    @property
    def result(self) -> str:
        return PASSED if self.passed else NOT_YET

    def cells(self, missing: str) -> list[str]:
        """Trainee, result, in stage, exact, within one, mean diff and kappa (with the scales
        it rests on), as table cells; counts are of all the case's scales, `missing` stands
        where there is no mean."""
        given = self.feedback
        total = len(given.scales)
        return [
            self.name,
            self.result,
            f"{given.in_stage}/{total}",
            f"{given.exact}/{total}",
            f"{given.within_one}/{total}",
            missing if given.mad is None else fixed(given.mad),
            kappa_text(self.agreement),
        ]

    @property
    def shortfall(self) -> str | None:
        """`Ben, not yet: …` with what fell short of the rule; None when the trainee passed."""
        if not self.feedback.shortfalls:
            return None
        return f"{self.name}, not yet: {'; '.join(self.feedback.shortfalls)}."


@dataclass(frozen=True)
class ScaleToDiscuss:
    """A scale where some answer differs from the reference or from another trainee's."""

    rank: int
    """1 for the scale most worth discussing first (see `agreement.rank_disagreement`)."""
    scale: str
    name: str
    reference: Reference
    reference_stage: str | None
    """The reference point's stage; None when the reference is n/a."""
    off_stage: int
    answered: int
    mad: float | None
    spread: float | None
    unscored: int = 0
    """Trainees who left the scale unscored."""

    @property
    def counted(self) -> str:
        """`2 of 3 off stage`, with `1 not scored` where some trainee left it unscored."""
        parts = [f"{self.off_stage} of {self.answered} off stage"] if self.answered else []
        if self.unscored:
            parts.append(f"{self.unscored} not scored")
        return ", ".join(parts)


@dataclass(frozen=True)
class CaseSummary:
    """What every face shows of one answered case, beside the group's reliability."""

    group: GroupResults
    trainees: tuple[TraineeRow, ...]
    """In order of submission."""
    to_discuss: tuple[ScaleToDiscuss, ...]

    @property
    def range_note(self) -> str | None:
        """Beside the case's alpha and ICC when its reference spans few points."""
        span = self.group.reference_span
        return span.note if span else None

    @property
    def discussion(self) -> str:
        """`To discuss: Home (2 of 3 off stage), …`, or that there is nothing to discuss."""
        if not self.to_discuss:
            return NOTHING_TO_DISCUSS
        scales = ", ".join(f"{scale.name} ({scale.counted})" for scale in self.to_discuss)
        return f"To discuss: {scales}."


def case_summary(result: CaseResults) -> CaseSummary | None:
    """The case's rows and scales to discuss; None while nobody has answered it."""
    group = result.group
    if group is None:
        return None
    star, case = result.star, result.case
    trainees = []
    for name, given in result.feedback.items():
        trainees.append(TraineeRow(name, given, group.trainees[name].kappa))
    to_discuss = []
    for rank, scale in enumerate(group.to_discuss, start=1):
        reference = case.scores[scale.scale].score
        to_discuss.append(
            ScaleToDiscuss(
                rank=rank,
                scale=scale.scale,
                name=star.scale(scale.scale).name,
                reference=reference,
                reference_stage=star.stage_of(reference).name
                if isinstance(reference, int)
                else None,
                off_stage=scale.off_stage,
                answered=scale.answered,
                mad=scale.mad,
                spread=scale.spread,
                unscored=scale.unscored,
            )
        )
    return CaseSummary(group, tuple(trainees), tuple(to_discuss))
