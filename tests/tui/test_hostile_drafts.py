"""Hostile files among the drafts are listed as broken in the app, which carries on (issue 19)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import drive, screen_text

App = Callable[..., StarframeApp]


def test_deep_nesting_a_pipe_and_dev_zero_are_listed_as_broken(tui: App, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "deep.yaml").write_text("starframe: 1\nkind: star\nnote: " + "[" * 50_000 + "\n")
    os.mkfifo(drafts / "pipe.yaml")
    (drafts / "zero.yaml").symlink_to("/dev/zero")

    async def scenario(pilot: Pilot[Any]) -> None:
        text = screen_text(pilot.app)
        assert "Stars: 2 ready, 3 with problems" in text
        assert "✗ broken: deep.yaml (folder drafts): SF013" in text
        assert "✗ broken: pipe.yaml (folder drafts): SF001" in text
        assert "✗ broken: zero.yaml (folder drafts): SF001" in text

    drive(tui(stars_dirs=(drafts,)), scenario, size=(160, 50))
