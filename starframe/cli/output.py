"""Plain-text output helpers shared by commands: tables and wrapped paragraphs."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

import click


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines)


def wrap(text: str, indent: int = 0, hanging: int | None = None) -> str:
    width = max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
    first = " " * indent
    rest = " " * (indent if hanging is None else hanging)
    return textwrap.fill(
        " ".join(text.split()), width=width, initial_indent=first, subsequent_indent=rest
    )


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
