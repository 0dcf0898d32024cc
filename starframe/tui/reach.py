"""The app `starframe serve` launches for each browser tab: practice, or a trainer's results.

A served tab is used by whoever has the address, so what it can reach is decided here, in the
app, and not by which buttons are shown. Three walls, each enough alone:

- the screen stack: only the screens of the reach (`Reach.screens`) can be pushed or switched
  to, named screens and modes not at all, and the first screen is never popped (it has no
  home beneath it);
- actions: an action of one of starframe's screens runs (and shows in the footer and the
  command palette) only if the reach lists it, and of the app's own actions only those that
  move the focus, quit or open the palette;
- the rest of Textual's ways out: the palette has no system commands (no screenshot saved to
  a path, no theme), `open_url` (a vignette's link) goes nowhere, and a file is offered only
  as a download through textual-serve (`deliver_binary`), never written to a path.

Practice reaches the trainee's screens: name and session code, scoring, feedback, and the
yes/no dialogs between them. The trainer's reach is the live results of a session (which can
close it), served on its own address that trainees' pages are refused on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual.app import SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.screen import Screen

from starframe.tui.app import StarframeApp
from starframe.tui.commands import BoundActions
from starframe.tui.context import Settings
from starframe.tui.dialogs.confirm import ConfirmDialog
from starframe.tui.dialogs.message import MessageDialog
from starframe.tui.screens.practice_feedback import FeedbackScreen
from starframe.tui.screens.practice_scoring import PracticeScoringScreen
from starframe.tui.screens.practice_start import PracticeStartScreen
from starframe.tui.screens.practice_trainer import TrainerScreen

if TYPE_CHECKING:
    from starframe.plugins.host import PluginHost

ReachName = Literal["practice", "trainer"]
SCREENS_ENV = "STARFRAME_SERVE_SCREENS"
"""Test-only switch: a folder where each served app keeps its screen as text (`<pid>.txt`).

