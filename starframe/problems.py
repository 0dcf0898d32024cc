"""Problems found in a file: data first, text second.

Every check in starframe reports a `Problem` rather than raising, so a single run can show an
author every mistake at once, and so the CLI, the TUI and JSON consumers all see the same
records. Codes are stable: documentation and users' scripts refer to them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding, with the place it points at (1-based line and column; 0 = unknown)."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 0
    column: int = 0

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_record(self) -> dict[str, str | int]:
        """The JSON shape documented in docs/errors.md."""
        return dict(asdict(self))

    def render(self, source_text: str | None = None) -> str:
        """`file:line:col: severity CODE: message`, then the offending line with a caret."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        head = f"{where}: {self.severity} {self.code}: {self.message}"
        excerpt = _excerpt(source_text, self.line, self.column) if source_text else ""
        return f"{head}\n{excerpt}" if excerpt else head


def _excerpt(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    gutter = f"{line:>5} | "
    shown = lines[line - 1].replace("\t", " ")
    caret = " " * (len(gutter) - 2) + "| " + " " * max(column - 1, 0) + "^"
    return f"{gutter}{shown}\n{caret}"


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    """True when the problems should fail a check; `strict` counts warnings too."""
    return any(p.is_error or strict for p in problems)


def first_error(problems: list[Problem]) -> str | None:
    """Why something is broken, in one line: its first error, and how many follow."""
    errors = [p for p in problems if p.is_error]
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{first.code} at line {first.line}: {first.message}{more}"
