"""Issue 17's last rough edges: keys that do nothing say why in the status line, a score moves
on to the next scale still to do, the palette puts the screen's actions first, and what was
hidden at 80×24 (a note, long prompts, the action plan's steps, the PDF path, the chart's
`±1st`, the worker to suggest) can be seen.

Each test presses what a worker or trainer pressed and reads the screen, at 80×24 unless the
test says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    drive,
    keys,
    open_practice_session,
    screen_text,
    type_text,
)

App = Callable[..., StarframeApp]
DEAN = "dean-after-release"


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def status_line(pilot: Pilot[Any]) -> str:
    """The line above the footer, where a screen says what just happened."""
    return screen_text(pilot.app).rstrip("\n").splitlines()[-2].strip()


def toasts(pilot: Pilot[Any]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def complete_the_draft(pilot: Pilot[Any]) -> None:
    """Continue P-0042's draft, score its eight scales still to do, complete it, and go back
    to its (now locked) scoring screen."""
    await keys(pilot, "c", "enter")
    for _ in range(8):
        await keys(pilot, "5", "right")
    await keys(pilot, "f", "c", "y", "escape")
    assert screen_name(pilot) == "ScoringScreen"


# Keys that do nothing say why, in the status line


def test_x_on_a_scale_always_scored_says_why_in_the_status_line(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "x")
        line = status_line(pilot)
        assert line == "Mental health and well-being is always scored: no n/a on this Star."
        assert toasts(pilot) == [], "no passing popup"

    drive(tui(), scenario)


def test_a_score_key_on_a_complete_reading_says_it_is_locked(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await complete_the_draft(pilot)
        await keys(pilot, "7")
        assert status_line(pilot).startswith("Complete: scores locked."), status_line(pilot)
        assert toasts(pilot) == []

    drive(tui(), scenario)


def test_c_on_a_closed_session_says_it_is_closed_in_the_status_line(tui: App, db: Path) -> None:
    code = open_practice_session(db, [DEAN], closed=True)

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+t")
        await type_text(pilot, code)
        await keys(pilot, "enter")
        await pilot.app.workers.wait_for_complete()
        await keys(pilot, "c")
        assert screen_name(pilot) == "TrainerScreen", "no dialog asking to close it again"
        assert f"Session {code} is closed already" in status_line(pilot), status_line(pilot)
        assert toasts(pilot) == []

    drive(tui(), scenario, size=(120, 40))


# The palette


async def palette_names(pilot: Pilot[Any]) -> list[str]:
    """Open the palette and read the name of each command it lists, in order."""
    from textual.command import CommandPalette

    await keys(pilot, "ctrl+p")
    await pilot.pause(0.4)  # the palette adds what it gathered in batches
    await keys(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one("CommandList")
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
    return [prompt.split("\n", 1)[0] for prompt in prompts]


def test_the_scoring_palette_lists_actions_first_quit_once_and_esc_closes_its_keys(
    tui: App, seeded: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        names = await palette_names(pilot)
        scores = [i for i, name in enumerate(names) if name.startswith("Score")]
        assert len(scores) == 10, names
        for action in ("Clear", "Next scale", "Note", "Star", "Together", "Finish", "Home"):
            assert names.index(action) < scores[0], names
        assert names.count("Quit") == 1, names
        assert names.count("Keys") == 1, names
        keys_at = names.index("Keys")
        await keys(pilot, *["down"] * keys_at, "enter")
        assert screen_name(pilot) == "KeysHelpDialog", "the palette's Keys is the list of keys"
        await keys(pilot, "escape")
        assert screen_name(pilot) == "ScoringScreen"

    drive(tui(), scenario)
