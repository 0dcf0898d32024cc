"""A reading being scored: each key a worker presses becomes a saved draft at once.

Every change builds a new, validated `Reading` and hands it to the store, which checks it
against the Star and saves it in one transaction before the screen shows it; if the store
refuses (a scale that may not be `n/a`, a disagreement outside a collaborative reading) the
reading stays as it was and the store's words are shown. A crash loses nothing that was
shown as saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from starframe.definition.models import NA, STORED_TEXT
from starframe.readings.models import ActionItem, Note, Reading

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.tui.store_access import StoreAccess


_NOTE: TypeAdapter[str] = TypeAdapter(Note)


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


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

    def _save(self, **changes: Any) -> None:
        data = self.reading.model_dump()
        data.update(changes)
        # What the draft held was checked when it was stored, perhaps before a newer rule (a
        # note with a control character): it stays. New text is checked where it is typed
        # (`note`, the action plan's dialog), so a worker can still score an old draft.
        updated = Reading.model_validate(data, context=STORED_TEXT)
        self.revision = self.access.save(updated, self.revision)
        self.reading = updated

    def score(self, scale_id: str, point: int) -> None:
        """The worker's score; a disagreement the new score resolves is dropped."""
        person = dict(self.reading.person_scores)
        if person.get(scale_id) == point:
            person.pop(scale_id)
        self._save(
            scores={**self.reading.scores, scale_id: point},
            person_scores=person,
            not_applicable_reasons=_without(self.reading.not_applicable_reasons, scale_id),
        )

    def toggle_not_applicable(self, scale_id: str) -> None:
        if self.reading.scores.get(scale_id) == NA:
            self.clear(scale_id)
            return
        self._save(
            scores={**self.reading.scores, scale_id: NA},
            person_scores=_without(self.reading.person_scores, scale_id),
        )

    def clear(self, scale_id: str) -> None:
        """Back to 'to do': no score, no disagreement, no reason (the note stays)."""
        self._save(
            scores=_without(self.reading.scores, scale_id),
            person_scores=_without(self.reading.person_scores, scale_id),
            not_applicable_reasons=_without(self.reading.not_applicable_reasons, scale_id),
        )

    def disagree(self, scale_id: str, person_point: int | None) -> None:
        """Keep the person's own score beside the worker's; None removes the disagreement."""
        person = _without(self.reading.person_scores, scale_id)
        if person_point is not None and person_point != self.reading.scores.get(scale_id):
            person[scale_id] = person_point
        self._save(person_scores=person)

    def note(self, scale_id: str, text: str) -> None:
        """The scale's note; blank text removes it."""
        notes = _without(self.reading.notes, scale_id)
        if text.strip():
            notes[scale_id] = _NOTE.validate_python(text.strip())
        self._save(notes=notes)

    def add_action(self, item: ActionItem) -> None:
        self._save(actions=[*self.reading.model_dump()["actions"], item.model_dump()])

    def remove_action(self, index: int) -> None:
        actions = self.reading.model_dump()["actions"]
        self._save(actions=actions[:index] + actions[index + 1 :])

    def complete(self) -> None:
        """Complete the reading; the store refuses unless every scale is scored or n/a."""
        self._save(status="complete")
