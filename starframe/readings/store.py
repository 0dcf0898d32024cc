"""The store the commands and screens open: the shared one, with readings' reader and writer.

`store.read()` gives a `Reader` for readings' queries, `store.write()` a `Writer` for their
changes; practice (which never needs readings) takes the same store as the shared
`starframe.store.store.Store`. Erasing a person or deleting a reading also removes the erased
bytes once its transaction has committed (see `store/scrub.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from starframe.readings.reader import Reader
from starframe.readings.writer import Writer
from starframe.store import store as shared
from starframe.store import tables as t

if TYPE_CHECKING:
    from starframe.readings.models import Reading
    from starframe.store.scrub import Scrub

__all__ = ["Store", "open_store"]


def open_store(
    value: str | None = None, *, migrate: bool = True, actor: str | None = None
) -> Store:
    """The store commands and screens use (`Store.open` says how it migrates, and whose it is)."""
    return Store.open(value, migrate=migrate, actor=actor)


class Store(shared.Store[Reader, Writer]):
    """An open database whose transactions read and write readings."""

    def reader(self, connection: Connection) -> Reader:
        return Reader(self, connection)

    def writer(self, connection: Connection) -> Writer:
        return Writer(self, connection)

    def erase_person(self, code: str, *, reason: str | None) -> tuple[int, Scrub]:
        """`Writer.erase_person`, then the erased bytes; returns readings removed and how."""
        with self.erasing(
            t.people, t.readings, t.readings_cohort_scan, t.scores, t.actions, t.audit
        ) as erasure:
            removed = erasure.writer.erase_person(code, reason=reason)
        return removed, erasure.scrub

    def delete_reading(self, reading_id: str, *, reason: str | None) -> tuple[Reading, Scrub]:
        """`Writer.delete_reading`, then the deleted bytes (its notes are personal data)."""
        with self.erasing(t.readings, t.readings_cohort_scan, t.scores, t.actions) as erasure:
            deleted = erasure.writer.delete_reading(reading_id, reason=reason)
        return deleted, erasure.scrub
