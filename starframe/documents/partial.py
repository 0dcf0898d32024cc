"""A model read from a broken file without the values that failed, for the checks after it.

A file whose shape is wrong in one place (a label too long in a translation, an `N/A` among a
practice case's scores) still has its other values checked against its Star in the same run:
each failing value is left out (an entry of a mapping, a list item, an optional field) and the
data validated again. `dropped` says what was left out, so a check does not report its absence
as a second problem (a score that failed is not also "missing").
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
Path = tuple[str | int, ...]
ATTEMPTS = 4
"""Passes at most: each leaves out what failed, so the second normally validates; a value
whose parent then fails (a required key left out) takes one more."""


def without_failures(
    data: Any, model: type[M], *, keep: frozenset[str], context: dict[str, Any] | None = None
) -> tuple[M | None, set[Path]]:
    """`data` as `model` without its failing values, and the paths left out; None when a
    top-level field in `keep` (what the checks need, such as the Star it names) failed."""
    if not isinstance(data, dict):
        return None, set()
    cleaned = copy.deepcopy(data)
    dropped: set[Path] = set()
    for _ in range(ATTEMPTS):
        try:
            return model.model_validate(cleaned, context=context), dropped
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(p for p in error["loc"] if isinstance(p, int) or "[" not in p)
                if not loc or loc[0] in keep or (len(loc) == 1 and _required(model, loc[0])):
                    return None, dropped
                if error["type"] == "missing":
                    loc = loc[:-1]
                    if len(loc) == 0:
                        return None, dropped
                removed = _remove(cleaned, loc)
                if removed is not None:
                    dropped.add(removed)
    return None, dropped


def _required(model: type[BaseModel], name: str | int) -> bool:
    info = model.model_fields.get(str(name))
    return info is not None and info.is_required()


def _remove(root: Any, loc: Path) -> Path | None:
    """Remove the value at `loc` (a list item: the whole list, so no index moves); the path
    removed, or None when there is nothing there."""
    node = root
    for depth, part in enumerate(loc[:-1]):
        if isinstance(node, list):
            return _remove(root, loc[:depth]) if depth else None
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, list):
        return _remove(root, loc[:-1]) if len(loc) > 1 else None
    if isinstance(node, dict) and loc[-1] in node:
        del node[loc[-1]]
        return loc
    return None


def left_out(dropped: set[Path], *path: str | int) -> bool:
    """True when `path`, or a part holding it, was left out."""
    return any(path[: len(d)] == d for d in dropped)
