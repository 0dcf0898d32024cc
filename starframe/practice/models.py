"""The practice case format: a fictional vignette with reference scores for every scale.

Trainees score the vignette and are compared with the reference, so a case must fit its Star
exactly: every scale scored (or not applicable where the Star allows it), each score on the
Star's points, and a rationale a trainer can read out when feedback is discussed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, Field

from starframe.definition.load import read_as
from starframe.definition.models import NA, Edition, ShortText, Slug, Star, Strict, Text
from starframe.document import Document
from starframe.problems import Problem


class ReferenceScore(Strict):
    score: int | Literal["n/a"] = Field(description="The reference point, or n/a.")
    rationale: Text = Field(description="Why: what in the vignette puts the person here.")


class PracticeCase(Strict):
    """A fictional person's situation, with the scores an experienced rater would give."""

    model_config = ConfigDict(title="starframe practice case")

    starframe: Literal[1]
    kind: Literal["practice-case"]
    id: Slug
    star: Slug = Field(description="Id of the Star the case is scored on.")
    edition: Edition
    title: ShortText
    vignette: Text = Field(description="The case, in Markdown: what a trainee reads.")
    scores: dict[str, ReferenceScore] = Field(description="Reference score per scale id.")


@dataclass
class LoadedCase:
    document: Document
    case: PracticeCase | None

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems


def load_case_text(raw: bytes | str, file: str = "<text>") -> LoadedCase:
    return LoadedCase(*read_as(raw, file, "practice-case", PracticeCase))


def check_case(loaded: LoadedCase, star: Star) -> None:
    """Reference scores must fit `star`: every scale, on its points, n/a only where allowed."""
    case, doc = loaded.case, loaded.document
    if case is None:
        return
    if (case.star, case.edition) != (star.id, star.edition):
        doc.problems.append(
            doc.problem(
                "SF601",
                f"this case is for {case.star}@{case.edition}, not {star.id}@{star.edition}.",
                ("star",),
            )
        )
        return
    scales = {scale.id: scale for scale in star.scales}
    for scale_id, reference in case.scores.items():
        path = ("scores", scale_id)
        scale = scales.get(scale_id)
        if scale is None:
            doc.problems.append(
                doc.problem(
                    "SF602",
                    f"`{scale_id}` is not a scale of {star.id}@{star.edition}: use one of "
                    f"{', '.join(scales)}.",
                    path,
                    key=True,
                )
            )
        elif reference.score == NA and not scale.not_applicable:
            doc.problems.append(
                doc.problem(
                    "SF603",
                    f"scale `{scale_id}` cannot be not applicable in this Star: give a score "
                    f"from 1 to {star.points}.",
                    (*path, "score"),
                )
            )
        elif isinstance(reference.score, int) and not 1 <= reference.score <= star.points:
            doc.problems.append(
                doc.problem(
                    "SF603",
                    f"{reference.score} is off the scale: scores run from 1 to {star.points}.",
                    (*path, "score"),
                )
            )
    missing = [scale_id for scale_id in scales if scale_id not in case.scores]
    if missing:
        doc.problems.append(
            doc.problem(
                "SF604",
                f"no reference score for {', '.join(f'`{m}`' for m in missing)}: a case scores "
                "every scale (n/a where the scale allows it).",
                ("scores",),
                key=True,
            )
        )
