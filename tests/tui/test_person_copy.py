"""The person's own copy from the TUI (Finish and History), and the "together" view.

The copy is checked by its extracted text, as the command's is: no codes, no names unless
chosen. A file already there is replaced only once the person agreed.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Static

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text, stored_readings

App = Callable[..., StarframeApp]
MARCH = "my-star-justice-2024-03-15.pdf"
"""The file the dialog suggests for P-0042's reading of 15 March 2024."""
EARLIER = b"an earlier copy"


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def pdf_words(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def history_at_march(pilot: Pilot[Any]) -> None:
    """Home › Find P-0042 › History, on the complete reading of March (the draft is first)."""
    await keys(pilot, "f", "4", "2", "enter")
    assert screen_name(pilot) == "HistoryScreen"
    await keys(pilot, "down")


def test_history_saves_the_persons_copy(tui: App, seeded: Path, folder: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await history_at_march(pilot)
        assert "m My Star" in screen_text(pilot.app)
        await keys(pilot, "m")
        assert screen_name(pilot) == "PersonCopyDialog"
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "HistoryScreen"

    drive(tui(), scenario, size=(120, 40))
    saved = folder / MARCH
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    words = pdf_words(saved)
    assert "My Star" in words
    assert "This is your copy of the Star you and your worker filled in on 15 March 2024" in words
    assert "Up two points since 10 January 2024" in words
    # The person's own view differed on mental health: both shown.
    assert "Your score: 5" in words
    assert "Keep up the rent" in words
    for private in ("P-0042", "W-01", "Alex Doe", "Sam Okafor"):
        assert private not in words


def test_the_worker_is_named_when_the_box_is_ticked(tui: App, seeded: Path, folder: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await history_at_march(pilot)
        await keys(pilot, "m")
        await pilot.click("#copy-named")
        await keys(pilot, "ctrl+s")

    drive(tui(), scenario, size=(120, 40))
    words = pdf_words(folder / MARCH)
    assert "you and Sam Okafor filled in" in words
    assert "W-01" not in words


def test_a_draft_has_no_copy_for_the_person(tui: App, seeded: Path, folder: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f", "4", "2", "enter")
        await keys(pilot, "m")
        assert screen_name(pilot) == "HistoryScreen"

    drive(tui(), scenario, size=(120, 40))
    assert not list(folder.glob("*.pdf"))


@pytest.mark.parametrize(("answer", "replaced"), [("n", False), ("y", True)])
def test_a_file_there_is_replaced_only_when_agreed(
    tui: App, seeded: Path, folder: Path, answer: str, replaced: bool
) -> None:
    earlier = folder / MARCH
    earlier.write_bytes(EARLIER)

    async def scenario(pilot: Pilot[Any]) -> None:
        await history_at_march(pilot)
        await keys(pilot, "m", "ctrl+s")
        assert screen_name(pilot) == "ConfirmDialog"
        question = pilot.app.screen.query_one("#confirm-question", Static).content
        assert str(question) == f"{earlier} exists. Replace it?"
        await keys(pilot, answer)
        assert screen_name(pilot) == "HistoryScreen"

    drive(tui(), scenario, size=(120, 40))
    assert (earlier.read_bytes() != EARLIER) is replaced
    if replaced:
        assert "My Star" in pdf_words(earlier)


def test_finish_saves_the_copy_once_the_reading_is_complete(
    tui: App, seeded: Path, folder: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f")
        assert screen_name(pilot) == "FinishScreen"
        await keys(pilot, "m")
        assert screen_name(pilot) == "FinishScreen", "a draft has no copy yet"
        await keys(pilot, "escape")
        for _scale in range(8):  # the eight still to do: a first score moves on
            await pilot.press("7")
        await keys(pilot, "f", "c", "y")
        assert "Complete. Its scores are locked." in screen_text(pilot.app)
        await keys(pilot, "m")
        assert screen_name(pilot) == "PersonCopyDialog"
        await keys(pilot, "ctrl+s")

    drive(tui(), scenario, size=(120, 40))
    words = pdf_words(folder / "my-star-justice-2024-05-20.pdf")
    # The draft's two scores stand; scoring started at the first scale still to do.
    assert "You and your worker agreed that you are at Believing on Accommodation" in words
    assert "You and your worker agreed that you are at Learning on Mental health" in words
    assert "Up four points since 15 March 2024: from Accepting help to Learning." in words


def test_together_shows_the_star_and_the_ladder_and_scores(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "t")
        assert screen_name(pilot) == "TogetherScreen"
        text = screen_text(pilot.app)
        # The scoring screen opened the draft on its first scale still to do.
        assert "Mental health and well-being   (3 of 10)" in text
        assert "P-0042" not in text
        assert "Believing (5–6)" in text
        await keys(pilot, "8")
        assert "▶  8" in screen_text(pilot.app)
        await keys(pilot, "right")
        assert "Friends and community   (4 of 10)" in screen_text(pilot.app)
        await keys(pilot, "escape")
        assert screen_name(pilot) == "ScoringScreen"
        assert "4/10 Friends and community" in screen_text(pilot.app)

    drive(tui(), scenario, size=(120, 40))
    [draft] = stored_readings(seeded, status="draft")
    assert draft.scores["mental-health"] == 8


def test_with_lang_cy_the_copy_is_in_welsh(tui: App, seeded: Path, folder: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await history_at_march(pilot)
        await keys(pilot, "m", "ctrl+s")

    drive(tui(lang="cy"), scenario, size=(120, 40))
    words = pdf_words(folder / MARCH)
    assert "Fy Seren" in words
    assert "Wedi codi dau bwynt ers 10 Ionawr 2024" in words
    # (The fixed test catalogue has no Welsh translation of the Star: its names stay English.)
