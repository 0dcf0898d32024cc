"""The parts of a broken Star that are well-formed, so every check that can run still runs.

One malformed stage or a misspelt key must not hide a duplicate scale id or a gap in the
journey until the author has fixed it and run `validate` again: the author sees every problem
in one run. Each stage and scale is validated on its own; the rules between fields and the
publication checks then run on those that passed, and what truly needs a broken part is said
in one line (SF016).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from starframe.definition.lint import LintRule, run_lint
from starframe.definition.models import MAX_POINTS, MIN_POINTS, Scale, Stage, Star, Supersedes
from starframe.definition.rules import StarParts
from starframe.documents.document import Document
from starframe.limits import SHOWN_PROBLEMS
from starframe.problems import Problem

Path = tuple[str | int, ...]


def star_parts(data: Any, context: dict[str, Any]) -> tuple[StarParts, Star | None]:
    """The well-formed parts of `data`, and a Star built from them when every top-level field
    the publication checks read is present (for running those checks)."""
    try:
        Star.model_validate(data, context=context)
        locs: list[Path] = []
    except ValidationError as exc:
        # An unknown key breaks nothing else: the stage or scale it is in is still checked.
        locs = [
            tuple(error["loc"])
            for error in exc.errors(include_url=False)
            if error["type"] != "extra_forbidden"
        ]
    failing = {loc[:2] for loc in locs}
    broken = {path[0] for path in failing}
    mapping = data if isinstance(data, dict) else {}
    journey, whole_journey = _items(mapping, "journey", Stage, broken, failing, context)
    scales, _ = _items(mapping, "scales", Scale, broken, failing, context)
    readable = _items(mapping, "scales", Scale, broken, failing, context, readable=RULE_FIELDS)[0]
    points = mapping.get("points", 10) if "points" not in broken else _meant_number(mapping)
    edition = mapping.get("edition") if "edition" not in broken else None
    supersedes = None
    if "supersedes" not in broken and isinstance(mapping.get("supersedes"), dict):
        supersedes = Supersedes.model_validate(mapping["supersedes"], context=context)
    parts = StarParts(
        journey,
        readable,
        points if isinstance(points, int) else None,
        edition if isinstance(edition, str) else None,
        supersedes,
        whole_journey=whole_journey,
        named=_named(mapping, {loc[:3] for loc in locs}),
        whole_scales=scales,
    )
    return parts, _partial_star(mapping, parts, broken, context)


_NAMED = (("journey", "id"), ("journey", "name"), ("scales", "id"), ("scales", "label"))


def _named(
    data: dict[str, Any], failing: set[Path]
) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """Each item's id, name or label where that field itself is well-formed."""
    named: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for section, field in _NAMED:
        items = data.get(section)
        found = named.setdefault((section, field), [])
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            value = item.get(field) if isinstance(item, dict) else None
            if isinstance(value, str) and (section, index, field) not in failing:
                found.append((index, value))
    return named


def _meant_number(data: dict[str, Any]) -> int | None:
    """`points: "5"` (SF103 says to remove the quotes) read as 5 for the other checks."""
    value = data.get("points")
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
        return number if MIN_POINTS <= number <= MAX_POINTS else None
    return None


def _known_only(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if key in model.model_fields}


