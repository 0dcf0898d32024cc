"""Find stored text holding characters new input may not (control characters, bidi overrides).

Records stored before starframe refused them still load, print escaped, and move in a
whole-database export (`characters.py`); `starframe db check` lists them with this, by table,
record and field, so an administrator can correct them. Nothing here prints the text itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, FromClause, and_, or_, select

from starframe.characters import has_hidden
from starframe.store import tables as t


@dataclass(frozen=True)
class HiddenText:
    """One field of one record that holds a character new input may not."""

    table: str
    record: str
    """The record's key as its commands name it: a code, a reading id and scale, an entry id."""
    field: str


Source = tuple[str, FromClause, list[ColumnElement[Any]], list[Column[Any]]]


def _sources() -> list[Source]:
    """Per table: where to read, the columns naming a record, and its free-text columns."""
    r, s, a = t.readings.c, t.scores.c, t.actions.c
    attempts, certificates = t.practice_attempts.c, t.practice_certificates.c
    return [
        ("people", t.people, [t.people.c.code], [t.people.c.display_name, t.people.c.support_need]),
        ("workers", t.workers, [t.workers.c.code], [t.workers.c.name]),
        ("readings", t.readings, [r.id], [r.note]),
        ("scores", t.scores.join(t.readings), [r.id, s.scale_id], [s.reason, s.note]),
        ("actions", t.actions.join(t.readings), [r.id, a.position], [a.goal, a.steps, a.who]),
        (
            "audit",
            t.audit,
            [t.audit.c.id],
            [t.audit.c.action, t.audit.c.reason, t.audit.c.actor],
        ),
        (
            "practice_attempts",
            t.practice_attempts,
            [attempts.session_code, attempts.trainee, attempts.case_id],
            [attempts.trainee],
        ),
        (
            "practice_certificates",
            t.practice_certificates,
            [certificates.id],
            [certificates.trainee],
        ),
    ]


def hidden_text(connection: Connection) -> Iterator[HiddenText]:
    """Every stored field holding a character `characters.text_problem` refuses in new input.

    Text columns are read in full (only non-empty ones), so this costs one pass over the
    notes: it is for `db check`, never for a command a worker waits on.
    """
    for table, source, keys, fields in _sources():
        query = (
            select(*keys, *fields)
            .select_from(source)
            .where(or_(*(and_(f.is_not(None), f != "") for f in fields)))
        )
        for row in connection.execute(query).yield_per(2_000):
            values = list(row)
            key = " ".join(str(part) for part in values[: len(keys)])
            for column, value in zip(fields, values[len(keys) :], strict=True):
                if isinstance(value, str) and has_hidden(value):
                    yield HiddenText(table, key, column.name)
