"""Every kind of record a JSON Lines export holds, and reading a file of them.

A whole-database export holds readings' records (readings, people, workers, definitions),
the audit log, and practice's (sessions, answers, certificates). Which model reads each
`kind` is decided here, above both domains, so reading an export never makes readings depend
on practice; the reading itself, with every problem at its line and column, is
`readings/files.py`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starframe.practice.records import (
    PracticeAttemptRecord,
    PracticeCertificateRecord,
    PracticeSessionRecord,
)
from starframe.readings import files
from starframe.readings.files import Kinds, ReadResult
from starframe.readings.models import AuditRecord
from starframe.readings.streams import RecordFiles

MODELS: Kinds = {
    **files.MODELS,
    "audit-entry": AuditRecord,
    "practice-session": PracticeSessionRecord,
    "practice-attempt": PracticeAttemptRecord,
    "practice-certificate": PracticeCertificateRecord,
}
"""Every kind a whole-database export holds: readings', the audit log's and practice's."""


def open_records(paths: Sequence[Path]) -> RecordFiles:
    """The records of reading files and exports, read a kind at a time as an import asks."""
    return RecordFiles(paths, MODELS)


def read_records(path: Path, *, display: str | None = None) -> ReadResult:
    """Readings (and people, workers, definitions, practice records) from a file or an export."""
    return files.read_file(path, MODELS, display=display)
