"""An export and the audit entry that records it, as one call for every face.

The organisation must be able to tell who took records out, and when: every export is in the
audit log (its format and how many readings; one person's data under their code). The entry
is written only once the export is: a person's data in the same transaction as it is handed
over, so a failed write leaves no entry; a readings export right after its file is complete.
The formats themselves are `readings.export`'s and, for the whole database, `transfer.export`'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TextIO

from starframe.characters import shown_json

if TYPE_CHECKING:
    from starframe.readings.store import Store

ExportFormat = Literal["csv", "jsonl"]


@dataclass(frozen=True)
class ReadingsExported:
    readings: int
    """How many readings the filters chose (every reading for the whole database)."""
    held: Mapping[str, int] | None
    """For the whole database, how many of each kind it holds (see `kinds.describe`)."""
    partial_by: str | None = None
    """The login, when the database's policies hid part of it from them (the export holds
    only what they may read)."""


def _whole_database(fmt: ExportFormat, filters: Mapping[str, Any]) -> bool:
    """JSON Lines with no filter is the whole database: everyone, the audit log, practice."""
    return fmt == "jsonl" and all(value is None for value in filters.values())


def export_readings(
    store: Store,
    fmt: ExportFormat,
    output: Callable[[], AbstractContextManager[TextIO]],
    filters: Mapping[str, Any],
    *,
    anonymous_salt: bytes | None = None,
) -> ReadingsExported:
    """Write the readings `filters` choose (as `Reader.readings` takes them) to the stream
    `output` opens, then the audit entry; returns what was exported.

    With `anonymous_salt` (JSON Lines only), the chosen readings and what they refer to go
    through `anonymous.anonymous_records`: never the whole database, whatever the filters."""
    from starframe.readings.export import chosen_documents, chosen_records, write_csv, write_jsonl
    from starframe.store.kinds import database_counts
    from starframe.store.security import partial_reader
    from starframe.transfer.export import database_records

    held = None
    partial_by = None
    details: dict[str, object] = {"format": fmt}
    # Each reading is written as it is read: an export of a million readings holds one batch.
    with store.read() as reader, output() as handle:
        if fmt == "csv":
            done = write_csv(reader, reader.each_reading_rows(**filters), handle)
        elif anonymous_salt is not None:
            from starframe.transfer.anonymous import anonymous_records

            done = write_jsonl(
                anonymous_records(chosen_documents(reader, filters), anonymous_salt), handle
            )
            details["anonymous"] = True
        elif _whole_database(fmt, filters):
            done = write_jsonl(database_records(reader), handle)
            details["records"] = done.rows
            held = database_counts(reader.connection)
            partial_by = partial_reader(reader.connection)
            if partial_by is not None:
                details["partial"] = True
        else:
            done = write_jsonl(chosen_records(reader, filters), handle)
    details = {"format": fmt, "readings": done.readings, **details}
    with store.write() as writer:
        writer.audit("readings.export", details=details)
    return ReadingsExported(done.readings, held, partial_by)


def export_person(store: Store, code: str, deliver: Callable[[str], None]) -> None:
    """Everything held about person `code` as JSON text, handed to `deliver` (which writes
    or prints it) in the transaction that records the export."""
    from starframe.readings.export import person_export

    with store.write() as writer:
        record = person_export(writer, code)
        writer.audit("person.export", person=code)
        deliver(shown_json(json.dumps(record, indent=2, ensure_ascii=False)) + "\n")
