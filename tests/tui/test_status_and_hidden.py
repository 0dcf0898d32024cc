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

import pytest
from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    drive,
    keys,
    open_practice_session,
    screen_text,
    stored_readings,
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
        await keys(pilot, "5")  # a first score moves on to the next scale still to do
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


# A score moves on


def test_a_first_score_moves_to_the_next_scale_to_do_until_the_palette_turns_it_off(
    tui: App, seeded: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        assert "3/10 Mental health" in screen_text(pilot.app)
        await keys(pilot, "5")
        text = screen_text(pilot.app)
        assert "4/10 Friends and community" in text, text
        assert status_line(pilot).startswith("Saved Mental health; now Friends"), status_line(pilot)
        await keys(pilot, "left", "7")
        assert "3/10 Mental health" in screen_text(pilot.app), "a changed score stays put"
        await keys(pilot, "ctrl+p")
        await type_text(pilot, "stay on")
        await pilot.pause(0.4)
        await keys(pilot, "enter")
        assert status_line(pilot).startswith("A score now stays on its scale"), status_line(pilot)
        await keys(pilot, "right", "6")
        text = screen_text(pilot.app)
        assert "4/10 Friends and community" in text
        assert "✓ score 6" in text
        await keys(pilot, "escape", "c", "enter", "right", "4")
        assert "✓ score 4" in screen_text(pilot.app), "off for the rest of the session"

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, status="draft")
    assert draft.scores["mental-health"] == 7
    assert draft.scores["friends-community"] == 6


# Hidden content


def test_a_note_on_a_complete_reading_opens_to_be_read(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "n")
        await type_text(pilot, "Sees the GP monthly.")
        await keys(pilot, "ctrl+s")
        for _ in range(8):
            await keys(pilot, "5")
        await keys(pilot, "f", "c", "y", "escape", *["left"] * 9, "right", "right", "n")
        assert screen_name(pilot) == "NoteDialog"
        text = screen_text(pilot.app)
        assert "Sees the GP monthly." in text
        assert "read only" in text
        assert "Save (ctrl+s)" not in text
        await keys(pilot, "ctrl+s", "escape", "right", "n")
        assert screen_name(pilot) == "ScoringScreen"
        assert status_line(pilot) == "Complete: scores locked. This scale has no note."

    drive(tui(), scenario)
    [complete] = [r for r in stored_readings(seeded) if r.date.isoformat() == "2024-05-20"]
    assert complete.notes == {"mental-health": "Sees the GP monthly."}


def test_g_gives_the_scales_prompts_the_ladders_room_at_80x24(tui: App, seeded: Path) -> None:
    last_prompt = "What, if anything, has helped you"

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")
        assert last_prompt not in screen_text(pilot.app), "cut to a few lines"
        assert "g Guidance · n Note · d Disagree" in screen_text(pilot.app)
        await keys(pilot, "g")
        text = screen_text(pilot.app)
        assert last_prompt in text, text
        assert "Ladder  ↑/↓ Enter" not in text
        await keys(pilot, "5")
        assert "4/10 Friends and community" in screen_text(pilot.app), "the keys still score"
        await keys(pilot, "g")
        assert "Ladder  ↑/↓ Enter" in screen_text(pilot.app)

    drive(tui(), scenario)


LONG_PDF = "/home/worker/reports/2024/justice-star/people/P-0042/report-2024-05-20-final.pdf"


def test_the_pdf_dialog_spells_out_the_whole_path(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "p", "ctrl+u")
        await type_text(pilot, LONG_PDF)
        await keys(pilot)
        whole = pilot.app.screen.query_one("#pdf-whole").region
        lines = screen_text(pilot.app).splitlines()[whole.y : whole.bottom]
        shown = "".join(line[whole.x : whole.right].strip() for line in lines)
        assert shown == f"Saves to:{LONG_PDF}", "all of it on screen, wrapped"

    drive(tui(), scenario)


def test_a_new_reading_offers_the_worker_of_the_persons_latest_reading(
    tui: App, seeded: Path
) -> None:
    from starframe.readings.models import Worker
    from starframe.readings.store import open_store

    with open_store(str(seeded)) as store, store.write() as writer:
        writer.add_worker(Worker(code="W-02", name="Wen Li"))

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        await type_text(pilot, "P-0042")
        await keys(pilot)
        worker = pilot.app.screen.query_one("#start-worker")
        assert worker.value == "W-01"  # type: ignore[attr-defined]
        await keys(pilot, *["backspace"] * 6)
        await type_text(pilot, "P-0007")
        await keys(pilot)
        assert worker.value == "", "no reading yet, two workers: none to offer"  # type: ignore[attr-defined]

    drive(tui(), scenario)


# The screens at 80×24

COMPLETED = ("c", "enter", "n", *"Sees the GP monthly.", "ctrl+s", *["5"] * 8, "f", "c", "y")
"""P-0042's draft completed, with a note on Mental health (where it opened)."""

SNAPSHOTS = {
    "x-always-scored": ("c", "enter", "x"),
    "moved-on-after-a-score": ("c", "enter", "5"),
    "guidance": ("c", "enter", "g"),
    "note-read-only": (*COMPLETED, "escape", *["left"] * 9, "right", "right", "n"),
    "pdf-whole-path": ("c", "enter", "f", "p", "ctrl+u", *LONG_PDF),
    "chart-notes": ("f", "4", "2", "enter", "down", "down", "enter", "n"),
}


@pytest.mark.parametrize("screen", list(SNAPSHOTS))
def test_snapshot(screen: str, tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=SNAPSHOTS[screen], sizes=[(80, 24)])


def test_a_complete_readings_chart_opens_its_notes(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f", "4", "2", "enter", "down", "enter")
        assert screen_name(pilot) == "ChartScreen"
        assert "n Notes" in screen_text(pilot.app)
        await keys(pilot, "n")
        assert screen_name(pilot) == "ChartScreen", "March's reading has no notes"
        assert toasts(pilot) == ["This reading has no notes."], "the chart has no status line"
        await keys(pilot, "escape", "down", "enter", "n")
        assert screen_name(pilot) == "MessageDialog"
        assert "Accommodation: Sofa surfing at a cousin's." in screen_text(pilot.app)

    drive(tui(), scenario)


def test_the_chart_table_keeps_its_last_column_at_80_columns(tui: App, seeded: Path) -> None:
    """History's star: the widest stage name (Accepting help) and `±1st` both in full."""

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f", "4", "2", "enter")
        lines = screen_text(pilot.app).splitlines()
        header = next(line for line in lines if "Scale" in line and "Now" in line)
        assert header.rstrip().endswith("±prev  ±1st"), header
        row = next(line for line in lines if "1 Accommodation" in line)
        assert row.rstrip().endswith("4 Accepting help   +2↑   +2↑"), row

    drive(tui(), scenario)
