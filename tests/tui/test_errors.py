"""What goes wrong is shown in plain words inside the app, which carries on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from starframe import hookimpl
from starframe.plugins.host import PluginHost, make_plugin_host
from starframe.plugins.types import RegisterStar
from starframe.tui.app import StarframeApp
from tests.tui.conftest import BundledStars, drive, keys, screen_text, type_text

App = Callable[..., StarframeApp]


class ExplodingStars:
    @hookimpl
    def starframe_register_stars(self, register: RegisterStar) -> None:
        raise RuntimeError("the stars folder went missing")


def host_with_a_broken_plugin() -> PluginHost:
    plugins = [("bundled", BundledStars()), ("exploding", ExplodingStars())]
    return make_plugin_host(autoload=False, environ={}, plugins=plugins)


def test_an_unreachable_database_is_explained_and_the_app_carries_on(
    tui: App, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        text = screen_text(pilot.app)
        assert "Database not available: cannot use the database" in text
        await keys(pilot, "n")
        await type_text(pilot, "P-1")
        await keys(pilot, "tab")
        await type_text(pilot, "W-1")
        await keys(pilot, "ctrl+s")
        assert "cannot use the database" in screen_text(pilot.app)
        await keys(pilot, "escape", "c")
        assert "Could not list drafts" in screen_text(pilot.app)
        assert pilot.app.is_running

    drive(tui(db=str(blocker / "starframe.db")), scenario, size=(120, 40))


def test_broken_stars_and_plugins_are_listed_with_their_reasons(tui: App, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "half.yaml").write_text("starframe: 1\nkind: star\nid: half\n", encoding="utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        text = screen_text(pilot.app)
        assert "Stars: 2 ready, 2 with problems" in text
        assert "✗ broken: half.yaml (folder drafts): SF" in text
        assert "✗ broken: plugin exploding (plugin): starframe_register_stars raised" in text
        await keys(pilot, "b")
        assert "✗ plugin exploding" in screen_text(pilot.app)

    app = tui(stars_dirs=(drafts,), make_host=host_with_a_broken_plugin)
    drive(app, scenario, size=(120, 40))
