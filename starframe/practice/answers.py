"""A trainee's answers file: the scores they gave one practice case, in YAML or JSON.

    starframe: 1
    kind: practice-answers
    case: dean-after-release
    scores: {housing: 7, health: n/a}

Every problem is positioned at file:line:column like any other starframe file; scales the
file leaves out count as unscored (a miss in the feedback).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, Field

from starframe.definition.models import NA, Slug, Star, Strict
from starframe.documents.document import Document
from starframe.documents.header import header_read, read_as
from starframe.documents.partial import without_failures
from starframe.practice.agreement import Answer
from starframe.problems import Problem


class PracticeAnswers(Strict):
    """One trainee's scores on one practice case."""

    model_config = ConfigDict(title="starframe practice answers")

    starframe: Literal[1]
    kind: Literal["practice-answers"]
    case: Slug = Field(description="Id of the practice case scored.")
    scores: dict[str, int | Literal["n/a"]] = Field(description="Point or n/a per scale id.")

    def answers(self) -> dict[str, Answer]:
        return dict(self.scores)


@dataclass
class LoadedAnswers:
    document: Document
    answers: PracticeAnswers | None
    partial: PracticeAnswers | None = None
    """Broken answers without the scores that failed, to check against the Star all the same."""

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems


def load_answers_text(raw: bytes | str, file: str = "<text>") -> LoadedAnswers:
    loaded = LoadedAnswers(*read_as(raw, file, "practice-answers", PracticeAnswers))
    if loaded.answers is None and header_read(loaded.document):
        loaded.partial, _ = without_failures(
            loaded.document.data, PracticeAnswers, keep=frozenset({"case"})
        )
    return loaded


def check_answers(loaded: LoadedAnswers, star: Star) -> None:
    """Each score must be on a scale of `star`, on its points, and n/a only where allowed."""
    answers, doc = loaded.answers or loaded.partial, loaded.document
    if answers is None:
        return
    for scale_id, score in answers.scores.items():
        path = ("scores", scale_id)
        try:
            scale = star.scale(scale_id)
        except KeyError:
            doc.problems.append(
                doc.problem(
                    "SF606",
                    f"`{scale_id}` is not a scale of {star.id}@{star.edition}: use one of "
                    f"{', '.join(s.id for s in star.scales)}.",
                    path,
                    key=True,
                )
            )
            continue
        if score == NA and not scale.not_applicable:
            doc.problems.append(
                doc.problem(
                    "SF607",
                    f"{scale.name} cannot be not applicable in this Star: give a score from 1 "
                    f"to {star.points}.",
                    path,
                )
            )
        elif isinstance(score, int) and not 1 <= score <= star.points:
            doc.problems.append(
                doc.problem(
                    "SF607",
                    f"{score} is off the scale for {scale.name}: scores run from 1 to "
                    f"{star.points}.",
                    path,
                )
            )
    doc.problems.sort(key=lambda p: p.order)