textual-serve draws the terminal on a canvas, so a browser test cannot read the page; it reads
what the app itself shows instead."""
SCREEN_TEXT_SECONDS = 0.25

APP_ACTIONS = frozenset(
    {
        "quit",
        "help_quit",
        "pop_screen",
        "focus",
        "focus_next",
        "focus_previous",
        "command_palette",
        "bell",
        "show_help_panel",
        "hide_help_panel",
    }
)
"""The app's own actions a served tab may run: none of them opens a screen or writes a file
(Textual's others switch screens and modes, save screenshots, or change classes at will)."""


@dataclass(frozen=True)
class Reach:
    """What one kind of served tab can show, and which of starframe's actions it can run."""

    name: ReachName
    first: Callable[[], Screen[Any]]
    screens: tuple[type[Screen[Any]], ...]
    actions: dict[type[Screen[Any]], frozenset[str]]
    """Per screen, its own (starframe) actions that stay within the reach; the rest are off."""


DIALOGS: tuple[type[Screen[Any]], ...] = (ConfirmDialog, MessageDialog, CommandPalette)
"""The yes/no and message dialogs, and the palette (whose commands are the screen's allowed
bindings: `BoundActions` lists only enabled ones)."""
SCORING_ACTIONS = frozenset(
    {
        "digit",
        "score",
        "not_applicable",
        "clear",
        "step",
        "switch",
        "submit",
        "leave",
    }
)

PRACTICE = Reach(
    name="practice",
    first=PracticeStartScreen,
    screens=(PracticeStartScreen, PracticeScoringScreen, FeedbackScreen, *DIALOGS),
    actions={
        PracticeStartScreen: frozenset(),
        PracticeScoringScreen: SCORING_ACTIONS,
        FeedbackScreen: frozenset({"download_sheet"}),
        ConfirmDialog: frozenset({"answer", "back"}),
        MessageDialog: frozenset({"dismiss_dialog"}),
    },
)
TRAINER = Reach(
    name="trainer",
    first=TrainerScreen,
    screens=(TrainerScreen, *DIALOGS),
    actions={
        TrainerScreen: frozenset({"refresh_results", "close_session"}),
        ConfirmDialog: frozenset({"answer", "back"}),
        MessageDialog: frozenset({"dismiss_dialog"}),
    },
)
REACHES: dict[ReachName, Reach] = {"practice": PRACTICE, "trainer": TRAINER}


class OutOfReach(Exception):
    """A screen outside the reach was asked for: a bug, or someone looking for a way out."""


def own_actions(screen: type[Screen[Any]]) -> set[str]:
    """The actions starframe's own bindings of `screen` (and its base classes) run."""
    found: set[str] = set()
    for cls in screen.__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            action = getattr(binding, "action", None)
            if isinstance(action, str) and getattr(binding, "id", None):
                found.add(action.split("(", 1)[0])
    return found


class RoomApp(StarframeApp):
    """StarframeApp confined to one reach (see the module's docstring for the walls)."""

    COMMANDS = {BoundActions}  # noqa: RUF012 (as Textual declares it)

    def __init__(self, settings: Settings, reach: Reach) -> None:
        super().__init__(settings, first="practice")
        self.reach = reach
        self.title = "starframe practice" if reach.name == "practice" else "starframe trainer"
        self._screen_text_dir = _screen_text_dir()
        self._screen_text = ""

    def open_first_screens(self) -> None:
        self.push_screen(self.reach.first())
        if self._screen_text_dir is not None:
            self.set_interval(SCREEN_TEXT_SECONDS, self._keep_screen_text)

    # The screen stack

    def _check_screen(self, screen: Any) -> None:
        if not isinstance(screen, self.reach.screens):
            raise OutOfReach(
                f"{type(screen).__name__} is outside the {self.reach.name} reach of a served app."
            )

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self._check_screen(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self._check_screen(screen)
        return super().switch_screen(screen)

    def install_screen(self, screen: Any, name: str) -> None:
        raise OutOfReach("a served app installs no named screens.")

    def switch_mode(self, mode: str) -> Any:
        raise OutOfReach("a served app has no modes.")

    def _at_first_screen(self) -> bool:
        """Whether the screen in front (the palette aside) is the reach's first one."""
        shown = [s for s in self.screen_stack if not isinstance(s, CommandPalette)]
        return len(shown) <= 2

    def pop_screen(self) -> AwaitComplete:
        if len(self.screen_stack) <= 2:
            # Textual's blank default screen and the reach's first screen: nothing to go to.
            return AwaitComplete()
        return super().pop_screen()

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in APP_ACTIONS:
            return False
        return not (action == "pop_screen" and self._at_first_screen())

    def allows(self, screen: Screen[Any], action: str) -> bool:
        """Whether `screen`'s action `action` runs here: Textual's generic screen actions do;
        starframe's own only where the reach lists them for that kind of screen."""
        if action not in own_actions(type(screen)):
            return True
        allowed = next(
            (names for kind, names in self.reach.actions.items() if type(screen) is kind),
            frozenset(),
        )
        return action in allowed

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """None: Textual's would save screenshots to a path and change the theme."""
        return ()

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Links in a vignette open nothing: a served tab stays on its own page."""
        self.notify("Links are not opened from a practice session.", severity="warning")

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Never saved: a served app writes no files where the browser user says."""

    def deliver_screenshot(self, *args: Any, **kwargs: Any) -> str | None:
        return None

    @property
    def opens_practice_sessions(self) -> bool:
        """Only if the reach lets the practice screen open one (no served reach does)."""
        return "new_session" in self.reach.actions.get(PracticeStartScreen, frozenset())

    @property
    def offers_downloads(self) -> bool:
        """A file goes to the browser as a download; in a terminal nothing is offered."""
        return self.is_web

    # The test-only text screen

    def _keep_screen_text(self) -> None:
        from starframe.output_files import write_text

        assert self._screen_text_dir is not None
        text = screen_as_text(self)
        if text != self._screen_text:
            self._screen_text = text
            write_text(self._screen_text_dir / f"{os.getpid()}.txt", text, force=True)


def _screen_text_dir() -> Path | None:
    folder = os.environ.get(SCREENS_ENV)
    return Path(folder) if folder else None


def screen_as_text(app: StarframeApp) -> str:
    """The screen as plain text, as a terminal shows it."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def make_room_app(
    reach: ReachName,
    *,
    db: str | None = None,
    stars_dirs: tuple[Path, ...] = (),
    cases_dirs: tuple[Path, ...] = (),
    lang: str | None = None,
    make_host: Callable[[], PluginHost] | None = None,
    cursor_blink: bool = True,
    **more: Any,
) -> RoomApp:
    """The app one served tab runs: confined to `reach` (practice, or the trainer's results)."""
    settings = Settings(
        db=db,
        stars_dirs=tuple(stars_dirs),
        cases_dirs=tuple(cases_dirs),
        lang=lang,
        make_host=make_host,
        cursor_blink=cursor_blink,
        **more,
    )
    return RoomApp(settings, REACHES[reach])
