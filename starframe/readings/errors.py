"""What can go wrong with a reading, beyond what any stored record can (`store/errors.py`).

Each is a `StoreError`, so the CLI and the TUI report it as they report every store error:
the CLI prints `str(error)` as one line, the TUI shows it in a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from starframe.store.errors import StoreError

if TYPE_CHECKING:
    from starframe.definition.rules import Violation


class ReadingLocked(StoreError):
    """A change to a complete reading that is never made in place."""


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
