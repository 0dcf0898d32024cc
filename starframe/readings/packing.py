"""Records as plain tuples, to cross from the process that reads them to the one that writes.

Pickling a pydantic model costs more than reading its line again (a reading took about 45 µs
to pickle and load back), so what `ahead.py` sends is each record's place and text and, for
the usual reading (scores only: no person's scores, reasons, notes or action plan), its field
values as a tuple: texts, numbers, the date as its ordinal, the scales as one tuple shared by
every reading that scores the same ones. Values many readings share (Star, edition,
definition, worker, mode, status, the scales) are the same object on the packing side, so
pickle writes each once a payload. A person travels as its field names (one tuple for all),
values and fields set (`_Plain`). Any other record travels as its model. What checking a
reading against its Star found where it was read (`writer.Checked`) travels with it, as a
tuple.

`unpack(pack(record))` is the same record: the same field values, in the same order, the same
fields set (tests/readings/test_read_ahead.py holds it to that).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from pydantic import BaseModel

from starframe.readings.files import Record
from starframe.readings.models import Person, Reading
from starframe.readings.rows import unvalidated
from starframe.readings.writer import Checked

Packed = tuple[str, int, str, bool, Any, Any]
"""(file, line, text, stored, the reading's values as a tuple or the model itself, and what
checking it ahead found, as a tuple, or None)."""


class Packer:
    """Packs records; the values many share are kept once here, so pickle writes them once."""

    def __init__(self) -> None:
        self._shared: dict[Any, Any] = {}

    def pack(self, record: Record, checked: Checked | None = None) -> Packed:
        """`record`, and `checked`, what checking it ahead found (`writer.CheckAhead`)."""
        model = record.model
        body: Any = model
        if type(model) is Reading:
            values = _reading_values(model, self._shared)
            if values is not None:
                body = values
        elif type(model) is Person:
            d = model.__dict__
            fields = frozenset(model.__pydantic_fields_set__)
            body = _Plain(self._one(tuple(d)), tuple(d.values()), self._one(fields))
        found = None
        if checked is not None:
            definition, today, violations, key = checked
            found = (self._one(definition), today.toordinal(), violations, key)
        return (self._one(record.file), record.line, record.text, record.stored, body, found)

    def _one(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)


class _Plain(NamedTuple):
    """A person's field names, values and fields set (values as plain as a person's are)."""

    names: tuple[str, ...]
    values: tuple[Any, ...]
    fields: frozenset[str]


def _reading_values(reading: Reading, shared: dict[Any, Any]) -> tuple[Any, ...] | None:
    """The usual reading's values (see the module's docstring), or None for any other."""
    d = reading.__dict__
    if d["person_scores"] or d["not_applicable_reasons"] or d["notes"] or d["actions"]:
        return None
    one = shared.setdefault
    scores = d["scores"]
    return (
        d["id"],
        one(d["star"], d["star"]),
        one(d["edition"], d["edition"]),
        one(d["definition"], d["definition"]),
        d["person"],
        one(d["worker"], d["worker"]),
        d["date"].toordinal(),
        one(d["mode"], d["mode"]),
        d["retrospective"],
        one(d["status"], d["status"]),
        one(keys := tuple(scores), keys),
        tuple(scores.values()),
        d["note"],
        d["created_at"],
        d["updated_at"],
        d["revision"],
        one(fields := frozenset(reading.__pydantic_fields_set__), fields),
    )


def unpack(packed: Packed) -> Record:
    """The record `Packer.pack` packed."""
    file, line, text, stored, body, found = packed
    if isinstance(body, BaseModel):
        model = body
    elif type(body) is _Plain:
        model = unvalidated(Person, dict(zip(body.names, body.values, strict=True)), body.fields)
    else:
        model = _reading(body)
    checked = None
    if found is not None:
        definition, today, violations, key = found
        checked = Checked(definition, dt.date.fromordinal(today), violations, key)
    return Record(model, file, line, text, stored=stored, checked=checked)


def _reading(values: tuple[Any, ...]) -> Reading:
    (
        id_,
        star,
        edition,
        definition,
        person,
        worker,
        day,
        mode,
        retrospective,
        status,
        keys,
        points,
        note,
        created_at,
        updated_at,
        revision,
        fields,
    ) = values
    return unvalidated(
        Reading,
        {
            "starframe": 1,
            "kind": "reading",
            "id": id_,
            "star": star,
            "edition": edition,
            "definition": definition,
            "person": person,
            "worker": worker,
            "date": dt.date.fromordinal(day),
            "mode": mode,
            "retrospective": retrospective,
            "status": status,
            "scores": dict(zip(keys, points, strict=True)),
            "person_scores": {},
            "not_applicable_reasons": {},
            "notes": {},
            "note": note,
            "actions": [],
            "created_at": created_at,
            "updated_at": updated_at,
            "revision": revision,
        },
        fields,
    )
