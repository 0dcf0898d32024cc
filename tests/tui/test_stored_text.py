"""Stored text on screen: shown as written, never as markup, its control characters escaped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text, stored_readings

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


def test_a_draft_stored_with_an_escape_sequence_can_still_be_scored(tui: App, seeded: Path) -> None:
    with sqlite3.connect(seeded) as connection:
        connection.execute(
            "UPDATE scores SET note = ? WHERE scale_id = 'accommodation' AND reading_pk IN "
            "(SELECT pk FROM readings WHERE status = 'draft')",
            ("old\x1b[2J note",),
        )

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        shown = screen_text(pilot.app)
        assert type(pilot.app.screen).__name__ == "ScoringScreen", shown
        await keys(pilot, "4")

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, status="draft")
    assert draft.scores == {"accommodation": 6, "living-skills": 5, "mental-health": 4}
    assert draft.notes["accommodation"] == "old\x1b[2J note"
