"""Publication checks on a Star's set of practice cases (SF421–SF425): warnings, like SF4xx.

A set of cases trains raters across the whole journey only if there are enough of them, each
long enough to score and explained in a sentence or two per scale, and their reference scores
reach both ends of the journey and its middle. `validate --strict` runs these on a Star id, a
folder or a plugin, and `starframe.testing` (a plugin's own readiness test) calls the same
function, so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from starframe.definition.models import NA, Star
from starframe.practice.models import LoadedCase
from starframe.problems import Problem

MIN_CASES = 3
"""Cases a Star ships at least: one near each end of the journey and one between."""
VIGNETTE_WORDS = (150, 300)
"""Words of a vignette: enough to score every scale from, short enough to read in a session."""
RATIONALE_SENTENCES = (1, 2)
"""Sentences of a reference score's rationale: what a trainer reads out at feedback."""
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class StarPlace:
    """Where the set's own problems (too few cases, no spread) are shown: the Star's file."""

    file: str
    line: int = 0
    column: int = 0


def case_set_problems(
    star: Star,
    cases: Sequence[LoadedCase],
    place: StarPlace,
    *,
    minimum: int = MIN_CASES,
    words: tuple[int, int] = VIGNETTE_WORDS,
) -> list[Problem]:
    """What keeps `cases` (loaded, for their positions) from training raters on `star`."""
    usable = [(loaded, loaded.case) for loaded in cases if loaded.case is not None]
    problems: list[Problem] = []
    if len(usable) < minimum:
        problems.append(
            _at_star(
                place,
                "SF421",
                f"{star.id}@{star.edition} has {len(usable)} practice case"
                f"{'s' if len(usable) != 1 else ''}; a Star ships at least {minimum}: add "
                "cases near each end of the journey and between them.",
            )
        )
    for loaded, case in usable:
        doc = loaded.document
        count = len(case.vignette.split())
        if not words[0] <= count <= words[1]:
            problems.append(
                doc.problem(
                    "SF422",
                    f"case `{case.id}`: the vignette is {count} words; write {words[0]}–"
                    f"{words[1]}, enough to score every scale from.",
                    ("vignette",),
                    severity="warning",
                )
            )
        low, high = RATIONALE_SENTENCES
        for scale_id, reference in case.scores.items():
            sentences = len(SENTENCE_END.findall(reference.rationale.strip()))
            if not low <= sentences <= high:
                problems.append(
                    doc.problem(
                        "SF423",
                        f"case `{case.id}` › `{scale_id}`: the rationale has {sentences} "
                        f"sentence{'s' if sentences != 1 else ''}; write {low} or {high}, "
                        "ending each with a full stop.",
                        ("scores", scale_id, "rationale"),
                        severity="warning",
                    )
                )
    if usable:
        problems.extend(_spread(star, [case for _, case in usable], place))
        problems.extend(_not_applicable(star, [case for _, case in usable], place))
    return problems


def stages_reached(star: Star, cases: Sequence[object]) -> set[int]:
    """The stages (by position in the journey) that the cases' reference scores reach."""
    from starframe.practice.models import PracticeCase

    reached: set[int] = set()
    for case in cases:
        assert isinstance(case, PracticeCase)
        for reference in case.scores.values():
            if isinstance(reference.score, int) and 1 <= reference.score <= star.points:
                reached.add(star.journey.index(star.stage_of(reference.score)))
    return reached


def _spread(star: Star, cases: Sequence[object], place: StarPlace) -> list[Problem]:
    """Across the cases, reference scores reach the first stage, the last, and one between."""
    reached = stages_reached(star, cases)
    last = len(star.journey) - 1
    lacking = []
    if 0 not in reached:
        lacking.append(f"the first stage (`{star.journey[0].name}`)")
    if last not in reached:
        lacking.append(f"the last stage (`{star.journey[last].name}`)")
    if last > 1 and not any(0 < stage < last for stage in reached):
        lacking.append("a stage between them")
    if not lacking:
        return []
    return [
        _at_star(
            place,
            "SF424",
            f"the reference scores of {star.id}@{star.edition}'s {len(cases)} practice case"
            f"{'s' if len(cases) != 1 else ''} never reach {' or '.join(lacking)}: add or "
            "change a case so raters practise the whole journey.",
        )
    ]


def _not_applicable(star: Star, cases: Sequence[object], place: StarPlace) -> list[Problem]:
    from starframe.practice.models import PracticeCase

    allowed = [scale.id for scale in star.scales if scale.not_applicable]
    used = {
        scale_id
        for case in cases
        if isinstance(case, PracticeCase)
        for scale_id, reference in case.scores.items()
        if reference.score == NA
    }
    if not allowed or used:
        return []
    return [
        _at_star(
            place,
            "SF425",
            f"no practice case marks any of {', '.join(allowed)} not applicable: add one "
            "that does, so raters practise deciding when a scale does not apply.",
        )
    ]


def _at_star(place: StarPlace, code: str, message: str) -> Problem:
    return Problem(code, "warning", message, place.file, place.line, place.column)
