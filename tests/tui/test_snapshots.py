"""Every screen at 80×24 and 120×40, on the fixed catalog, database and date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from starframe.tui.app import StarframeApp
from tests.tui.conftest import SHIPPED_STARS

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
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=SCREENS[screen])


def test_disagreement_dialog(tui: App, seeded: Path, snap_screens: Callable[..., None]) -> None:
    snap_screens(tui(), press=("c", "enter", "d"), sizes=[(80, 24)])


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
