"""A change the database refuses (a secured PostgreSQL database's walls, the lock on a
complete reading's scores) is told plainly."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from starframe.readings.stored import StoredReading
from starframe.tui.app import StarframeApp
from tests.readings.organisation_db import Organisation, org
from tests.tui.conftest import drive, keys, screen_text, settle, stored_readings, type_text
from tests.tui.test_flows import start_reading
from tests.tui.test_save_pdf import shown

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


def test_a_workers_person_search_finds_only_their_teams_people(tui: App, org: Organisation) -> None:
    """The policies choose the rows: the search has no filter of its own."""

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f")
        await type_text(pilot, "P")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "PA1" in text
        assert "PA2" in text
        assert "PB1" not in text
        await type_text(pilot, "B")
        await settle(pilot)
        assert "PB1" not in screen_text(pilot.app)

    drive(tui(db=org.url("alice")), scenario, size=(160, 50))


def _complete_elsewhere(db: Path, person: str) -> None:
    """Another window completes `person`'s draft (a colleague, or `readings` on another
    machine): the status changes under the TUI, which still shows the draft."""
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE readings SET status = 'complete', revision = revision + 1 "
            "WHERE person_code = ?",
            (person,),
        )
    connection.close()


def test_a_reading_completed_elsewhere_is_not_rescored(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0007", "W-01")
        await keys(pilot, "3")
        _complete_elsewhere(seeded, "P-0007")
        await keys(pilot, "4")
        assert "Could not save the score" in screen_text(pilot.app)
        message = shown(pilot, "#message-text")
        assert message.endswith(
            " is complete, and a complete reading's scores are never changed: "
            "correct its date, worker or mode with `starframe readings revise`, or delete it "
            "(with a reason) and add a corrected reading."
        )

    drive(tui(), scenario, size=(160, 50))
    [reading] = stored_readings(seeded, person="P-0007")
    assert reading.scores == {"accommodation": 3}


def test_the_databases_lock_on_scores_is_told_in_plain_words(
    tui: App, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading is completed between starframe's own check and its write (two windows at
    once): the database's trigger refuses, and the TUI says so in words, not SQL."""
    from starframe.readings.writer import Writer

    checked = Writer.stored

    def as_it_was(self: Writer, reading_id: str) -> StoredReading:
        found = checked(self, reading_id)
        draft = found.reading.model_copy(update={"status": "draft"})
        return replace(found, reading=draft, revision=found.revision - 1)

    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0007", "W-01")
        await keys(pilot, "3")
        _complete_elsewhere(seeded, "P-0007")
        monkeypatch.setattr(Writer, "stored", as_it_was)
        await keys(pilot, "4")
        assert "Could not save the score" in screen_text(pilot.app)
        assert shown(pilot, "#message-text") == (
            "the scores of a complete reading cannot be changed, by anyone: correct its date, "
            "worker or mode with `starframe readings revise`, or ask for it to be deleted (with "
            "a reason) and add a corrected reading. (SFL01)"
        )
        assert pilot.app.is_running

    drive(tui(), scenario, size=(160, 50))
    monkeypatch.undo()
    [reading] = stored_readings(seeded, person="P-0007")
    assert (reading.status, reading.scores) == ("complete", {"accommodation": 3})
