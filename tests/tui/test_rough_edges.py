"""The rough edges found using the app as a worker (issue 17), each driven by keys.

Each test failed before its change: it presses what the person pressed and checks what the
screen says, at the 80×24 a small terminal gives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text

App = Callable[..., StarframeApp]


def footer(pilot: Pilot[Any]) -> str:
    """The screen's last line: the footer, as the person sees it."""
    return screen_text(pilot.app).rstrip("\n").splitlines()[-1]


def test_the_finish_footer_fits_80_columns(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f")
        line = footer(pilot)
        for shown in ("a Add action", "c Complete", "p Save PDF", "m My Star", "esc Back"):
            assert shown in line, line
        assert "^q Quit" in line, line
        assert "Delete removes" not in screen_text(pilot.app), "no step to remove yet"

    drive(tui(), scenario)
