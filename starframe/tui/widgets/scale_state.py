"""How one scale stands in a reading, as signs that read without colour.

✓ scored (with its point), – not applicable, · still to do; ≠ marks a disagreement (the
person's own score is kept beside the worker's) and ✎ a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Protocol

from starframe.definition.models import NA

State = Literal["scored", "not applicable", "to do"]


class Marks(Protocol):
    """What the signs and the ladder read: a stored reading, or practice answers in memory.

    Both are scored with the same widgets and keys, so the widgets ask only for the scores,
    the person's own view where it differs, and the notes.
    """

    @property
    def scores(self) -> Mapping[str, int | str]: ...

    @property
    def person_scores(self) -> Mapping[str, int]: ...

    @property
    def notes(self) -> Mapping[str, str]: ...


def scale_state(reading: Marks, scale_id: str) -> State:
    value = reading.scores.get(scale_id)
    if value is None:
        return "to do"
    return "not applicable" if value == NA else "scored"


def state_sign(reading: Marks, scale_id: str) -> str:
    """`✓   4`, `– n/a` or `·    `, then `≠` and `✎` where they apply (always 7 cells)."""
    value = reading.scores.get(scale_id)
    state = scale_state(reading, scale_id)
    sign, shown = {"scored": ("✓", value), "not applicable": ("–", NA), "to do": ("·", "")}[state]
    flags = ("≠" if scale_id in reading.person_scores else " ") + (
        "✎" if scale_id in reading.notes else " "
    )
    return f"{sign} {shown!s:>3}{flags}"


def tally(reading: Marks, scale_ids: list[str]) -> dict[State, int]:
    counts: dict[State, int] = {"scored": 0, "not applicable": 0, "to do": 0}
    for scale_id in scale_ids:
        counts[scale_state(reading, scale_id)] += 1
    return counts


def tally_text(reading: Marks, scale_ids: list[str]) -> str:
    counts = tally(reading, scale_ids)
    return (
        f"{counts['scored']} of {len(scale_ids)} scored, "
        f"{counts['not applicable']} not applicable, {counts['to do']} to do"
    )
