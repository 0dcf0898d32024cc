"""Does `supersedes` name an edition, and scales of it, that exist? Checked against what is known.

The loader cannot know other editions: a file alone cannot say that `supersedes.edition: "0.9"`
was never published or that `daily-lif` is not a scale of 1.0. Given the other editions of the
same Star that are installed or checked together, a wrong name is an error at its line (SF208);
with none of them at hand, a warning names what could not be checked (SF412), so a typo is never
silently kept and a draft written before its predecessor is installed still loads.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from starframe.definition.models import Star


@dataclass(frozen=True)
class EditionFinding:
    code: str
    severity: str
    path: tuple[str | int, ...]
    message: str
    key: bool = False


def supersedes_findings(star: Star, editions: Mapping[str, Star]) -> list[EditionFinding]:
    """What is wrong with `star.supersedes`, given the other known `editions` of its id."""
    supersedes = star.supersedes
    if supersedes is None:
        return []
    others = {edition: other for edition, other in editions.items() if edition != star.edition}
    older = others.get(supersedes.edition)
    if older is None and not others:
        return [
            EditionFinding(
                "SF412",
                "warning",
                ("supersedes", "edition"),
                f"`supersedes` names {star.id} {supersedes.edition}, which is neither installed "
                "nor checked with this file, so the edition and its scale ids "
                f"({', '.join(supersedes.scales) or 'none mapped'}) could not be checked: "
                f"install it, or validate both files together.",
            )
        ]
    if older is None:
        known = ", ".join(sorted(others))
        close = difflib.get_close_matches(supersedes.edition, list(others), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else ""
        return [
            EditionFinding(
                "SF208",
                "error",
                ("supersedes", "edition"),
                f"`supersedes` names {star.id} {supersedes.edition}, which does not exist "
                f"(known editions: {known}).{hint} Name the edition this one replaces.",
            )
        ]
    old_ids = [scale.id for scale in older.scales]
    found = []
    for old_id in supersedes.scales:
        if old_id in old_ids:
            continue
        close = difflib.get_close_matches(old_id, old_ids, n=1, cutoff=0.6)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        found.append(
            EditionFinding(
                "SF208",
                "error",
                ("supersedes", "scales", old_id),
                f"`supersedes.scales` maps `{old_id}`, which is not a scale of {star.id} "
                f"{older.edition}.{hint} Its scales are: {', '.join(old_ids)}.",
                key=True,
            )
        )
    return found
