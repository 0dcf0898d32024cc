"""How much of a Star a translation covers ("cy 16%, partial"), counted string by string.

A Star's translatable strings and a translation's written strings are both named by key
(`scales/money/ladder/3`), so coverage is the share of the Star's keys the translation writes.
The keys are worked out once per file content and kept in the check cache beside the Star's
summary and the translation's header: `starframe stars list` shows every translation's coverage
from the cache, without loading either file (this module imports nothing heavy for that reason).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.definition.models import Star

_TOP = ("name", "summary", "audience")
_SCALE = ("name", "label", "summary", "prompts", "guidance")


@dataclass(frozen=True)
class Coverage:
    """One translation of one Star edition: how many of its strings are written."""

    language: str
    done: int
    total: int
    complete: bool
    """As the file declares it: false (`complete: false`) while knowingly partial."""

    @property
    def percent(self) -> str:
        return percent(self.done, self.total)

    def describe(self) -> str:
        """`cy`, when every string is written; `cy 80%` or `cy 16%, partial` when not."""
        if not self.complete:
            return f"{self.language} {self.percent}, partial"
        if self.done < self.total:
            return f"{self.language} {self.percent}"
        return self.language


def percent(done: int, total: int) -> str:
    """`12%`; never 100% until every string is done, never 0% once one is."""
    if not total:
        return "100%"
    share = done * 100 // total
    if done and not share:
        share = 1
    return f"{share}%"


def star_strings(star: Star) -> list[str]:
    """Every string of `star` a translation can give: the same list `translated_strings` names."""
    keys = list(_TOP)
    for stage in star.journey:
        keys.append(f"journey/{stage.id}/name")
        if stage.summary is not None:
            keys.append(f"journey/{stage.id}/summary")
    for scale in star.scales:
        where = f"scales/{scale.id}"
        keys += [f"{where}/{name}" for name in ("name", "label", "summary")]
        if scale.prompts:
            keys.append(f"{where}/prompts")
        if scale.guidance:
            keys.append(f"{where}/guidance")
        keys += [f"{where}/ladder/{point}" for point in scale.ladder]
    return keys


def translated_strings(data: object) -> list[str]:
    """The keys a translation file's mapping writes (a null value, as `new translation`
    writes each, is not yet done). Read from the file as parsed, so a listing needs no model."""
    if not isinstance(data, Mapping):
        return []
    keys = [name for name in _TOP if data.get(name) is not None]
    keys += _written(data.get("journey"), "journey", ("name", "summary"))
    keys += _written(data.get("scales"), "scales", _SCALE)
    return keys


def _written(section: object, prefix: str, names: tuple[str, ...]) -> Iterator[str]:
    if not isinstance(section, Mapping):
        return
    for item_id, text in section.items():
        if not isinstance(text, Mapping):
            continue
        where = f"{prefix}/{item_id}"
        yield from (f"{where}/{name}" for name in names if text.get(name) is not None)
        ladder = text.get("ladder") if prefix == "scales" else None
        if isinstance(ladder, Mapping):
            yield from (f"{where}/ladder/{p}" for p, value in ladder.items() if value is not None)


def coverage(language: str, complete: bool, written: list[str], strings: list[str]) -> Coverage:
    """The share of the Star's `strings` that are `written` (a key the Star lacks is an orphan,
    reported as SF501, and does not count)."""
    done = len(set(strings).intersection(written))
    return Coverage(language, done, len(strings), complete)
