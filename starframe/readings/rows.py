"""Readings to table rows and back, losslessly (the round-trip tests hold this to account).

A record's stamps (`models.STAMPS`) are written as it carries them, else as the time it is
written; they are read back only when asked (`stamped`), for an export that moves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from starframe.definition.models import NA, STORED_TEXT
from starframe.readings.models import DEFAULT_TEAM, ActionItem, Person, Reading, Worker
from starframe.store.values import in_utc

READING_COLUMNS = (
    "pk",
    "id",
    "person_code",
    "worker_code",
    "star_id",
    "edition",
    "definition_hash",
    "taken_on",
    "mode",
    "retrospective",
    "status",
    "note",
    "revision",
    "created_at",
    "updated_at",
)
"""The columns of `reading_values`, in its order."""


def reading_values(reading: Reading, pk: int, *, now: dt.datetime) -> tuple[Any, ...]:
    """A reading's row as values in `READING_COLUMNS` order (an import writes a million)."""
    created = reading.created_at or now
    return (
        pk,
        reading.id,
        reading.person,
        reading.worker,
        reading.star,
        reading.edition,
        reading.definition,
        reading.date,
        reading.mode,
        reading.retrospective,
        reading.status,
        reading.note,
        reading.revision or 1,
        created,
        reading.updated_at or created,
    )


SCORE_COLUMNS = (
    "reading_pk",
    "scale_id",
    "value",
    "not_applicable",
    "person_value",
    "reason",
    "note",
)
"""The columns of `score_values`, in its order."""


def score_rows(reading: Reading, reading_pk: int) -> list[dict[str, Any]]:
    return [dict(zip(SCORE_COLUMNS, row, strict=True)) for row in score_values(reading, reading_pk)]


PLAIN_SCORE_COLUMNS = SCORE_COLUMNS[:4]
"""The columns of a plain score row: a score and nothing more (no person's score, reason or
note), as nearly every row an import writes is. Naming only these leaves the other three
NULL, and SQLite takes little more than half as long a row as when it is given the three
NULLs (a million rows: 0.95 s against 1.74 s); an import writes ten million."""


def plain_score_values(reading: Reading, reading_pk: int) -> list[tuple[Any, ...]] | None:
    """The usual reading's score rows in `PLAIN_SCORE_COLUMNS` order, made in a loop an
    import runs a million times; None when its scores carry more (`score_values`)."""
    if reading.person_scores or reading.not_applicable_reasons or reading.notes:
        return None
    return [
        (reading_pk, scale_id, None, True) if value == NA else (reading_pk, scale_id, value, False)
        for scale_id, value in reading.scores.items()
    ]


def score_values(reading: Reading, reading_pk: int) -> list[tuple[Any, ...]]:
    """A reading's score rows as values in `SCORE_COLUMNS` order (a tuple costs a third of a
    dict)."""
    plain = plain_score_values(reading, reading_pk)
    if plain is not None:
        return [(*row, None, None, None) for row in plain]
    scores, person = reading.scores, reading.person_scores
    reasons, notes = reading.not_applicable_reasons, reading.notes
    scales = dict.fromkeys([*scores, *person, *reasons, *notes])
    rows = []
    for scale_id in scales:
        value = scores.get(scale_id)
        rows.append(
            (
                reading_pk,
                scale_id,
                value if isinstance(value, int) else None,
                value == NA,
                person.get(scale_id),
                reasons.get(scale_id),
                notes.get(scale_id),
            )
        )
    return rows


def action_rows(reading: Reading, reading_pk: int) -> list[dict[str, Any]]:
    return [
        {
            "reading_pk": reading_pk,
            "position": position,
            "scale_id": item.scale,
            "goal": item.goal,
            "steps": item.steps,
            "who": item.who,
            "due": item.by,
            "status": item.status,
        }
        for position, item in enumerate(reading.actions)
    ]


