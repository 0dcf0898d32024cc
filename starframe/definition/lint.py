"""Warnings about a valid Star that is not yet ready to publish.

A draft with warnings still loads and can be piloted; `validate --strict` fails on them, which
is the publication check. Each rule has a stable code documented in docs/errors.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from starframe.problems import Problem

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.document import Document

_PLACEHOLDER = re.compile(
    r"\b(todo|tbd|tbc|fixme|xxx|lorem ipsum|placeholder)\b|^\s*(\.\.\.|…|-|\?+)\s*$",
    re.IGNORECASE,
)


def lint_star(star: Star, doc: Document) -> list[Problem]:
    return list(_lint(star, doc))


def _lint(star: Star, doc: Document) -> Iterator[Problem]:
    for index, stage in enumerate(star.journey):
        if stage.summary is None:
            yield doc.problem(
                "SF401",
                f"stage `{stage.id}` has no `summary`: add a sentence saying what this stage "
                "means, so workers and people read the journey the same way.",
                ("journey", index),
                severity="warning",
            )
    for index, scale in enumerate(star.scales):
        if scale.not_applicable and scale.guidance is None:
            yield doc.problem(
                "SF404",
                f"scale `{scale.id}` may be not applicable but has no `guidance`: say when a "
                "worker should mark it not applicable.",
                ("scales", index, "not_applicable"),
                severity="warning",
            )
        seen: dict[str, int] = {}
        for point, wording in sorted(scale.ladder.items()):
            path = ("scales", index, "ladder", point)
            if _PLACEHOLDER.search(wording):
                yield doc.problem(
                    "SF403",
                    f"scale `{scale.id}` point {point} has placeholder wording "
                    f"(`{wording.strip()[:40]}`): write the real wording before publishing.",
                    path,
                    severity="warning",
                )
            normalised = " ".join(wording.lower().split())
            if normalised in seen:
                yield doc.problem(
                    "SF402",
                    f"scale `{scale.id}` uses the same wording for points {seen[normalised]} and "
                    f"{point}: each point needs its own description so scores can be told apart.",
                    path,
                    severity="warning",
                )
            else:
                seen[normalised] = point
