"""Saving a reading's report from the Finish screen: a file already there is replaced only
after the person agreed to replace it; the database and links are never offered."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, keys, screen_text, type_text

App = Callable[..., StarframeApp]
DRAFT_REPORT = "P-0042-justice-2024-05-20.pdf"
"""The file the save dialog suggests for the seeded draft, in the folder the app started in."""
EARLIER = b"an earlier report, kept until replaced"


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def shown(pilot: Pilot[Any], selector: str) -> str:
    """What one line of text on the current screen says, however the terminal wraps it."""
    return str(pilot.app.screen.query_one(selector, Static).content)


async def save_suggested_file(pilot: Pilot[Any]) -> None:
    """Home › Continue the draft › Finish › Save PDF, keeping the file suggested."""
    await keys(pilot, "c", "enter", "f", "p")
    assert screen_name(pilot) == "SavePdfDialog"
    await keys(pilot, "ctrl+s")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app was started: the save dialog suggests a file here."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def earlier(folder: Path) -> Path:
    report = folder / DRAFT_REPORT
    report.write_bytes(EARLIER)
    report.chmod(0o644)
    return report


@pytest.mark.parametrize("cancel", ["escape", "n", "cancel button", "enter"])
def test_cancelling_the_replace_question_keeps_the_file_as_it_was(
    tui: App, seeded: Path, earlier: Path, cancel: str
) -> None:
    before = earlier.stat()

    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        assert shown(pilot, "#confirm-question") == f"{earlier} exists. Replace it?"
        text = screen_text(pilot.app)
        assert "Replace (y)" in text
        assert "Cancel (n)" in text
        if cancel == "cancel button":
            await pilot.click("#confirm-no")
            await keys(pilot)
        else:
            await keys(pilot, cancel)
        assert screen_name(pilot) == "FinishScreen"
        assert shown(pilot, "#finish-status") == f"Not saved: {earlier} is as it was."

    drive(tui(), scenario, size=(120, 40))
    assert earlier.read_bytes() == EARLIER
    after = earlier.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert stat.S_IMODE(after.st_mode) == 0o644
    assert not [p for p in earlier.parent.iterdir() if p.name.startswith(".starframe-")]


def test_replace_writes_the_report_owner_only(tui: App, seeded: Path, earlier: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "ConfirmDialog"
        await keys(pilot, "y")
        assert screen_name(pilot) == "FinishScreen"
        assert shown(pilot, "#finish-status") == f"Saved the report as {earlier}."

    drive(tui(), scenario, size=(120, 40))
    assert earlier.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(earlier.stat().st_mode) == 0o600


def test_a_new_file_is_saved_without_a_question(tui: App, seeded: Path, folder: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "FinishScreen"
        assert shown(pilot, "#finish-status") == f"Saved the report as {folder / DRAFT_REPORT}."

    drive(tui(), scenario, size=(120, 40))
    report = folder / DRAFT_REPORT
    assert report.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


def test_a_file_that_appears_while_the_report_is_built_is_asked_about(
    tui: App, seeded: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file was there when the path was chosen; one is there when the report is ready."""
    from starframe.render import report

    render = report.render_report
    report_file = folder / DRAFT_REPORT

    def render_while_another_program_writes(*args: Any, **kwargs: Any) -> bytes:
        report_file.write_bytes(EARLIER)
        return render(*args, **kwargs)

    monkeypatch.setattr(report, "render_report", render_while_another_program_writes)

    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "ConfirmDialog", screen_text(pilot.app)
        await keys(pilot, "escape")
        assert shown(pilot, "#finish-status") == f"Not saved: {report_file} is as it was."

    drive(tui(), scenario, size=(120, 40))
    assert report_file.read_bytes() == EARLIER


def test_the_database_is_refused_not_offered_for_replacing(
    tui: App, seeded: Path, folder: Path
) -> None:
    """A second name for the database file (a hard link) is the database all the same."""
    alias = folder / DRAFT_REPORT
    os.link(seeded, alias)
    before = seeded.read_bytes()

    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "MessageDialog"
        assert "Could not save the PDF" in screen_text(pilot.app)
        assert shown(pilot, "#message-text") == (
            f"{alias} is the database in use: choose another file."
        )

    drive(tui(), scenario, size=(120, 40))
    assert seeded.read_bytes() == before


def test_a_database_named_like_a_report_is_refused(
    tui: App, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tui.conftest import seed_database

    database = folder / "records.pdf"
    seed_database(database)
    before = database.read_bytes()

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "p", "ctrl+u")
        await type_text(pilot, "records.pdf")
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "MessageDialog"
        assert shown(pilot, "#message-text") == (
            "records.pdf is the database in use: choose another file."
        )

    drive(tui(db=str(database)), scenario, size=(120, 40))
    assert database.read_bytes() == before


def test_a_symbolic_link_is_refused(tui: App, seeded: Path, folder: Path) -> None:
    pointed = folder / "elsewhere.pdf"
    pointed.write_bytes(EARLIER)
    (folder / DRAFT_REPORT).symlink_to(pointed)

    async def scenario(pilot: Pilot[Any]) -> None:
        await save_suggested_file(pilot)
        assert screen_name(pilot) == "MessageDialog"
        assert shown(pilot, "#message-text").startswith(
            f"{folder / DRAFT_REPORT} is a symbolic link: starframe does not write through links"
        )

    drive(tui(), scenario, size=(120, 40))
    assert pointed.read_bytes() == EARLIER
    assert (folder / DRAFT_REPORT).is_symlink()
