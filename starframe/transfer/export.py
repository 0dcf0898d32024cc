"""The whole database as JSON Lines records, to move it or back it up.

Readings' records come from readings' reader, then the audit log (`audit.py`), then the
practice records (`practice.py`), in the order an import needs them; `write_jsonl`
(`readings/export.py`) writes them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from starframe.readings.export import Record, reading_lines
from starframe.readings.export_rows import person_documents
from starframe.readings.organisation import teams
from starframe.store.security import readable
from starframe.transfer.audit import audit_lines
from starframe.transfer.practice import practice_records

if TYPE_CHECKING:
    from starframe.readings.reader import Reader


def database_records(reader: Reader) -> Iterator[Record]:
    """The whole database, to move or back up: every record of every table that holds data.

    Every definition, worker, team and person (with readings or without), the audit log, every
    reading (drafts too, with scores, notes and action plans), then the practice records.
    The readings come last but for practice, so an export's last line is a reading when the
    database holds no practice records. What is not carried, and why, is in
    docs/organisations.md ("Moving to another database"). Each record is read as it is
    handed on, so a database of any size is exported in the memory of one batch.
    """
    for record in reader.definitions_used(None):
        yield record.model_dump(mode="json")
    for worker in reader.workers(stamped=True):
        yield worker.model_dump(mode="json", exclude_none=True)
    for team in teams(reader, stamped=True):
        yield team.model_dump(mode="json", exclude_none=True)
    yield from person_documents(reader.connection)
    yield from audit_lines(reader.connection)
    yield from reading_lines(reader)
    if readable(reader.connection, "practice_sessions"):
        yield from practice_records(reader.connection)
