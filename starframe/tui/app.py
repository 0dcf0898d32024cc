"""The starframe app: settings, the catalog, the store, and the screen stack on top of them.

`make_app` is the one way to build it, for `starframe tui`, the tests and the benchmark alike,
so what the tests drive is exactly what a worker runs.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from starframe.tui.commands import BoundActions
from starframe.tui.context import Settings, StarSource
from starframe.tui.dialogs.message import MessageDialog
from starframe.tui.failures import plain_words
from starframe.tui.screens.home import HomeScreen
from starframe.tui.screens.too_small import TooSmallScreen, too_small
from starframe.tui.store_access import StoreAccess

if TYPE_CHECKING:
    from starframe.catalog import Catalog
    from starframe.definition.models import Star
    from starframe.plugins.host import PluginHost
    from starframe.practice.cases import CaseCatalog

First = Literal["home", "practice"]
"""The screen the app opens on: home, or practice (`starframe practice`) over home."""


class StarframeApp(App[None]):
    """Home is always at the bottom of the stack; every other screen is pushed over it."""

    CSS_PATH = "starframe.tcss"
    TITLE = "starframe"
    COMMANDS = {BoundActions}  # noqa: RUF012 (as Textual declares it); it lists Textual's too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Leave starframe. Every change is already saved.",
            priority=True,
        ),
        Binding(
            "question_mark,f1",
            "keys_help",
            "Keys",
            show=False,
            id="app.keys",
            tooltip="List this screen's keys, with what each does and why one cannot act now.",
        ),
    ]

    def __init__(self, settings: Settings, first: First = "home") -> None:
        super().__init__()
        self.settings = settings
        self.first = first
        self.stars = StarSource(settings)
        self.catalog: Catalog = self.stars.load()
        self.store_access = StoreAccess(settings.db, lambda: self.catalog)
        self._cases: CaseCatalog | None = None
        self._cases_lock = threading.Lock()
        self._started = False
        self.moves_on_after_score = True
        """Whether a score on a scale still to do moves to the next one (the palette turns
        this off, for the rest of the session)."""

    def get_key_display(self, binding: Binding) -> str:
        """The score keys as the Star's own range (`1…5` on a 5-point Star), not `1…0`."""
        from starframe.tui.screens.scale_by_scale import (
            SCORE_KEYS,
            ScaleByScaleScreen,
            score_keys,
        )

        screen = self.screen
        if binding.id == SCORE_KEYS and isinstance(screen, ScaleByScaleScreen):
            return score_keys(screen.star.points)
        return super().get_key_display(binding)

    def on_mount(self) -> None:
        self.open_first_screens()

    def open_first_screens(self) -> None:
        """Home, and practice over it for `starframe practice` (a served app has its own)."""
        self.push_screen(HomeScreen())
        if self.first == "practice":
            from starframe.tui.screens.practice_start import PracticeStartScreen

            self.push_screen(PracticeStartScreen())
        self._started = True
        self._check_size(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Cover the screens with `TooSmallScreen` while the window is too small for them."""
        if not self._started:
            return  # the first resize comes before Home is there to cover
        top = self.screen
        if too_small(width, height):
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    def on_unmount(self) -> None:
        self.store_access.close()

    def action_keys_help(self) -> None:
        """The keys of the screen in front (a text field takes `?` as typed; F1 still works)."""
        from starframe.tui.dialogs.keys_help import KeysHelpDialog, key_rows

        screen = self.screen
        if isinstance(screen, KeysHelpDialog):
            return
        self.push_screen(KeysHelpDialog(screen.title or self.title, key_rows(self, screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's, but Quit and Keys once: starframe's own (^q, and `?` whose list Esc
        closes) stand for them, so the palette offers neither twice."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command

    def report(self, doing: str, error: BaseException) -> None:
        """Show what went wrong in a dialog; the app carries on."""
        self.push_screen(MessageDialog(f"Could not {doing}", plain_words(error)))

    def allows(self, screen: Screen[Any], action: str) -> bool:
        """Whether `screen`'s action may run: always here; a served app confines it
        (`starframe.tui.reach`)."""
        return True

    @property
    def opens_practice_sessions(self) -> bool:
        """Whether a trainer can open a practice session from this app (Ctrl+N on the practice
        screen), so a hint may point there: a served app cannot (`starframe.tui.reach`)."""
        return True

    @property
    def offers_downloads(self) -> bool:
        """Whether a file can be handed to the user as a download: only a served app can."""
        return False

    def reload_catalog(self) -> Catalog:
        self.catalog = self.stars.load()
        return self.catalog

    def case_catalog(self) -> CaseCatalog:
        """The practice cases on offer, checked against the current catalog.

        Built on first use, off the UI thread (it reads and checks every case file), and again
        after the Star catalog was reloaded, so a case always matches the Stars shown.
        """
        from starframe.practice.cases import build_case_catalog

        with self._cases_lock:
            if self._cases is None or self._cases.stars is not self.catalog:
                self._cases = build_case_catalog(self.catalog, self.settings.cases_dirs)
            return self._cases

    def wording(self, star: Star) -> Star:
        """`star` in the `--lang` language when a translation is installed, else as it is."""
        from starframe.catalog import StarNotFound

        lang = self.settings.lang
        if lang is None or lang == star.language:
            return star
        try:
            return self.catalog.find(star.id, star.edition, lang)
        except StarNotFound:
            return star


def make_app(
    *,
    db: str | None = None,
    stars_dirs: tuple[Path, ...] = (),
    cases_dirs: tuple[Path, ...] = (),
    lang: str | None = None,
    make_host: Callable[[], PluginHost] | None = None,
    today: Callable[[], dt.date] | None = None,
    cursor_blink: bool = True,
    first: First = "home",
) -> StarframeApp:
    """The app on a database, the installed Stars (or `make_host`'s), and any draft Star and
    practice case folders; `first="practice"` opens it on the practice screen."""
    settings = Settings(
        db=db,
        stars_dirs=tuple(stars_dirs),
        cases_dirs=tuple(cases_dirs),
        lang=lang,
        make_host=make_host,
        today=today or dt.date.today,
        cursor_blink=cursor_blink,
    )
    return StarframeApp(settings, first)
