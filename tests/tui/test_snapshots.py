"""Every screen at 80×24 and 120×40, on the fixed catalog, database and date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    JUSTICE_SCALES,
    SHIPPED_STARS,
    answer_justice,
    choose_case,
    justice_scores,
    keys,
    open_practice_session,
    practice_as,
    submit_practice,
)

App = Callable[..., StarframeApp]
SCREENS = {
    "home": (),
    "start": ("n",),
    "drafts": ("c",),
    "scoring": ("c", "enter"),
    "chart": ("c", "enter", "s"),
    "finish": ("c", "enter", "f"),
    "people": ("f",),
    "history": ("f", "4", "2", "enter"),
    "browse": ("b",),
    "together": ("c", "enter", "t"),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=SCREENS[screen])


def test_disagreement_dialog(tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=("c", "enter", "left", "d"), sizes=[(80, 24)])


def test_keys_help(tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    """`?` on Finish: every key, the footer's and the rest, and why one cannot act now."""
    snap_screens(tui(), press=("c", "enter", "f", "question_mark"), sizes=[(80, 24)])


def test_window_too_small(tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=(), sizes=[(60, 15)])


def test_person_copy_dialog(
    tui: App, seeded: Path, monkeypatch: pytest.MonkeyPatch, snap_screens: Callable[..., None]
) -> None:
    """History › the complete reading of March › For the person (the folder suggested fixed)."""
    from starframe.tui import person_copy

    fixed = Path("/home/worker/my-star-justice-2024-03-15.pdf")
    monkeypatch.setattr(person_copy, "default_file", lambda _reading: fixed)
    snap_screens(tui(), press=("f", "4", "2", "enter", "down", "m"), sizes=[(80, 24)])


def test_replace_file_dialog(
    tui: App,
    seeded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snap_screens: Callable[..., None],
) -> None:
    """Saving the PDF onto a file that is there: the path is typed relative, so it is fixed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.pdf").write_bytes(b"an earlier report")
    typed = ("ctrl+u", *"report.pdf", "ctrl+s")
    snap_screens(tui(), press=("c", "enter", "f", "p", *typed), sizes=[(80, 24)])


def test_scoring_without_colour(
    tui: App, seeded: Path, snap_screens: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    snap_screens(tui(), press=("c", "enter", "right", "d", "8"), sizes=[(80, 24)])


def test_browse_shows_a_broken_draft_with_its_position(
    tui: App, tmp_path: Path, snap_screens: Callable[..., None]
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    text = SHIPPED_STARS["justice"].read_text(encoding="utf-8")
    broken = text.replace("id: justice\n", "id: my-justice\n", 1).replace(
        "points: 10", "points: ten"
    )
    (drafts / "my-justice.yaml").write_text(broken, encoding="utf-8")
    snap_screens(tui(stars_dirs=(drafts,)), press=("b", "down", "down"), sizes=[(100, 30)])


# Practice

ANA = {**dict.fromkeys(JUSTICE_SCALES, 2), "accommodation": 4, "parenting-caring": "n/a"}
"""Dean's case answered with a spread: exact, one off, another stage, n/a against a score."""
BEN = justice_scores(3, 4, 2, 3, 2, 2, 3, 2, 2, 3)


async def to_dean(pilot: Pilot[Any]) -> None:
    await practice_as(pilot, "Ana Silva")
    await choose_case(pilot, "Dean")


async def dean_answered(pilot: Pilot[Any]) -> None:
    await to_dean(pilot)
    await answer_justice(pilot, ANA)
    await keys(pilot, "f", "y")


def test_practice_start(tui: App, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), before=lambda pilot: practice_as(pilot, "Ana Silva"))


def test_practice_scoring(tui: App, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=("3",), before=to_dean)  # a score moves on to scale 2


def test_practice_scoring_ladder_when_narrow(tui: App, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=("3", "v"), before=to_dean, sizes=[(80, 24)])


def test_practice_feedback(tui: App, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), before=dean_answered)


def test_practice_trainer(
    tui: App, db: Path, snap_screens: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("starframe.practice.writer.new_code", lambda: "K7P-2QX")
    code = open_practice_session(db, ["dean-after-release", "kerry-community-order"])
    submit_practice(db, code, "Ben Okoro", "dean-after-release", BEN)
    submit_practice(db, code, "Ana Silva", "dean-after-release", ANA)

    async def follow(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "", code)
        await keys(pilot, "ctrl+t")

    snap_screens(tui(), before=follow)


def test_practice_new_session(tui: App, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=("p", "ctrl+n", "space", "down", "down", "enter"), sizes=[(80, 24)])
