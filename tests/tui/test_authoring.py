"""The Star browser for authors: drafts reload when saved, errors at line and column, --lang."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.conftest import TINY_STAR
from tests.tui.conftest import SHIPPED_STARS, drive, keys, screen_text, type_text

App = Callable[..., StarframeApp]


async def until_shown(pilot: Pilot[Any], text: str, seconds: float = 5.0) -> str:
    """Wait for the screen to show `text` (the browser polls its folders twice a second)."""
    shown = ""
    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
    raise AssertionError(f"never showed {text!r}; the screen reads:\n{shown}")


def test_a_draft_reloads_when_saved_and_shows_its_errors(tui: App, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    draft = drafts / "tiny.yaml"
    shutil.copy(TINY_STAR, draft)
    good = draft.read_text(encoding="utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "b", "end")
        text = screen_text(pilot.app)
        assert "✓ Tiny Star 1.0" in text
        assert "Early days" in text
        draft.write_text(good.replace("points: 4\n", "points: four\n"), encoding="utf-8")
        text = await until_shown(pilot, "✗ tiny.yaml")
        assert "reloaded 1 time(s)" in text
        assert "tiny.yaml:13:9: error" in text
        draft.write_text(good.replace("Early days", "First days"), encoding="utf-8")
        text = await until_shown(pilot, "First days")
        assert "✓ Tiny Star 1.0" in text

    drive(tui(stars_dirs=(drafts,)), scenario, size=(120, 40))


def test_lang_shows_a_translation_while_scoring(tui: App, seeded: Path, tmp_path: Path) -> None:
    welsh = tmp_path / "welsh"
    welsh.mkdir()
    shutil.copy(SHIPPED_STARS["justice"].with_suffix(".cy.yaml"), welsh)

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        await type_text(pilot, "P-0007")
        await keys(pilot, "tab")
        await type_text(pilot, "W-01")
        await keys(pilot, "ctrl+s")
        text = screen_text(pilot.app)
        assert "1/10 Llety" in text
        assert "── Yn sownd (1–2) ──" in text

    drive(tui(stars_dirs=(welsh,), lang="cy"), scenario, size=(120, 40))
