"""The practice case format: a fictional vignette with reference scores for every scale.

Trainees score the vignette and are compared with the reference, so a case must fit its Star
exactly: every scale scored (or not applicable where the Star allows it), each score on the
Star's points, and a rationale a trainer can read out when feedback is discussed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ConfigDict, Field

from starframe.definition.models import NA, Edition, ShortText, Slug, Star, Strict, Text
from starframe.documents.document import Document
from starframe.documents.header import header_read, read_as
from starframe.documents.partial import left_out, without_failures
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
    partial: PracticeCase | None = None
    """A broken case without the values that failed, to check against its Star all the same;
    `dropped` is what was left out."""
    dropped: set[tuple[str | int, ...]] = field(default_factory=set)

    @property
    def problems(self) -> list[Problem]:
        return self.document.problems

    @property
    def checkable(self) -> PracticeCase | None:
        """The case to check against its Star: whole, or its well-formed part."""
        return self.case or self.partial


def load_case_text(raw: bytes | str, file: str = "<text>") -> LoadedCase:
    loaded = LoadedCase(*read_as(raw, file, "practice-case", PracticeCase))
    if loaded.case is None and header_read(loaded.document):
        loaded.partial, loaded.dropped = without_failures(
            loaded.document.data, PartialCase, keep=frozenset({"star", "edition"})
        )
    return loaded


class PartialCase(PracticeCase):
    """A case whose failed header fields are left out: only its Star and scores are checked."""

    id: Slug = "partial"
    title: ShortText = "partial"
    vignette: Text = "partial"
    scores: dict[str, ReferenceScore] = Field(default_factory=dict)


def check_case(loaded: LoadedCase, star: Star) -> None:
    """Reference scores must fit `star`: every scale, on its points, n/a only where allowed."""
    case, doc = loaded.checkable, loaded.document
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
    # A misspelt scale (SF602) or a score that failed is not also a missing one.
    meant = {
        close for given in case.scores if given not in scales for close in _close(given, scales)
    }
    missing = [
        scale_id
        for scale_id in scales
        if scale_id not in case.scores
        and scale_id not in meant
        and not left_out(loaded.dropped, "scores", scale_id)
    ]
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
    doc.problems.sort(key=lambda p: p.order)


def _close(given: str, scales: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(given, list(scales), n=1, cutoff=0.6)
