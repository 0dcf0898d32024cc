"""A reading being scored: each key a worker presses becomes a saved draft at once.

Every change is one of `starframe.readings.editing`'s rules, the same `readings revise`
follows; the new reading goes to the store, which checks it against the Star and saves it in
one transaction before the screen shows it. If the store refuses (a scale that may not be
`n/a`, a disagreement outside a collaborative reading) the reading stays as it was and the
store's words are shown. A crash loses nothing that was shown as saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starframe.readings import editing

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import ActionItem, Reading
    from starframe.tui.store_access import StoreAccess


class ReadingSession:
    """The draft, its store revision, and the Star it is scored on (in the chosen language)."""

    def __init__(self, access: StoreAccess, reading: Reading, revision: int, star: Star) -> None:
        self.access = access
        self.reading = reading
        self.revision = revision
        self.star = star

    @property
    def locked(self) -> bool:
        return self.reading.status == "complete"

    def _save(self, updated: Reading) -> None:
        self.revision = self.access.save(updated, self.revision)
        self.reading = updated

    def score(self, scale_id: str, point: int) -> None:
        self._save(editing.scored(self.reading, scale_id, point))

    def toggle_not_applicable(self, scale_id: str) -> None:
        self._save(editing.toggled_not_applicable(self.reading, scale_id))

    def clear(self, scale_id: str) -> None:
        self._save(editing.cleared(self.reading, scale_id))

    def disagree(self, scale_id: str, person_point: int | None) -> None:
        self._save(editing.disagreed(self.reading, scale_id, person_point))

    def note(self, scale_id: str, text: str) -> None:
        self._save(editing.noted(self.reading, scale_id, text))

    def add_action(self, item: ActionItem) -> None:
        self._save(editing.with_action(self.reading, item))

    def remove_action(self, index: int) -> None:
        self._save(editing.without_action(self.reading, index))

    def complete(self) -> None:
        self._save(editing.completed(self.reading))
