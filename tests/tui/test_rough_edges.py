"""The rough edges found using the app as a worker (issue 17), each driven by keys.

Each test failed before its change: it presses what the person pressed and checks what the
screen says, at the 80×24 a small terminal gives.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text, stored_readings

App = Callable[..., StarframeApp]


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


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


def test_the_scoring_footer_fits_80_columns_and_note_is_named_under_the_ladder(
    tui: App, seeded: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        line = footer(pilot)
        for shown in ("1…0 Score", "x N/A", "t Together", "f Finish", "esc Home", "^q Quit"):
            assert shown in line, line
        assert "n Note · d Disagree" in screen_text(pilot.app)

    drive(tui(), scenario)


def make_read_only(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    """`db` unwritable, as for anyone but root on a file without write permission."""
    real = os.access

    def access(path: Any, mode: int, **options: Any) -> bool:
        if Path(path) == db and mode & os.W_OK:
            return False
        return real(path, mode, **options)

    monkeypatch.setattr(os, "access", access)


def test_together_on_a_read_only_database_says_why_and_scores_nothing(
    tui: App, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_read_only(monkeypatch, seeded)

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "t")
        assert screen_name(pilot) == "TogetherScreen"
        await keys(pilot, "7")
        assert screen_name(pilot) == "TogetherScreen", "no failure dialog"
        text = screen_text(pilot.app)
        assert "Read-only: nothing can be saved." in text, text
        assert "▶  7" not in text
        await keys(pilot, "escape")
        text = screen_text(pilot.app)
        assert "Read-only" in text
        assert "Saved." not in text

    drive(tui(), scenario, size=(120, 40))
    [draft] = stored_readings(seeded, status="draft")
    assert "mental-health" not in draft.scores


def test_together_on_a_complete_reading_says_it_is_locked(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        for _ in range(8):  # the eight scales still to do, from the first of them
            await keys(pilot, "5")
        await keys(pilot, "f", "c", "y")
        assert "Complete. Its scores are locked." in screen_text(pilot.app)
        await keys(pilot, "escape", "t", "7")
        assert screen_name(pilot) == "TogetherScreen"
        text = screen_text(pilot.app)
        assert "Complete: scores locked." in text, text
        assert "▶  7" not in text

    drive(tui(), scenario, size=(120, 40))
    [complete] = [r for r in stored_readings(seeded) if r.date == dt.date(2024, 5, 20)]
    assert complete.status == "complete"
    assert complete.scores["friends-community"] == 5


def test_question_mark_lists_the_screens_keys_and_why_one_cannot_act(
    tui: App, seeded: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "question_mark")
        assert screen_name(pilot) == "KeysHelpDialog"
        text = screen_text(pilot.app)
        assert "Keys: Finish" in text, text
        assert "del    Remove action" in text, "a key the footer leaves out"
        assert "Not now. The action plan has no step to remove." in text, text
        await keys(pilot, "escape")
        assert screen_name(pilot) == "FinishScreen"
        await keys(pilot, "escape", "f1")
        text = screen_text(pilot.app)
        assert screen_name(pilot) == "KeysHelpDialog"
        assert text.count("Score:") == 1, "one row for the score keys"
        for shown in ("1…0", "N/A: Mark this scale", "Note: Write a note", "Next scale"):
            assert shown in text, text
        await keys(pilot, "question_mark")
        assert screen_name(pilot) == "ScoringScreen"

    drive(tui(), scenario)


def test_a_window_too_small_says_the_size_needed_until_it_is_bigger(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        assert screen_name(pilot) == "TooSmallScreen"
        assert "Make the window at least 80×20 (it is 60×15 now)." in screen_text(pilot.app)
        await pilot.resize_terminal(70, 30)
        await keys(pilot)
        assert "(it is 70×30 now)" in screen_text(pilot.app)
        await pilot.resize_terminal(80, 24)
        await keys(pilot)
        assert screen_name(pilot) == "HomeScreen"
        await keys(pilot, "c")
        assert screen_name(pilot) == "DraftsScreen", "the keys work again"

    drive(tui(), scenario, size=(60, 15))
