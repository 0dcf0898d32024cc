"""Problems found in a file: data first, text second.

Every check in starframe reports a `Problem` rather than raising, so a single run can show an
author every mistake at once, and so the CLI, the TUI and JSON consumers all see the same
records. Codes are stable: documentation and users' scripts refer to them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Literal

from starframe.limits import SHOWN_PROBLEMS

Severity = Literal["error", "warning", "note"]
"""A `note` says what could not be checked and why; it never fails a check, even `--strict`."""


@dataclass(frozen=True)
class Problem:
    """One finding, with the place it points at (1-based line and column; 0 = unknown)."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""
    """A workbook's sheet, for a problem in a cell (`line` is then its row, `column` its column)."""

    @property
    def cell(self) -> str:
        """`Ladders!D14` for a problem in a workbook cell, else empty."""
        if not self.sheet:
            return ""
        if not self.line:
            return self.sheet
        return f"{self.sheet}!{column_letters(self.column or 1)}{self.line}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_record(self) -> dict[str, str | int]:
        """The JSON shape documented in docs/errors.md (`sheet` and `cell` only in a workbook)."""
        record: dict[str, str | int] = dict(asdict(self))
        if self.sheet:
            record["cell"] = self.cell
        else:
            del record["sheet"]
        return record

    def render(self, source: str | SourceLines | None = None) -> str:
        """`file:line:col: severity CODE: message`, then the offending line with a caret.

        Pass `SourceLines` when rendering many problems of one file: it splits the text once.
        """
        where = self.file
        if self.sheet:
            return f"{where}:{self.cell}: {self.severity} {self.code}: {self.message}"
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        head = f"{where}: {self.severity} {self.code}: {self.message}"
        if isinstance(source, str):
            source = SourceLines(source)
        excerpt = source.excerpt(self.line, self.column) if source else ""
        return f"{head}\n{excerpt}" if excerpt else head

    @property
    def order(self) -> tuple[str, str, int, int]:
        return (self.file, self.sheet, self.line, self.column)


def column_letters(column: int) -> str:
    """A spreadsheet's name for a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class SourceLines:
    """A file's text split into lines once, however many problems point into it."""

    WIDTH = 100
    """Characters of a long line shown around the column (a minified file is one line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None
        self._only: Mapping[int, str] | None = None

    @classmethod
    def sparse(cls, lines: Mapping[int, str]) -> SourceLines:
        """Some lines of a file too large to hold (an export), by number: those shown."""
        source = cls("\n".join(lines.values()))
        source._only = {number: line.rstrip("\r") for number, line in lines.items()}
        return source

    def __bool__(self) -> bool:
        return bool(self.text)

    def excerpt(self, line: int, column: int) -> str:
        if self._only is not None:
            if line not in self._only:
                return ""
            shown = self._only[line].replace("\t", " ")
        else:
            if self._lines is None:
                self._lines = self.text.splitlines()
            if not 1 <= line <= len(self._lines):
                return ""
            shown = self._lines[line - 1].replace("\t", " ")
        gutter = f"{line:>5} | "
        offset = max(column - 1, 0)
        if len(shown) > self.WIDTH:
            start = max(0, min(offset - self.WIDTH // 2, len(shown) - self.WIDTH))
            cut = shown[start : start + self.WIDTH]
            shown = ("…" if start else "") + cut + ("…" if start + self.WIDTH < len(shown) else "")
            offset = offset - start + (1 if start else 0)
        caret = " " * (len(gutter) - 2) + "| " + " " * offset + "^"
        return f"{gutter}{shown}\n{caret}"


def report_lines(problems: list[Problem], texts: Mapping[str, str | SourceLines]) -> Iterator[str]:
    """The text report of a run: the first problems by file, line and column, with excerpts.

    Past `SHOWN_PROBLEMS`, one line says how many more there are; `--format json` lists all.
    """
    sources = {
        file: text if isinstance(text, SourceLines) else SourceLines(text)
        for file, text in texts.items()
    }
    ordered = sorted(problems, key=lambda p: p.order)
    for problem in ordered[:SHOWN_PROBLEMS]:
        yield problem.render(sources.get(problem.file))
    hidden = ordered[SHOWN_PROBLEMS:]
    if hidden:
        yield f"{len(hidden):,} more (`--format json` lists all)."
        # Where checking stopped is news however far down the list it falls.
        yield from (p.render() for p in hidden if p.code == STOPPED)


STOPPED = "SF015"
NEEDS_FIRST = "SF016"


def needs_first(file: str, skipped: int, needs: str, line: int = 0, column: int = 0) -> Problem:
    """SF016: checks that cannot run until a part of the file is valid, said in one line."""
    plural = "checks need" if skipped != 1 else "check needs"
    return Problem(
        NEEDS_FIRST,
        "note",
        f"fix these first: {skipped} more {plural} a valid {needs}.",
        file,
        line,
        column,
    )


def stop_checking(file: str, checked: int, unchecked: int, what: str, line: int = 0) -> Problem:
    """SF015: the file has so many problems that checking stopped after `MAX_PROBLEMS`."""
    return Problem(
        STOPPED,
        "error",
        f"checking stopped after {checked:,} problems: {unchecked:,} more {what} not checked. "
        "Fix these and check the file again.",
        file,
        line,
    )


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    """True when the problems should fail a check; `strict` counts warnings too."""
    return any(p.is_error or (strict and p.severity == "warning") for p in problems)


def first_error(problems: list[Problem]) -> str | None:
    """Why something is broken, in one line: its first error, and how many follow."""
    errors = [p for p in problems if p.is_error]
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{first.code} at line {first.line}: {first.message}{more}"
