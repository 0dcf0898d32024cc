"""Rules of a valid Star that relate several fields, each reported at the field it concerns."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starframe.characters import folded, spelled_out

if TYPE_CHECKING:
    from starframe.definition.models import Scale, Stage, Star, Supersedes


@dataclass(frozen=True)
class Violation:
    code: str
    path: tuple[str | int, ...]
    message: str
    key: bool = False
    """Point at the key rather than its value (e.g. a ladder point that should not be there)."""
    also: tuple[str | int, ...] | None = None
    """The other place a clash is with; the loader names its line in place of `ALSO`."""


ALSO = "\x00also\x00"
"""Where a message names `Violation.also`: the loader puts its line, `item N of ...` otherwise."""


def also_item(violation: Violation) -> str:
    """`item 4 of `scales``: the other place of a clash, where no file gives its line."""
    if violation.also is None or len(violation.also) < 2:
        return "another item"
    return f"item {int(violation.also[1]) + 1} of `{violation.also[0]}`"


@dataclass
class StarParts:
    """The parts of a Star that are well-formed, each with its index in the file, so the rules
    between fields can run on them even when other parts are broken (an author sees every
    problem in one run). `None` is a part that is missing or malformed."""

    journey: list[tuple[int, Stage]]
    scales: list[tuple[int, Scale]]
    points: int | None
    edition: str | None
    supersedes: Supersedes | None
    whole_journey: bool = True
    """Every stage of the journey is well-formed (the partition rule needs them all)."""
    named: dict[tuple[str, str], list[tuple[int, str]]] | None = None
    """Well-formed ids, names and labels by (section, field), from items that may be broken
    elsewhere: a duplicate id is news even on a scale whose label is too long."""
    whole_scales: list[tuple[int, Scale]] | None = None
    """The scales valid in every field, for the publication checks; `scales` also holds those
    broken only in fields the rules here never read (a scale whose label is too long still has
    its ladder checked). None: the same as `scales`."""

    def values(self, section: str, field: str) -> list[tuple[int, str]]:
        if self.named is not None:
            return self.named.get((section, field), [])
        items: list[tuple[int, Any]] = [*(self.journey if section == "journey" else self.scales)]
        return [(index, getattr(item, field)) for index, item in items]

    @classmethod
    def of(cls, star: Star) -> StarParts:
        return cls(
            list(enumerate(star.journey)),
            list(enumerate(star.scales)),
            star.points,
            star.edition,
            star.supersedes,
        )


def star_rule_violations(star: Star, *, stored: bool = False) -> list[Violation]:
    """Every rule `star` breaks. Names and labels are compared as they read (`folded`), so
    `Stuck` and `St<U+200B>uck` clash; a `stored` definition, kept by a database since before
    that rule, is held to the exact comparison it passed when it was stored."""
    return part_rule_violations(StarParts.of(star), stored=stored)[0]


def part_rule_violations(
    parts: StarParts, *, stored: bool = False
) -> tuple[list[Violation], dict[str, int]]:
    """The rules `parts` break, and how many rules could not run for want of which part."""
    alike: Callable[[str], str] = (lambda text: text) if stored else folded
    skipped: dict[str, int] = {}
    found = [
        *_unique("journey", parts.values("journey", "id"), "stage id", "SF201"),
        *_unique(
            "journey",
            parts.values("journey", "name"),
            "stage name",
            "SF201",
            field="name",
            key=alike,
        ),
        *_unique("scales", parts.values("scales", "id"), "scale id", "SF202"),
        *_unique(
            "scales",
            parts.values("scales", "label"),
            "scale label",
            "SF202",
            field="label",
            key=alike,
        ),
    ]
    if parts.points is None:
        skipped["`points`"] = 2
    elif not parts.whole_journey:
        skipped["`journey`"] = 1
    else:
        found.extend(_journey_partition([s for _, s in parts.journey], parts.points))
    if parts.points is not None:
        found.extend(_ladders(parts.scales, parts.points))
    found.extend(_supersedes(parts))
    return found, skipped


def _supersedes(parts: StarParts) -> Iterator[Violation]:
    supersedes = parts.supersedes
    if supersedes is None:
        return
    if supersedes.edition == parts.edition:
        yield Violation(
            "SF207",
            ("supersedes", "edition"),
            f"edition {parts.edition} cannot supersede itself: name the edition it replaces.",
        )
    ids = {scale.id for _, scale in parts.scales}
    for old_id, new_id in supersedes.scales.items():
        if new_id not in ids:
            yield Violation(
                "SF207",
                ("supersedes", "scales", old_id),
                f"`supersedes` maps `{old_id}` to `{new_id}`, which is not a scale of this "
                f"edition: use one of its scale ids ({', '.join(sorted(ids))}).",
            )


def _unique(
    section: str,
    values: Sequence[tuple[int, str]],
    what: str,
    code: str,
    *,
    field: str = "id",
    key: Callable[[str], str] = lambda text: text,
) -> Iterator[Violation]:
    first: dict[str, tuple[int, str]] = {}
    for index, value in values:
        seen = first.get(key(value))
        if seen is None:
            first[key(value)] = (index, value)
            continue
        if seen[1] == value:
            clash = f"{what} `{value}` is used twice"
        else:
            clash = (
                f"{what} `{spelled_out(value)}` reads the same as "
                f"`{spelled_out(seen[1])}` (they differ only in upper/lower case, "
                "invisible characters or look-alike forms)"
            )
        yield Violation(
            code,
            (section, index, field),
            f"{clash} (also at {ALSO}): each {what} must be unique; rename one of them.",
            also=(section, seen[0], field),
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


def _ladders(scales: Sequence[tuple[int, Scale]], points: int) -> Iterator[Violation]:
    wanted = set(range(1, points + 1))
    for index, scale in scales:
        have = set(scale.ladder)
        for point in sorted(have - wanted):
            yield Violation(
                "SF206",
                ("scales", index, "ladder", point),
                f"scale `{scale.id}` has wording for point {point}, outside 1..{points}: "
                f"remove it, or raise `points`.",
                key=True,
            )
        missing = sorted(wanted - have)
        if missing:
            yield Violation(
                "SF205",
                ("scales", index, "ladder"),
                f"scale `{scale.id}` has no wording for point{'s' if len(missing) > 1 else ''} "
                f"{point_ranges(missing)}: every point 1..{points} needs ladder wording.",
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
