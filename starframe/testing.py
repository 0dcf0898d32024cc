"""Checks a Star plugin's own tests can call, so every plugin holds its files to one standard.

Each function returns what is wrong (or raises AssertionError with the problems rendered), so a
plugin's test is one line and its failure message says which file, line and rule. A plugin's
tests import from here and from `starframe.plugin_api` only; the loaders they read a shipped
file with in full (`load_star_file`, `load_translation_text`, `check_against`) are here too,
imported on first use like the rest.
"""

from __future__ import annotations

import re
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starframe.definition.load import LoadedStar, load_star_file
    from starframe.definition.models import Star
    from starframe.definition.translation import check_against, load_translation_text
    from starframe.practice.models import PracticeCase

__all__ = [
    "LoadedStar",
    "case_files",
    "case_position",
    "case_set_problems",
    "check_against",
    "load_shipped_cases",
    "load_shipped_star",
    "load_star_file",
    "load_translation_text",
]

_LAZY = {
    "LoadedStar": "starframe.definition.load",
    "load_star_file": "starframe.definition.load",
    "check_against": "starframe.definition.translation",
    "load_translation_text": "starframe.definition.translation",
}

SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def load_shipped_star(resource: Traversable | Path, *, warnings_allowed: bool = False) -> Star:
    """The Star in a shipped file; fails on any error, and on warnings unless allowed."""
    from starframe.definition.load import load_star_text

    loaded = load_star_text(resource.read_bytes(), resource.name)
    shown = [p.render() for p in loaded.problems if p.is_error or not warnings_allowed]
    if loaded.star is None or shown:
        raise AssertionError("\n".join(shown))
    return loaded.star


def case_files(folder: Traversable | Path) -> list[Traversable | Path]:
    return sorted(
        (item for item in folder.iterdir() if item.name.endswith((".yaml", ".yml"))),
        key=lambda item: item.name,
    )


def load_shipped_cases(star: Star, folder: Traversable | Path) -> list[PracticeCase]:
    """Every case in `folder`, each fitting `star` with no problem at all."""
    from starframe.practice.models import check_case, load_case_text

    cases = []
    for item in case_files(folder):
        loaded = load_case_text(item.read_bytes(), item.name)
        check_case(loaded, star)
        shown = [p.render() for p in loaded.problems]
        if loaded.case is None or shown:
            raise AssertionError("\n".join(shown))
        cases.append(loaded.case)
    return cases


def case_set_problems(
    star: Star,
    cases: list[PracticeCase],
    *,
    minimum: int = 3,
    words: tuple[int, int] = (150, 300),
) -> list[str]:
    """What keeps a set of practice cases from training raters across the whole journey."""
    from starframe.definition.models import NA

    problems = []
    if len(cases) < minimum:
        problems.append(f"{len(cases)} case(s); a Star ships at least {minimum}")
    for case in cases:
        count = len(case.vignette.split())
        if not words[0] <= count <= words[1]:
            problems.append(f"{case.id}: vignette of {count} words, not {words[0]}–{words[1]}")
        for scale, reference in case.scores.items():
            sentences = len(SENTENCE_END.findall(reference.rationale.strip()))
            if not 1 <= sentences <= 2:
                problems.append(f"{case.id} › {scale}: rationale of {sentences} sentences")
    spread = {case_position(star, case) for case in cases}
    missing = {"early", "mixed", "later"} - spread
    if missing:
        problems.append(f"no case mostly {' or '.join(sorted(missing))} in the journey")
    allowed = [scale.id for scale in star.scales if scale.not_applicable]
    used = {s for case in cases for s, r in case.scores.items() if r.score == NA}
    if allowed and not used:
        problems.append(f"no case marks any of {', '.join(allowed)} not applicable")
    return problems


def case_position(star: Star, case: PracticeCase) -> str:
    """`early`, `later` or `mixed`: where most of a case's reference scores sit."""
    halfway = (len(star.journey) - 1) / 2
    positions = [
        star.journey.index(star.stage_of(reference.score))
        for reference in case.scores.values()
        if isinstance(reference.score, int)
    ]
    if not positions:
        return "mixed"
    early = sum(p < halfway for p in positions) / len(positions)
    later = sum(p > halfway for p in positions) / len(positions)
    return "early" if early >= 0.6 else "later" if later >= 0.6 else "mixed"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starframe.testing' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
