"""Queries every domain makes, within one read transaction: definitions, the audit log, counts.

A domain's own reader (`readings/reader.py`) extends this one with its queries, so one
transaction can read readings and the Star texts they were taken with together. Each Star is
loaded from the definition text the database keeps, and cached by hash on the store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, or_, select

from starframe.store import tables as t
from starframe.store.actor import UNKNOWN
from starframe.store.bulk import chunks
from starframe.store.errors import NotFound, StoreError
from starframe.store.values import AuditEntry, utc

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.store.store import Store


class Reader:
    """Queries within one transaction (a consistent view of the database)."""

    def __init__(self, store: Store[Any, Any], connection: Connection) -> None:
        self.store = store
        self.connection = connection

    def _existing(self, column: Any, values: Iterable[str]) -> set[str]:
        """Which of `values` the column already holds, asked in chunks the drivers accept."""
        wanted = sorted(set(values))
        found: set[str] = set()
        for chunk in chunks(wanted):
            found.update(self.connection.execute(select(column).where(column.in_(chunk))).scalars())
        return found

    # Definitions

    def has_definition(self, hash_: str) -> bool:
        return bool(self._existing(t.definitions.c.hash, [hash_]))

    def definition_text(self, hash_: str) -> bytes:
        query = select(t.definitions.c.text).where(t.definitions.c.hash == hash_)
        raw = self.connection.execute(query).scalar()
        if raw is None:
            raise NotFound(f"this database holds no Star definition with hash {hash_}.")
        return bytes(raw)

    def star(self, hash_: str) -> Star:
        """The Star a definition hash names, loaded from the text kept in the database."""
        cached = self.store.stars.get(hash_)
        if cached is not None:
            return cached
        from starframe.definition.load import load_star_text

        loaded = load_star_text(
            self.definition_text(hash_), f"stored definition {hash_[:12]}", stored=True
        )
        if loaded.star is None:
            problem = next(p for p in loaded.problems if p.is_error)
            raise StoreError(
                f"the stored definition {hash_[:12]} no longer loads ({problem.message}); "
                "report this with the output of `starframe db check`."
            )
        self.store.stars[hash_] = loaded.star
        return loaded.star

    def latest_definition(self, star_id: str, edition: str) -> str | None:
        """The most recently stored definition of a Star edition, if any."""
        query = (
            select(t.definitions.c.hash)
            .where(t.definitions.c.star_id == star_id, t.definitions.c.edition == edition)
            .order_by(t.definitions.c.stored_at.desc(), t.definitions.c.hash)
            .limit(1)
        )
        return self.connection.execute(query).scalar()

    # Audit

    def audit_entries(
        self,
        *,
        person: str | None = None,
        reading: str | None = None,
        actor: str | None = None,
        since: dt.date | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[AuditEntry]:
        """Entries matching every filter given, in the order they were written.

        `actor="unknown"` also finds entries written before actors were recorded, as they
        are shown that way; `since` is a day in UTC, the time entries are stamped in.
        """
        a = t.audit.c
        conditions: list[Any] = []
        if person is not None:
            conditions.append(a.person_code == person)
        if reading is not None:
            conditions.append(a.reading_id == reading)
        if actor == UNKNOWN:
            conditions.append(or_(a.actor.is_(None), a.actor == actor))
        elif actor is not None:
            conditions.append(a.actor == actor)
        if since is not None:
            conditions.append(a.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
        order = a.id.desc() if newest_first else a.id
        query = select(t.audit).where(*conditions).order_by(order).limit(limit)
        return [
            AuditEntry(
                row.id,
                utc(row.at),
                row.action,
                row.person_code,
                row.reading_id,
                json.loads(row.details),
                row.reason,
                row.actor,
            )
            for row in self.connection.execute(query)
        ]

    def counts(self) -> dict[str, int]:
        tables = (t.people, t.workers, t.readings, t.definitions, t.audit)
        return {
            table.name: self.connection.execute(select(func.count()).select_from(table)).scalar()
            or 0
            for table in tables
        }
