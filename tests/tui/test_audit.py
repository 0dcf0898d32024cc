"""A reading completed in the app is audited under the name of whoever ran it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from starframe.readings.store import open_store
from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text, stored_readings, type_text


def test_a_reading_completed_in_the_app_records_who_completed_it(
    tui: Callable[..., StarframeApp], seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_USER", " Sam Okafor ")

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        await type_text(pilot, "P-0007")
        await keys(pilot, "tab")
        await type_text(pilot, "W-01")
        await keys(pilot, "ctrl+s")
        for number in range(1, 11):
            await pilot.press(str(number % 10))  # a first score moves on
        await keys(pilot, "f", "c", "y")
        assert "Complete. Its scores are locked." in screen_text(pilot.app)

    drive(tui(), scenario)
    [reading] = stored_readings(seeded, person="P-0007")
    with open_store(str(seeded)) as store, store.read() as reader:
        trail = reader.audit_entries(reading=reading.id)
    assert reading.status == "complete"
    assert [(entry.actor, entry.action) for entry in trail] == [
        ("Sam Okafor", "reading.start"),
        ("Sam Okafor", "reading.complete"),
    ]


def test_a_bad_starframe_user_is_shown_on_the_home_screen(
    tui: Callable[..., StarframeApp], seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_USER", "")

    async def scenario(pilot: Pilot[Any]) -> None:
        text = " ".join(screen_text(pilot.app).split())
        assert "Database not available: STARFRAME_USER is empty" in text

    drive(tui(), scenario, size=(120, 40))
