"""What changed between two editions of a Star, and whether their readings can be compared.

Readings from two editions can be compared scale by scale only when both measure on the same
points with the same journey, and every scale of the older edition has a counterpart in the
newer one — by the same id, or through the newer edition's `supersedes.scales` map. Wording
changes alone do not break comparability, but they are listed point by point so an author can
review them before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from starframe.definition.models import Stage, Star

ChangeKind = Literal["added", "removed", "renamed", "changed"]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    where: str
    old: str | None = None
    new: str | None = None


@dataclass
class StarDiff:
    old: Star
    new: Star
    scale_map: dict[str, str]
    """Old scale id → new scale id, for every old scale that has a counterpart."""
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    """Why readings cannot be compared; empty when they can."""

    @property
    def comparable(self) -> bool:
        return not self.reasons


def scale_map(old: Star, new: Star) -> dict[str, str]:
    """Old scale id → new scale id, by identical id or through either edition's `supersedes`."""
    renames: dict[str, str] = {}
    if new.supersedes and new.supersedes.edition == old.edition:
        renames = dict(new.supersedes.scales)
    elif old.supersedes and old.supersedes.edition == new.edition:
        renames = {b: a for a, b in old.supersedes.scales.items()}
    new_ids = {scale.id for scale in new.scales}
    mapping: dict[str, str] = {}
    for scale in old.scales:
        target = renames.get(scale.id, scale.id)
        if target in new_ids:
            mapping[scale.id] = target
    return mapping


def diff_stars(old: Star, new: Star) -> StarDiff:
    mapping = scale_map(old, new)
    result = StarDiff(old, new, mapping)
    changes = result.changes
    if old.id != new.id:
        result.reasons.append(f"they are different Stars ({old.id} and {new.id})")
    for name in ("name", "summary", "audience", "licence", "attribution", "status", "language"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change("changed", name, str(before), str(after)))
    if old.points != new.points:
        changes.append(Change("changed", "points", str(old.points), str(new.points)))
        result.reasons.append(f"points differ ({old.points} and {new.points})")
    _journey(old, new, result)
    _scales(old, new, result)
    return result


def _journey(old: Star, new: Star, result: StarDiff) -> None:
    before = {stage.id: stage for stage in old.journey}
    after = {stage.id: stage for stage in new.journey}
    for stage in old.journey:
        if stage.id not in after:
            result.changes.append(Change("removed", f"stage {stage.id}", stage.name))
    for stage in new.journey:
        if stage.id not in before:
            result.changes.append(Change("added", f"stage {stage.id}", None, stage.name))
            continue
        previous = before[stage.id]
        for name in ("name", "summary"):
            if getattr(previous, name) != getattr(stage, name):
                where = f"stage {stage.id} {name}"
                result.changes.append(
                    Change("changed", where, getattr(previous, name), getattr(stage, name))
                )
        if previous.points != stage.points:
            result.changes.append(
                Change("changed", f"stage {stage.id} points", _span(previous), _span(stage))
            )
    if [s.points for s in old.journey] != [s.points for s in new.journey]:
        result.reasons.append(
            "the journey's stages cover different points "
            f"({', '.join(map(_span, old.journey))} and {', '.join(map(_span, new.journey))})"
        )


def _span(stage: Stage) -> str:
    return f"{stage.first}–{stage.last}"


def _scales(old: Star, new: Star, result: StarDiff) -> None:
    after = {scale.id: scale for scale in new.scales}
    mapped = set(result.scale_map.values())
    for scale in old.scales:
        target = result.scale_map.get(scale.id)
        if target is None:
            result.changes.append(Change("removed", f"scale {scale.id}", scale.name))
            result.reasons.append(f"scale `{scale.id}` has no counterpart in {new.edition}")
            continue
        if target != scale.id:
            result.changes.append(Change("renamed", f"scale {scale.id}", scale.id, target))
        counterpart = after[target]
        for name in ("name", "label", "summary", "guidance"):
            before, now = getattr(scale, name), getattr(counterpart, name)
            if before != now:
                result.changes.append(Change("changed", f"scale {target} {name}", before, now))
        if scale.prompts != counterpart.prompts:
            result.changes.append(
                Change(
                    "changed",
                    f"scale {target} prompts",
                    " | ".join(scale.prompts),
                    " | ".join(counterpart.prompts),
                )
            )
        if scale.not_applicable != counterpart.not_applicable:
            result.changes.append(
                Change(
                    "changed",
                    f"scale {target} not_applicable",
                    str(scale.not_applicable).lower(),
                    str(counterpart.not_applicable).lower(),
                )
            )
        for point in sorted(set(scale.ladder) | set(counterpart.ladder)):
            before_text, now_text = scale.ladder.get(point), counterpart.ladder.get(point)
            if before_text != now_text:
                where = f"scale {target} point {point}"
                result.changes.append(Change("changed", where, before_text, now_text))
    for scale in new.scales:
        if scale.id not in mapped:
            result.changes.append(Change("added", f"scale {scale.id}", None, scale.name))
