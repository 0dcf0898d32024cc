"""The served apps' reach: every key, the command palette and direct calls stay inside it.

A served practice tab can show the trainee's screens (name and code, scoring, feedback and
the yes/no dialogs) and nothing else; the trainer's tab only a session's live results. Each
test walks the app through its screens pressing every key any part of starframe or Textual
binds (and the keys around them), checking after each key that every screen on the stack is
within the reach, then runs every command the palette offers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import textual.app
import textual.screen
from textual.command import CommandPalette
from textual.pilot import Pilot

from starframe.tui.reach import PRACTICE, TRAINER, OutOfReach, Reach, RoomApp, make_room_app
from tests.tui.conftest import (
    answer_justice,
    choose_case,
    fixed_host,
    open_practice_session,
    settle,
)

DEAN = "dean-after-release"


def _bound_keys() -> set[str]:
    """Every key bound by starframe's screens, dialogs and widgets, and by Textual's app and
    screen, one key per name."""
    import importlib
    import pkgutil

    import starframe.tui

    found: set[str] = set()
    classes: list[type[Any]] = [textual.app.App, textual.screen.Screen]
    for info in pkgutil.walk_packages(starframe.tui.__path__, "starframe.tui."):
        module = importlib.import_module(info.name)
        classes.extend(v for v in vars(module).values() if isinstance(v, type))
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", ()):
            key = binding.key if hasattr(binding, "key") else binding[0]
            found.update(part.strip() for part in key.split(","))
    return found


QUIT = "ctrl+q"
KEYS = sorted(
    (
        _bound_keys()
        | {"ctrl+t", "ctrl+n", "ctrl+s", "ctrl+o", "f1"}
        | {"escape", "tab", "shift+tab", "enter", "space", "up", "down", "left", "right"}
    )
    - {QUIT}
)
"""Pressed on every screen of the walk, in this order: every key bound anywhere in starframe's
UI (its own classes and the Textual widgets it uses) and the usual ways out; all but Ctrl+Q,
which ends the tab's app (`test_ctrl_q_ends_the_app`)."""


def room(reach: str, db: Path, **options: Any) -> RoomApp:
    return make_room_app(
        reach,  # type: ignore[arg-type]
        db=str(db),
        make_host=fixed_host,
        cursor_blink=False,
        **options,
    )


def inside(app: RoomApp, reach: Reach) -> list[str]:
    """Names of the screens on the stack outside `reach` (Textual's blank first one aside)."""
    return [
        type(screen).__name__
        for screen in app.screen_stack[1:]
        if not isinstance(screen, reach.screens)
    ]


async def press_everything(pilot: Pilot[Any], reach: Reach, keys: Iterable[str] = KEYS) -> None:
    """Press each of `keys`, checking the stack after each; then close what they opened."""
    app = pilot.app
    assert isinstance(app, RoomApp)
    depth = len(app.screen_stack)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        assert inside(app, reach) == [], f"after {key}"
        assert len(app.screen_stack) >= 2, f"{key} left the first screen"
    await settle(pilot)
    while len(app.screen_stack) > depth:
        await pilot.press("escape")
        await settle(pilot)


async def run_every_palette_command(pilot: Pilot[Any], reach: Reach) -> list[str]:
    """Open the palette, run each command it lists in turn; returns the commands' names."""
    app = pilot.app
    assert isinstance(app, RoomApp)
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return []
    options = palette.query_one("CommandList")
    names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    depth = len(app.screen_stack)
    for index, name in enumerate(names):
        if name.startswith("Quit"):
            continue  # ends the app, as Ctrl+Q does (test_ctrl_q_ends_the_app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert inside(app, reach) == [], name
        for _ in range(5):
            if len(app.screen_stack) <= depth:
                break
            await pilot.press("escape")
            await settle(pilot)
        assert len(app.screen_stack) <= depth, f"{name} left {app.screen} open"
    return names


def drive_room(app: RoomApp, scenario: Any, size: tuple[int, int] = (120, 40)) -> None:
    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(run())


def test_practice_opens_on_the_practice_screen_and_escape_stays(db: Path) -> None:
    app = room("practice", db)

    async def scenario(pilot: Pilot[Any]) -> None:
        assert type(app.screen).__name__ == "PracticeStartScreen"
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "PracticeStartScreen"
        footer = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Follow as trainer" not in footer
        assert "New session" not in footer

    drive_room(app, scenario)


