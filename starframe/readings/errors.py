"""What can go wrong with the store, each with a message a worker or administrator can act on.

The CLI prints `str(error)` as one line; the TUI shows it in a dialog. Messages say what
happened, to what, and how to fix it, and never include personal data beyond codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.definition.rules import Violation


class StoreError(Exception):
    """Base of every error the store reports to a user."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached."""


class SchemaTooNew(StoreError):
    """The database was upgraded by a newer starframe than this one."""


class SchemaOutdated(StoreError):
    """The database needs `starframe db upgrade` before this operation."""


class InvalidActor(StoreError):
    """`STARFRAME_USER` (or an actor a program names) is not a name to record changes under."""


class NotFound(StoreError):
    """A person, worker, reading or definition that does not exist."""


class AlreadyExists(StoreError):
    """A code or id that is already taken."""


class ReadingLocked(StoreError):
    """A change to a complete reading that is never made in place."""


class ChangedElsewhere(StoreError):
    """A draft was saved by someone else since it was read."""


class InvalidReading(StoreError):
    """A reading that breaks the rules of its Star; `violations` say where."""

    def __init__(self, violations: Sequence[Violation], *, label: str = "the reading") -> None:
        self.violations = list(violations)
        first = self.violations[0].message if self.violations else "is not valid"
        more = f" (and {len(self.violations) - 1} more)" if len(self.violations) > 1 else ""
        super().__init__(f"{label}: {first}{more}")


class InvalidReadings(StoreError):
    """Some readings of a batch are invalid; nothing of the batch was written."""

    def __init__(self, failures: dict[int, list[Violation]]) -> None:
        self.failures = failures
        index, violations = next(iter(failures.items()))
        super().__init__(
            f"{len(failures)} of the readings are not valid; the first (item {index + 1}): "
            f"{violations[0].message}"
        )
