"""Rules of a valid Star that relate several fields, each reported at the field it concerns."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starframe.characters import folded, spelled_out

if TYPE_CHECKING:
    from starframe.definition.models import Stage, Star


@dataclass(frozen=True)
class Violation:
    code: str
    path: tuple[str | int, ...]
    message: str
    key: bool = False
    """Point at the key rather than its value (e.g. a ladder point that should not be there)."""


def star_rule_violations(star: Star, *, stored: bool = False) -> list[Violation]:
    """Every rule `star` breaks. Names and labels are compared as they read (`folded`), so
    `Stuck` and `St<U+200B>uck` clash; a `stored` definition, kept by a database since before
    that rule, is held to the exact comparison it passed when it was stored."""
    alike: Callable[[str], str] = (lambda text: text) if stored else folded
    return [
        *_unique("journey", [s.id for s in star.journey], "stage id", "SF201"),
        *_unique(
            "journey",
            [s.name for s in star.journey],
            "stage name",
            "SF201",
            field="name",
            key=alike,
        ),
        *_unique("scales", [s.id for s in star.scales], "scale id", "SF202"),
        *_unique(
            "scales",
            [s.label for s in star.scales],
            "scale label",
            "SF202",
            field="label",
            key=alike,
        ),
        *_journey_partition(star.journey, star.points),
        *_ladders(star),
        *_supersedes(star),
    ]


def _supersedes(star: Star) -> Iterator[Violation]:
    if star.supersedes is None:
        return
    if star.supersedes.edition == star.edition:
        yield Violation(
            "SF207",
            ("supersedes", "edition"),
            f"edition {star.edition} cannot supersede itself: name the edition it replaces.",
        )
    ids = {scale.id for scale in star.scales}
    for old_id, new_id in star.supersedes.scales.items():
        if new_id not in ids:
            yield Violation(
                "SF207",
                ("supersedes", "scales", old_id),
                f"`supersedes` maps `{old_id}` to `{new_id}`, which is not a scale of this "
                f"edition: use one of its scale ids ({', '.join(sorted(ids))}).",
            )


def _unique(
    section: str,
    values: Sequence[str],
    what: str,
    code: str,
    *,
    field: str = "id",
    key: Callable[[str], str] = lambda text: text,
) -> Iterator[Violation]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        seen = first.get(key(value))
        if seen is None:
            first[key(value)] = index
            continue
        if values[seen] == value:
            clash = f"{what} `{value}` is used twice"
        else:
            clash = (
                f"{what} `{spelled_out(value)}` reads the same as "
                f"`{spelled_out(values[seen])}` (they differ only in upper/lower case, "
                "invisible characters or look-alike forms)"
            )
        yield Violation(
            code,
            (section, index, field),
            f"{clash} (also item {seen + 1} of `{section}`): each {what} must be unique; "
            "rename one of them.",
        )


def _journey_partition(journey: Sequence[Stage], points: int) -> Iterator[Violation]:
    expected = 1
    for index, stage in enumerate(journey):
        path = ("journey", index, "points")
        first, last = stage.points
        if first > last:
            yield Violation(
                "SF203",
                path,
                f"stage `{stage.id}` covers [{first}, {last}], which runs backwards: "
                f"write the lower point first, e.g. [{last}, {first}].",
            )
            return
        if first != expected:
            problem = "overlaps the stage before it" if first < expected else "leaves a gap"
            yield Violation(
                "SF204",
                path,
                f"stage `{stage.id}` starts at {first} and {problem}: stages must cover "
                f"1..{points} in order with no gaps or overlaps, so this one should start "
                f"at {expected}.",
            )
            return
        expected = last + 1
    if expected != points + 1:
        last_index = len(journey) - 1
        yield Violation(
            "SF204",
            ("journey", last_index, "points"),
            f"the journey ends at {expected - 1} but the Star has {points} points: "
            f"the last stage must end at {points} (or set `points: {expected - 1}`).",
        )


def _ladders(star: Star) -> Iterator[Violation]:
    wanted = set(range(1, star.points + 1))
    for index, scale in enumerate(star.scales):
        have = set(scale.ladder)
        for point in sorted(have - wanted):
            yield Violation(
                "SF206",
                ("scales", index, "ladder", point),
                f"scale `{scale.id}` has wording for point {point}, outside 1..{star.points}: "
                f"remove it, or raise `points`.",
                key=True,
            )
        missing = sorted(wanted - have)
        if missing:
            yield Violation(
                "SF205",
                ("scales", index, "ladder"),
                f"scale `{scale.id}` has no wording for point{'s' if len(missing) > 1 else ''} "
                f"{point_ranges(missing)}: every point 1..{star.points} needs ladder wording.",
                key=True,
            )


def point_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → '1–3, 7' so a long list of gaps stays readable."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
