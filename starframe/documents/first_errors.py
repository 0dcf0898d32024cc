"""The first errors of a validation, without building the rest.

A file with 40,000 bad journey stages fails with 120,000 errors, one with 40,000 unknown keys
with 40,000, and building pydantic's error list costs more than reading the file, while only
the first `MAX_PROBLEMS` are reported. pydantic validates a model's fields in order, a list's
items in order and each on its own, and a model's unknown keys last, in the order they are
written. So the data with its crowded place cut short (the long list's first items, or the
mapping's known keys and first unknown ones) fails with the same first errors, up to the last
one inside the cut. The cut is validated again and used only when those errors reach the
number wanted; otherwise (the first items are valid, say) a longer cut is tried, and at worst
every error is built.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from pydantic import BaseModel, ValidationError

Path = tuple[str | int, ...]


def first_errors(
    data: Any,
    model: type[BaseModel],
    exc: ValidationError,
    count: int,
    *,
    context: dict[str, Any] | None = None,
) -> list[Any]:
    """The first `count` of `exc`'s errors (validating `data` as `model` with `context`)."""
    crowd = _crowd(data, model, count)
    if crowd is not None:
        # As many values as hold `count` errors if they are spread evenly; more if not.
        kept = max(count * crowd.size // exc.error_count() + 1, 1)
        while kept < crowd.size:
            try:
                model.model_validate(crowd.cut(data, kept), context=context)
            except ValidationError as again:
                errors = again.errors(include_url=False)
                if crowd.reach(errors) >= count:
                    return errors[:count]
            kept *= 2
    return exc.errors(include_url=False)[:count]


@dataclass(frozen=True)
class _Crowd:
    """More than the errors wanted, in one place: a long list, or a mapping's unknown keys."""

    path: Path
    size: int
    known: frozenset[str] | None = None
    """The model's fields, when the crowd is the unknown keys of its mapping; None: a list."""

    def cut(self, data: Any, kept: int, depth: int = 0) -> Any:
        """`data` with the crowd cut to `kept` values, sharing everything else."""
        if depth < len(self.path):
            step = self.path[depth]
            inner = self.cut(data[step], kept, depth + 1)
            if isinstance(data, dict):
                return {**data, step: inner}
            copy = list(data)
            copy[int(step)] = inner
            return copy
        if self.known is None:
            return data[:kept]
        unknown = set(islice((key for key in data if key not in self.known), kept))
        return {key: value for key, value in data.items() if key in self.known or key in unknown}

    def reach(self, errors: Sequence[Any]) -> int:
        """How many errors, from the first, come before or inside the crowd as cut."""
        depth = len(self.path)
        for index in range(len(errors) - 1, -1, -1):
            loc = tuple(errors[index]["loc"])
            if loc[:depth] != self.path or len(loc) <= depth:
                continue
            step = loc[depth]
            if isinstance(step, int) if self.known is None else step not in self.known:
                return index + 1
        return 0


def _crowd(data: Any, model: type[BaseModel], count: int) -> _Crowd | None:
    """The largest place with more than `count` values that fail each on its own.

    Only places reached through models are searched: a union is tried member by member, so its
    errors do not follow the data. A list longer than its `max_length` is left whole: pydantic
    then reports its length and never checks its items, which a cut would. The items of a list
    of more than `count` are not searched: it is the crowd, or another is.
    """
    found: _Crowd | None = None
    stack: list[tuple[Path, Any, type[BaseModel]]] = [((), data, model)]
    while stack:
        path, node, owner = stack.pop()
        if not isinstance(node, dict):
            continue
        candidates: list[_Crowd] = []
        if owner.model_config.get("extra") == "forbid":
            known = frozenset(owner.model_fields)
            unknown = sum(1 for key in node if key not in known)
            candidates.append(_Crowd(path, unknown, known))
        for name, field in owner.model_fields.items():
            value = node.get(name)
            annotation = field.annotation
            if _is_model(annotation):
                stack.append(((*path, name), value, annotation))
            if typing.get_origin(annotation) is not list or not isinstance(value, list):
                continue
            if len(value) > count:
                if len(value) <= _max_length(field.metadata):
                    candidates.append(_Crowd((*path, name), len(value)))
                continue
            (item,) = typing.get_args(annotation)
            if _is_model(item):
                stack.extend(((*path, name, index), one, item) for index, one in enumerate(value))
        for candidate in candidates:
            if candidate.size > count and (found is None or candidate.size > found.size):
                found = candidate
    return found


def _is_model(annotation: Any) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _max_length(metadata: Sequence[Any]) -> float:
    lengths = [rule.max_length for rule in metadata if hasattr(rule, "max_length")]
    return min(lengths, default=math.inf)
