"""A file with a crowd of mistakes is reported from its first errors only, and they are the
same errors, in the same order, as when every one is built (issue 19, item 6: 40,000 bad
journey stages made pydantic build 120,000 errors, which cost more than reading the file)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

import starframe.documents.first_errors as first
from starframe.definition.models import Star
from starframe.documents.document import read_document
from tests.conftest import TINY_STAR

DEFERRED = {"defer_rules": True}
BASE: dict[str, Any] = read_document(TINY_STAR.read_bytes(), "tiny-star.yaml").data
GOOD_STAGE = BASE["journey"][0]
BAD_STAGE = {"id": "Bad", "points": "x"}
SCALE = BASE["scales"][0]


def _unknown(count: int) -> dict[str, int]:
    return {f"unknown-{i}": 1 for i in range(count)}


CROWDED: dict[str, Any] = {
    "bad stages": {**BASE, "journey": [BAD_STAGE] * 12_000},
    "valid stages first": {**BASE, "journey": [GOOD_STAGE] * 5_000 + [BAD_STAGE] * 9_000},
    "every other stage bad": {**BASE, "journey": [GOOD_STAGE, BAD_STAGE] * 6_000},
    "blank prompts in one scale": {
        **BASE,
        "scales": [{**SCALE, "prompts": [""] * 12_000}, *BASE["scales"][1:]],
    },
    "blank prompts, then more": {
        **BASE,
        "name": 5,
        "scales": [{**SCALE, "prompts": [""] * 12_000}, *BASE["scales"][1:]],
        "journey": [BAD_STAGE] * 3,
    },
    "unknown keys": {**BASE, **_unknown(12_000)},
    "unknown keys and a bad field": {**BASE, "name": 5, **_unknown(12_000)},
    "numbers as keys": BASE | dict.fromkeys(range(12_000), 1),
    "unknown keys in a scale, then more": {
        **BASE,
        "scales": [{**SCALE, **_unknown(12_000)}, *BASE["scales"][1:], {"id": 5}],
    },
}
WHOLE: dict[str, Any] = {
    "more scales than allowed": {**BASE, "scales": [{"id": "x"}] * 12_000},
    "unknown keys under a union": {**BASE, "supersedes": {"edition": "1", **_unknown(12_000)}},
}
"""Crowds whose errors do not follow the data value by value (pydantic reports a list past its
`max_length` by its length alone, and tries a union member by member): every error is built."""


def _errors(data: Any) -> ValidationError:
    with pytest.raises(ValidationError) as failed:
        Star.model_validate(data, context=DEFERRED)
    return failed.value


@pytest.mark.parametrize("data", [*CROWDED.values(), *WHOLE.values()], ids=[*CROWDED, *WHOLE])
@pytest.mark.parametrize("count", [10_000, 7, 0])
def test_the_first_errors_are_the_first_of_all(data: Any, count: int) -> None:
    exc = _errors(data)
    expected = exc.errors(include_url=False)[:count]
    assert first.first_errors(data, Star, exc, count, context=DEFERRED) == expected


@pytest.mark.parametrize("data", CROWDED.values(), ids=CROWDED)
def test_a_crowd_is_cut_short_before_validating_again(
    data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cuts: list[int] = []
    cut = first._Crowd.cut

    def counted(self: first._Crowd, node: Any, kept: int, depth: int = 0) -> Any:
        if depth == 0:
            cuts.append(kept)
        return cut(self, node, kept, depth)

    monkeypatch.setattr(first._Crowd, "cut", counted)
    first.first_errors(data, Star, _errors(data), 10_000, context=DEFERRED)
    assert cuts
    assert max(cuts) < 12_000
