"""How a draft reading changes, one rule per change, for every face that edits one.

The terminal UI (a key per change) and `starframe readings revise` (options on the command
line) change drafts the same way, so the rules live here, once: a score clears the scale's
n/a reason and any disagreement it settles; n/a drops the person's own score; clearing a scale
takes its score, disagreement and reason but keeps its note; a blank note removes the note.

Each function returns a new, validated `Reading` and stores nothing: the store checks it
against the Star (a scale that may not be n/a, a disagreement outside a collaborative reading)
when it is saved. What the draft already held was checked when it was stored, perhaps before
a newer rule (a note with a control character), so it stays; new text given here is checked
as new input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from starframe.definition.models import NA, STORED_TEXT
from starframe.readings.models import Note, Reading

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import ActionItem, Mode, Score

_NOTE: TypeAdapter[str] = TypeAdapter(Note)


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def _changed(reading: Reading, **changes: Any) -> Reading:
    data = reading.model_dump()
    data.update(changes)
    return Reading.model_validate(data, context=STORED_TEXT)


def scored(reading: Reading, scale_id: str, point: int) -> Reading:
    """The worker's score; the scale's n/a reason goes, and so does a disagreement it settles."""
    person = dict(reading.person_scores)
    if person.get(scale_id) == point:
        person.pop(scale_id)
    return _changed(
        reading,
        scores={**reading.scores, scale_id: point},
        person_scores=person,
        not_applicable_reasons=_without(reading.not_applicable_reasons, scale_id),
    )


def not_applicable(reading: Reading, scale_id: str) -> Reading:
    """The scale marked n/a, keeping any reason given; the person's own score goes with the
    worker's, since there is nothing left to disagree with."""
    return _changed(
        reading,
        scores={**reading.scores, scale_id: NA},
        person_scores=_without(reading.person_scores, scale_id),
    )


def toggled_not_applicable(reading: Reading, scale_id: str) -> Reading:
    """n/a, or back to 'to do' when the scale was n/a already (one key does both)."""
    if reading.scores.get(scale_id) == NA:
        return cleared(reading, scale_id)
    return not_applicable(reading, scale_id)


def given(reading: Reading, scale_id: str, score: Score) -> Reading:
    """A score or n/a, as a file or the command line gives it."""
    if isinstance(score, int):
        return scored(reading, scale_id, score)
    return not_applicable(reading, scale_id)


def cleared(reading: Reading, scale_id: str) -> Reading:
    """Back to 'to do': no score, no disagreement, no reason (the note stays)."""
    return _changed(
        reading,
        scores=_without(reading.scores, scale_id),
        person_scores=_without(reading.person_scores, scale_id),
        not_applicable_reasons=_without(reading.not_applicable_reasons, scale_id),
    )


def disagreement_refusal(reading: Reading, scale_id: str) -> str | None:
    """Why no disagreement can be recorded on the scale now, in words for the worker (None
    when one can): asked before offering to record one, so the worker is not led to pick the
    person's point only for the store to refuse it."""
    if reading.mode != "collaborative":
        return f"Disagreements belong to collaborative readings; this one is {reading.mode}."
    if not isinstance(reading.scores.get(scale_id), int):
        return "Score the scale first: a disagreement is the person's view beside yours."
    return None


def disagreed(reading: Reading, scale_id: str, person_point: int | None) -> Reading:
    """The person's own score kept beside the worker's; None, or the worker's own score,
    removes the disagreement."""
    person = _without(reading.person_scores, scale_id)
    if person_point is not None and person_point != reading.scores.get(scale_id):
        person[scale_id] = person_point
    return _changed(reading, person_scores=person)


def noted(reading: Reading, scale_id: str, text: str) -> Reading:
    """The scale's note, trimmed; blank text removes it. New text that may not be stored (a
    control character) raises ValidationError, worded for the person."""
    notes = _without(reading.notes, scale_id)
    if text.strip():
        notes[scale_id] = _NOTE.validate_python(text.strip())
    return _changed(reading, notes=notes)


def with_action(reading: Reading, item: ActionItem) -> Reading:
    """One more step at the end of the action plan."""
    return _changed(reading, actions=[*reading.model_dump()["actions"], item.model_dump()])


def action_problem(reading: Reading, item: ActionItem) -> str | None:
    """Why `item` may not join the reading's action plan, in words (None when it may): a step
    to be done by a date before the reading was taken is a slip of the keyboard."""
    if item.by is not None and item.by < reading.date:
        return (
            f"By: {item.by} is before the reading ({reading.date}). Give the date the step "
            "should be done by, or leave it empty."
        )
    return None


def without_action(reading: Reading, index: int) -> Reading:
    """The action plan without its step at `index` (counted from 0)."""
    actions = reading.model_dump()["actions"]
    return _changed(reading, actions=actions[:index] + actions[index + 1 :])


def completed(reading: Reading) -> Reading:
    """Marked complete; the store refuses it unless every scale is scored or n/a."""
    return _changed(reading, status="complete")


def completion_problems(reading: Reading, star: Star, *, today: dt.date) -> list[str]:
    """Why the store would refuse to complete the draft now, each once, in words for the
    worker completing it (empty when it would not, or the reading is complete already):
    asked before a face offers to complete it. The store's own messages speak of a file's
    keys (`scores`, `status: draft`); here the scales still to do are named instead."""
    from starframe.readings.check import reading_violations

    if reading.status == "complete":
        return []
    trial = reading.model_copy(update={"status": "complete"})
    found: list[str] = []
    for violation in reading_violations(trial, star, today=today):
        if violation.code == "SF704":
            todo = [scale.name for scale in star.scales if scale.id not in reading.scores]
            worded = f"Still to do: {', '.join(todo)}."
        else:
            worded = violation.message.replace("`", "")
        if worded not in found:
            found.append(worded)
    return found


@dataclass(frozen=True)
class Details:
    """Corrections to when, by whom and how a reading was taken; None keeps what it holds."""

    date: dt.date | None = None
    worker: str | None = None
    mode: Mode | None = None
    retrospective: bool | None = None

    def given(self) -> dict[str, Any]:
        """Only the corrections given, by field name."""
        return {name: value for name, value in asdict(self).items() if value is not None}


def with_details(reading: Reading, details: Details) -> Reading:
    """The draft's date, worker, mode or retrospective flag corrected."""
    return _changed(reading, **details.given())