def score_fields(
    scores: Iterable[Sequence[Any]], rank: Mapping[str, int]
) -> tuple[dict[str, int | Literal["n/a"]], dict[str, int], dict[str, str], dict[str, str]]:
    """A reading's score rows (in `SCORE_COLUMNS` order) as its scores, the person's own
    scores, n/a reasons and notes, each keyed in the Star's order (`rank`), so a model and
    an export written from the rows give the same document."""
    values: dict[str, int | Literal["n/a"]] = {}
    person: dict[str, int] = {}
    reasons: dict[str, str] = {}
    notes: dict[str, str] = {}
    last = len(rank)
    ordered = sorted(scores, key=lambda score: (rank.get(score[1], last), score[1]))
    for _pk, scale_id, value, not_applicable, person_value, reason, note in ordered:
        if value is not None:
            values[scale_id] = value
        elif not_applicable:
            values[scale_id] = NA
        if person_value is not None:
            person[scale_id] = person_value
        if reason is not None:
            reasons[scale_id] = reason
        if note is not None:
            notes[scale_id] = note
    return values, person, reasons, notes


def build_reading(
    row: Mapping[str, Any],
    scores: Iterable[Sequence[Any]],
    actions: Iterable[Mapping[str, Any]],
    rank: Mapping[str, int],
    *,
    stamped: bool = False,
) -> Reading:
    """The reading from its rows, scales in the Star's order (`rank`: a scale's place in it)
    so exports are stable. A score row is its values in `SCORE_COLUMNS` order."""
    values, person, reasons, notes = score_fields(scores, rank)
    items = [
        ActionItem.model_validate(
            {
                "scale": action["scale_id"],
                "goal": action["goal"],
                "steps": action["steps"],
                "who": action["who"],
                "by": action["due"],
                "status": action["status"],
            },
            context=STORED_TEXT,
        )
        for action in sorted(actions, key=lambda a: a["position"])
    ]
    return trusted(
        Reading,
        starframe=1,
        kind="reading",
        id=row["id"],
        star=row["star_id"],
        edition=row["edition"],
        definition=row["definition_hash"],
        person=row["person_code"],
        worker=row["worker_code"],
        date=row["taken_on"],
        mode=row["mode"],
        retrospective=bool(row["retrospective"]),
        status=row["status"],
        scores=values,
        person_scores=person,
        not_applicable_reasons=reasons,
        notes=notes,
        note=row["note"],
        actions=items,
        **(_reading_stamps(row) if stamped else _NO_STAMPS),
    )


_NO_STAMPS = {"created_at": None, "updated_at": None, "revision": None}
Model = TypeVar("Model", bound=BaseModel)


def trusted(model: type[Model], **values: Any) -> Model:
    """`model.model_construct(**values)` for stored values naming every field, at a fifth of
    its cost: an export of a million readings and their audit log builds two million.

    Like `model_construct`, nothing is validated: the values are what the database holds,
    checked when they were written.
    """
    assert values.keys() == model.model_fields.keys(), "trusted() needs every field"
    return unvalidated(model, values, values)


def unvalidated(model: type[Model], values: dict[str, Any], fields_set: Iterable[str]) -> Model:
    """A `model` holding `values` (one for every field) as they are, `fields_set` naming those
    given rather than left to their defaults: for values validated once already, where they
    were written (`trusted`) or read (`packing.py`)."""
    made = model.__new__(model)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def _reading_stamps(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "created_at": in_utc(row["created_at"]),
        "updated_at": in_utc(row["updated_at"]),
        "revision": row["revision"],
    }


def person_row(person: Person, *, now: dt.datetime) -> dict[str, Any]:
    return {
        "code": person.code,
        "display_name": person.display_name,
        "consent_date": person.consent_date,
        "birth_years": person.birth_years,
        "support_need": person.support_need,
        "created_at": person.created_at or now,
        "team_code": person.team,
    }


def build_person(row: Mapping[str, Any], *, stamped: bool = False) -> Person:
    """The person from their row; stored text loads as stored (`STORED_TEXT`)."""
    return Person.model_validate(
        {
            "code": row["code"],
            "display_name": row["display_name"],
            "consent_date": row["consent_date"],
            "birth_years": row["birth_years"],
            "support_need": row["support_need"],
            "created_at": in_utc(row["created_at"]) if stamped else None,
            "team": row["team_code"] or DEFAULT_TEAM,
        },
        context=STORED_TEXT,
    )


def build_worker(row: Mapping[str, Any], *, stamped: bool = False) -> Worker:
    created = in_utc(row["created_at"]) if stamped else None
    return Worker.model_validate(
        {"code": row["code"], "name": row["name"], "created_at": created}, context=STORED_TEXT
    )
