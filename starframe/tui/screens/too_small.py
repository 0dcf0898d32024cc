"""Shown instead of a screen the window is too small for, until the window is made bigger.

Below 80×20 the footers, dialogs and ladders are cut (at 60×15 a dialog's buttons are off the
screen), and a cut screen can hide a key or a warning; a plain sentence saying what size is
needed is better than a broken screen. Every change is saved as made, so nothing is lost
while this is shown; Ctrl+Q still leaves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from starframe.tui.screens.base import StarScreen

MIN_WIDTH = 80
"""Columns every screen is drawn and tested for: the footers are made to fit 80."""
MIN_HEIGHT = 20
"""Rows below which a dialog's buttons or the scoring screen's ladder are cut."""


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(StarScreen):
    """One sentence, centred; the app takes it away once the window is big enough."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small", markup=False)

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(
            f"Make the window at least {MIN_WIDTH}×{MIN_HEIGHT} "
            f"(it is {width}×{height} now).\n"
            "Nothing is lost: every change is already saved. Ctrl+Q leaves."
        )
