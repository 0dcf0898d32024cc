"""A practice attempt being scored: the trainee's answers, held in memory until submitted.

Practice is not a reading. Nothing is stored while a trainee scores, so an abandoned attempt
leaves no trace, and what is submitted goes to the practice tables only (see
`starframe.practice.writer.PracticeWriter.submit`). The attempt offers the same `scores` as a
reading does, so a face shows it with the reading's signs (the terminal UI's scale list and
ladder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starframe.definition.models import NA

if TYPE_CHECKING:
    from starframe.definition.models import Scale, Star
    from starframe.practice.agreement import Reference
    from starframe.practice.models import PracticeCase


@dataclass
class PracticeAttempt:
    """One trainee on one case, alone (`code` None) or in a trainer's session."""

    trainee: str
    case: PracticeCase
    star: Star
    """The Star the case was checked against; the answers are submitted on it."""
    code: str | None = None
    scores: dict[str, Reference] = field(default_factory=dict)

    @property
    def person_scores(self) -> Mapping[str, int]:
        """Always empty: a vignette has no person to disagree with the trainee."""
        return {}

    @property
    def notes(self) -> Mapping[str, str]:
        """Always empty: practice answers are scores only."""
        return {}

    def score(self, scale_id: str, point: int) -> None:
        self.scores[scale_id] = point

    def toggle_not_applicable(self, scale_id: str) -> None:
        if self.scores.get(scale_id) == NA:
            self.clear(scale_id)
        else:
            self.scores[scale_id] = NA

    def clear(self, scale_id: str) -> None:
        self.scores.pop(scale_id, None)

    def unscored(self) -> list[Scale]:
        """The scales with no answer yet: they count as misses if submitted so."""
        return [scale for scale in self.star.scales if scale.id not in self.scores]