def _as_meant(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """`item` with each unknown key read as the field it misspells (`sumary` as `summary`,
    SF101 says so), or left out: the checks then report what the author meant to write, not
    follow-ons of the typo (a stage "without a summary")."""
    fields = model.model_fields
    meant: dict[str, Any] = {key: value for key, value in item.items() if key in fields}
    for key, value in item.items():
        if key in fields or not isinstance(key, str):
            continue
        close = difflib.get_close_matches(key, [f for f in fields if f not in meant], 1, 0.6)
        if close:
            meant[close[0]] = value
    ladder = meant.get("ladder")
    if isinstance(ladder, dict):  # `"3":` (SF103: remove the quotes) read as point 3
        meant["ladder"] = {
            int(k) if isinstance(k, str) and k.strip().isdigit() else k: v
            for k, v in ladder.items()
        }
    return meant


RULE_FIELDS = frozenset({"id", "ladder"})
"""The fields of a scale the rules between fields read (`rules.py`): a scale broken only
elsewhere (a label too long) still has its ladder checked against the points."""


def _items(
    data: dict[str, Any],
    section: str,
    model: type[BaseModel],
    broken: set[str | int],
    failing: set[Path],
    context: dict[str, Any],
    *,
    readable: frozenset[str] | None = None,
) -> tuple[list[tuple[int, Any]], bool]:
    """The well-formed items of `section`; with `readable`, also each item whose failures are
    all outside those fields, built of its well-formed fields (for the rules, never for lint)."""
    items = data.get(section)
    if not isinstance(items, list):
        return [], False
    whole = (section,) not in failing
    parsed: list[tuple[int, Any]] = []
    for index, item in enumerate(items):
        if section in broken and (section, index) in failing:
            whole = False
            if readable is None:
                continue
        if isinstance(item, dict):
            # Reading typos as meant costs a string match per key: the first items are enough
            # (a file with thousands of broken items is the wrong file).
            item = _as_meant(item, model) if index < SHOWN_PROBLEMS else _known_only(item, model)
        try:
            parsed.append((index, model.model_validate(item, context=context)))
        except ValidationError as exc:
            whole = False
            failed = {error["loc"][0] for error in exc.errors(include_url=False) if error["loc"]}
            if readable is not None and isinstance(item, dict) and not failed & readable:
                fields = {k: v for k, v in item.items() if k not in failed}
                if readable <= set(fields):
                    parsed.append((index, model.model_construct(**fields)))
    return parsed, whole


def _partial_star(
    data: dict[str, Any], parts: StarParts, broken: set[str | int], context: dict[str, Any]
) -> Star | None:
    """A Star of the well-formed parts, for the publication checks; None when the journey or
    the points they read are broken. A broken `language` reads as none (the plain-English rule
    then waits for it: `LANGUAGE_RULES`)."""
    if not parts.whole_journey or parts.points is None:
        return None
    fields: dict[str, Any] = {
        name: data[name]
        for name in Star.model_fields
        if name in data and name not in broken and name not in ("journey", "scales")
    }
    for name in ("lint", "colours", "supersedes"):
        fields.pop(name, None)
    if "lint" in data and "lint" not in broken:
        from starframe.definition.models import LintSettings

        fields["lint"] = LintSettings.model_validate(data["lint"], context=context)
    fields["journey"] = [stage for _, stage in parts.journey]
    fields["scales"] = [scale for _, scale in _lint_scales(parts)]
    fields["points"] = parts.points
    fields["supersedes"] = parts.supersedes
    for name in ("name", "summary", "audience", "licence", "attribution", "id", "edition"):
        fields.setdefault(name, "")
    fields.setdefault("language", "")
    fields.setdefault("status", "draft")
    return Star.model_construct(**fields)


def _lint_scales(parts: StarParts) -> list[tuple[int, Scale]]:
    return parts.scales if parts.whole_scales is None else parts.whole_scales


def partial_lint(
    star: Star | None, parts: StarParts, doc: Document, rules: Sequence[LintRule]
) -> tuple[list[Problem], int]:
    """The publication checks on a partial Star, at the places of the parts they found, and how
    many could not run (no Star to run them on)."""
    if star is None:
        return [], len(rules)
    scale_index = [index for index, _ in _lint_scales(parts)]
    stage_index = [index for index, _ in parts.journey]

    def place(path: Path) -> Path:
        if len(path) >= 2 and isinstance(path[1], int):
            if path[0] == "scales" and path[1] < len(scale_index):
                return ("scales", scale_index[path[1]], *path[2:])
            if path[0] == "journey" and path[1] < len(stage_index):
                return ("journey", stage_index[path[1]], *path[2:])
        return path

    found = run_lint(star, doc, rules, place=place, partial=True)
    # A Star with errors is not published: whether it would be published with warnings is
    # for the run after the errors are fixed.
    waiting = sum(rule.code in LANGUAGE_RULES for rule in rules) if not star.language else 0
    return [p for p in found if p.code != "SF409"], waiting


LANGUAGE_RULES = frozenset({"SF407"})
"""Publication checks that depend on the Star's language (plain English is for English)."""
