"""Stored and definition text as the TUI shows it: literally, with control characters escaped.

Textual and Rich read a plain `str` as markup in many places (a `Static`, a `DataTable` cell, a
Rich `Table` cell), so a note reading `[bold]` would change the screen, and a note stored
before control characters were refused could hold a terminal escape sequence. Every piece of
text a person or a Star's author wrote goes on screen through `plain`: a Rich `Text`, which is
never parsed as markup, with `characters.shown`'s escapes (`\\x1b`).
"""

from __future__ import annotations

from rich.text import Text

from starframe.characters import shown


def plain(text: str, style: str = "") -> Text:
    """`text` to show as it is written (no markup), its control characters escaped."""
    return Text(shown(text), style=style)
