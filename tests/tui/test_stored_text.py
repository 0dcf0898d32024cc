"""Stored text on screen: shown as written, never as markup, its control characters escaped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text

App = Callable[..., StarframeApp]


def test_the_person_finder_shows_stored_names_escaped_and_literally(tui: App, seeded: Path) -> None:
    # As an older starframe stored it: an escape sequence, and text that reads as markup.
    with sqlite3.connect(seeded) as connection:
        connection.execute(
            "UPDATE people SET display_name = ? WHERE code = 'P-0042'",
            ("Sam\x1b]52;c;SGVsbG8=\x07 [bold]Lee[/bold]",),
        )

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f")
        shown = screen_text(pilot.app)
        assert "Sam\\x1b]52;c;SGVsbG8=\\x07 [bold]Lee[/bold]" in shown, shown
        assert "\x1b" not in shown

    drive(tui(), scenario, size=(100, 24))
