"""A single line of text that repaints without a new layout of the screen.

A `Static` asks for a layout whenever its text changes, since its size might; a status line
of fixed height never changes size, and skipping the layout keeps a score key's redraw short.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Line(Widget):
    DEFAULT_CSS = "Line { height: 1; width: 1fr; }"

    text: reactive[str] = reactive("")

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")
