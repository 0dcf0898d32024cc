"""Plain-text output helpers shared by commands: tables, wrapped paragraphs, safe streams,
problems and erasure summaries."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

import click

from starframe.characters import shown, shown_json

if TYPE_CHECKING:
    from starframe.problems import Problem, SourceLines
    from starframe.store.scrub import Scrub


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [0] * len(headers)
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    return "\n".join(table_lines(headers, rows, widths))


def table_lines(
    headers: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int]
) -> Iterator[str]:
    """The lines of `table`, each made as its row comes: `widths` (at least each column's
    longest cell, e.g. asked of the database) are known before the rows are read."""
    widths = [max(w, len(h)) for w, h in zip(widths, headers, strict=True)]
    yield "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    for row in rows:
        yield "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()


def window_text(
    since: object, until: object, worker: str | None, team: str | None, *, worker_note: str = ""
) -> str:
    """The readings a figure rests on, as the head line of a summary or review names them:
    `, readings 2024-01-01 to …, worker W-01, team north` (empty for every reading)."""
    window = ""
    if since or until:
        window = f", readings {since or '…'} to {until or '…'}"
    if worker:
        window += f", worker {worker}{worker_note}"
    if team:
        window += f", team {team}"
    return window


def wrap(text: str, indent: int = 0, hanging: int | None = None) -> str:
    # Imported here: `shutil` (with bz2, lzma, zlib) and `textwrap` are a tenth of a `stars
    # list` printed again from the cache (`listing_cache`), which wraps nothing.
    import shutil
    import textwrap

    width = max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
    first = " " * indent
    rest = " " * (indent if hanging is None else hanging)
    return textwrap.fill(
        " ".join(text.split()), width=width, initial_indent=first, subsequent_indent=rest
    )


def echo_json(value: Any) -> None:
    click.echo(json_text(value))


def json_text(value: Any) -> str:
    """`value` as every command prints JSON: indented, non-ASCII kept, control characters
    escaped."""
    return shown_json(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def echo_json_items(items: Iterable[Any]) -> None:
    """A JSON list as `echo_json` prints it, each item printed as it comes (a million
    readings are never one string)."""
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False, default=str)
        click.echo(
            ("[\n  " if first else ",\n  ") + shown_json(text.replace("\n", "\n  ")), nl=False
        )
        first = False
    click.echo("[]" if first else "\n]")


class ShownStream:
    """A text stream that writes every string through `characters.shown`.

    Installed over stdout and stderr for the whole of a command (`shown_output`), it is the one
    place the CLI makes stored text safe for a terminal: whatever a command prints — a note,
    a name, a Star's label, an error quoting input — reaches the terminal with its control
    characters as visible escapes, and no command has to remember to escape. The CLI prints
    no escape sequences of its own, and JSON output escapes these characters itself
    (`echo_json`), so nothing it means to print is changed.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # isatty, fileno, flush, encoding… are the wrapped stream's. `buffer` is not offered,
        # so nothing bypasses the escaping by writing bytes.
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)


@contextmanager
def shown_output() -> Iterator[None]:
    """stdout and stderr as `ShownStream`s while a command runs, then as they were."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ShownStream(saved[0]), ShownStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def show_problems(problems: list[Problem], texts: Mapping[str, str | SourceLines]) -> None:
    """The problems at file:line:col with the offending line, on stderr (the first 100)."""
    from starframe.problems import report_lines

    for line in report_lines(problems, texts):
        click.echo(line, err=True)


def echo_scrub(scrubbed: Scrub) -> None:
    """What an erasure did to the bytes, and what is out of reach.

    The sentences come from the core (`store/scrub.py`); this only lays them out. What could
    not be done is a warning on stderr, so a script sees it without parsing the summary.
    """
    for done in scrubbed.done:
        click.echo(f"In the database, {done}.")
    for undone in scrubbed.undone:
        click.echo(f"starframe: warning: {undone}", err=True)
    click.echo(
        "starframe cannot reach copies made outside the database; delete or expire them "
        "under your organisation's rules:"
    )
    for copy in scrubbed.out_of_reach:
        click.echo(f"  - {copy}")


def echo_request(number: int, what: str) -> None:
    """A deletion or erasure asked for, not done: who decides it, and how."""
    click.echo(
        f"Recorded request {number} for {what}: on this database a lead approves it "
        f"(`starframe requests approve {number}`); nothing is removed until then."
    )