def test_every_key_on_every_practice_screen_stays_in_practice(db: Path) -> None:
    code = open_practice_session(db, [DEAN])
    app = room("practice", db)

    async def scenario(pilot: Pilot[Any]) -> None:
        # The form, with the focus on the name field, then on the case list.
        await press_everything(pilot, PRACTICE)
        await pilot.press("ctrl+a")
        name = app.screen.query_one("#practice-name")
        name.value = "Ana"  # type: ignore[attr-defined]
        code_field = app.screen.query_one("#practice-code")
        code_field.value = ""  # type: ignore[attr-defined]
        await settle(pilot)
        app.screen.query_one("#practice-cases").focus()
        await press_everything(pilot, PRACTICE, [k for k in KEYS if k != "enter"])
        # Scoring, then its submit dialog, then feedback.
        code_field.value = code  # type: ignore[attr-defined]
        await settle(pilot)
        await choose_case(pilot, "Dean")
        assert type(app.screen).__name__ == "PracticeScoringScreen"
        scoring_keys = [k for k in KEYS if k not in {"escape", "f", "enter", "y"}]
        await press_everything(pilot, PRACTICE, scoring_keys)
        await answer_justice(pilot, {"accommodation": 3})
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "FeedbackScreen"
        feedback_keys = [k for k in KEYS if k not in {"escape", "enter"}]
        await press_everything(pilot, PRACTICE, feedback_keys)
        assert type(app.screen).__name__ == "FeedbackScreen"
        await press_everything(pilot, PRACTICE)

    drive_room(app, scenario)


def test_the_palette_offers_nothing_outside_practice(db: Path) -> None:
    open_practice_session(db, [DEAN])
    app = room("practice", db)
    seen: list[list[str]] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        seen.append(await run_every_palette_command(pilot, PRACTICE))
        app.screen.query_one("#practice-name").value = "Ana"  # type: ignore[attr-defined]
        await settle(pilot)
        await choose_case(pilot, "Dean")
        assert type(app.screen).__name__ == "PracticeScoringScreen"
        seen.append(await run_every_palette_command(pilot, PRACTICE))

    drive_room(app, scenario)
    offered = " ".join(name for names in seen for name in names)
    for way_out in ("Screenshot", "Theme", "Follow as trainer", "New session", "Back home"):
        assert way_out not in offered
    assert "Submit" in offered


def test_the_trainer_app_stays_on_the_results(db: Path) -> None:
    code = open_practice_session(db, [DEAN])
    app = room("trainer", db)

    async def scenario(pilot: Pilot[Any]) -> None:
        assert type(app.screen).__name__ == "TrainerScreen"
        await press_everything(pilot, TRAINER)
        field = app.screen.query_one("#trainer-code")
        field.value = code  # type: ignore[attr-defined]
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        await press_everything(pilot, TRAINER, [k for k in KEYS if k not in {"c", "y"}])
        await run_every_palette_command(pilot, TRAINER)

    drive_room(app, scenario)


def test_screens_outside_the_reach_are_refused_however_asked_for(db: Path) -> None:
    from starframe.tui.screens.home import HomeScreen
    from starframe.tui.screens.people import PeopleScreen
    from starframe.tui.screens.practice_trainer import TrainerScreen

    app = room("practice", db)

    async def scenario(pilot: Pilot[Any]) -> None:
        for screen in (HomeScreen(), PeopleScreen(), TrainerScreen()):
            with pytest.raises(OutOfReach):
                app.push_screen(screen)
            with pytest.raises(OutOfReach):
                app.switch_screen(screen)
        with pytest.raises(OutOfReach):
            app.push_screen("home")
        with pytest.raises(OutOfReach):
            app.switch_mode("_default")
        for action in ("app.push_screen('home')", "app.switch_mode('x')", "app.screenshot"):
            await app.run_action(action)
        with pytest.raises(OutOfReach):
            app.screen.action_follow()  # type: ignore[attr-defined]
        app.open_url("https://example.org")
        await settle(pilot)
        assert inside(app, PRACTICE) == []
        assert type(app.screen).__name__ == "PracticeStartScreen"

    drive_room(app, scenario)


def test_ctrl_q_ends_the_app(db: Path) -> None:
    app = room("practice", db)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press(QUIT)

    drive_room(app, scenario)
    assert app.return_code == 0


def test_the_terminal_app_offers_no_download(tui: Any, db: Path) -> None:
    """The sheet goes to a browser as a download; a terminal has `practice sheet` instead."""
    app = room("practice", db)
    assert not app.offers_downloads
