"""A change the database refuses (a secured PostgreSQL database's walls) is told plainly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.readings.organisation_db import Organisation, org
from tests.tui.conftest import drive, keys, screen_text, type_text

__all__ = ["org"]

App = Callable[..., StarframeApp]


def test_a_person_outside_the_workers_teams_is_refused_in_plain_words(
    tui: App, org: Organisation
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        await type_text(pilot, "P-NEW")
        await keys(pilot, "tab")
        await type_text(pilot, "WA")
        await keys(pilot, "ctrl+s")
        await keys(pilot, "ctrl+s")  # the new person goes into the default team: not alice's
        text = " ".join(screen_text(pilot.app).split())
        assert "the database refused this to your login" in text
        assert "Traceback" not in text
        assert pilot.app.is_running

    drive(tui(db=org.url("alice")), scenario, size=(160, 50))
