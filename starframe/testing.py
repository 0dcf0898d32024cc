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
    from starframe.problems import Problem

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
    "ready_to_publish",
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
    """What keeps a set of practice cases from training raters across the whole journey: the
    messages of SF421–SF425, the checks `starframe validate --strict` runs."""
    from starframe.documents.document import Document
    from starframe.practice.models import LoadedCase
    from starframe.practice.publication import StarPlace, case_set_problems

    loaded = [LoadedCase(Document(file=case.id, text=""), case) for case in cases]
    found = case_set_problems(star, loaded, StarPlace(star.id), minimum=minimum, words=words)
    return [problem.message for problem in found]


def ready_to_publish(stars: Traversable | Path, practice: Traversable | Path) -> list[Problem]:
    """Every problem `starframe validate --strict --plugin` reports on a plugin shipping the
    Stars and translations in `stars` and the practice cases in `practice`: errors, warnings
    and SF421–SF425 (notes, which never fail a check, are left out). Empty when it is ready."""
    from starframe.catalog import build_catalog, translation_problems
    from starframe.definition.load import load_star_text
    from starframe.documents.document import read_document
    from starframe.documents.header import document_kind
    from starframe.plugins.host import make_plugin_host
    from starframe.plugins.rules import plugin_rules
    from starframe.practice.models import check_case, load_case_text
    from starframe.practice.publication import StarPlace
    from starframe.practice.publication import case_set_problems as set_problems

    rules = plugin_rules(make_plugin_host())
    found: list[Problem] = []
    loaded_stars = []
    translations = []
    for item in case_files(stars):
        raw = item.read_bytes()
        if document_kind(read_document(raw, item.name)) == "translation":
            translations.append((item.name, raw))
            continue
        loaded = load_star_text(raw, item.name, rules=rules)
        found.extend(loaded.problems)
        if loaded.star is not None:
            loaded_stars.append(loaded.star)
    by_key = {star.key: star for star in loaded_stars}
    cases = []
    for item in case_files(practice):
        case = load_case_text(item.read_bytes(), item.name)
        checkable = case.checkable
        if checkable is not None and (checkable.star, checkable.edition) in by_key:
            check_case(case, by_key[(checkable.star, checkable.edition)])
        found.extend(case.problems)
        cases.append(case)
    if translations:
        catalog = build_catalog(stars_dirs=[stars] if isinstance(stars, Path) else [])
        for name, raw in translations:
            found.extend(translation_problems(raw, name, catalog))
    for star in loaded_stars:
        own = [c for c in cases if c.case is not None and (c.case.star, c.case.edition) == star.key]
        found.extend(set_problems(star, own, StarPlace(f"{star.id}.yaml")))
    return [problem for problem in found if problem.severity != "note"]


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
