"""Browse Stars: read any Star's journey and ladders, and see why a broken one is broken.

With `--stars-dir`, the folders are polled twice a second and the catalog is built again when
a file changes, so an author keeps this screen open beside their editor: a saved draft shows
its new wording, or its validation errors with line and column, within a second.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from starframe.catalog import StarNotFound
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.catalog_rows import StarRow, star_rows
from starframe.tui.widgets.star_text import problem_list, problems_document, star_document

POLL_SECONDS = 0.5


class BrowseScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="browse.back", tooltip="Back home."),
        Binding(
            "r",
            "reload",
            "Check again",
            id="browse.reload",
            tooltip="Check every Star again (drafts in --stars-dir reload on their own).",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[StarRow] = []
        self._reloads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browse"):
            listing = OptionList(id="browse-list")
            listing.border_title = "Stars"
            yield listing
            with VerticalScroll(id="browse-view") as view:
                view.border_title = "Definition"
                yield Static(id="browse-doc", markup=False)
        yield Static(self._status(), id="browse-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._fill(None)
        self.query_one("#browse-list", OptionList).focus()
        if self.starframe.stars.watching:
            self.set_interval(POLL_SECONDS, self._poll)

    def _status(self) -> str:
        parts = []
        folders = self.starframe.stars.folders
        if folders:
            names = ", ".join(path.name for path in folders)
            parts.append(f"Watching drafts in {names}; reloaded {self._reloads} time(s).")
        if self.starframe.settings.lang:
            parts.append(f"Language: {self.starframe.settings.lang}.")
        return " ".join(parts) or "Installed Stars; r checks them again."

    def _fill(self, keep: str | None) -> None:
        self._rows = star_rows(self.starframe.catalog)
        listing = self.query_one("#browse-list", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(Text(f"{row.sign} {row.title}", no_wrap=True, overflow="ellipsis"), id=row.key)
            for row in self._rows
        )
        if not self._rows:
            self._show_text(Text("No Stars installed: install a Star plugin, or use --stars-dir."))
            return
        keys = [row.key for row in self._rows]
        listing.highlighted = keys.index(keep) if keep in keys else 0
        self._show(self._rows[listing.highlighted])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = next((r for r in self._rows if r.key == event.option.id), None)
        if row is not None:
            self._show(row)

    def _show(self, row: StarRow) -> None:
        view = self.query_one("#browse-view", VerticalScroll)
        view.border_title = row.title
        if row.state != "ok" or row.entry is None:
            self._show_text(problems_document(row))
        else:
            self._show_text(Text("Loading…"))
            self._load(row)

    @work(thread=True, exclusive=True, group="browse-load")
    def _load(self, row: StarRow) -> None:
        assert row.entry is not None
        parts: list[RenderableType] = []
        try:
            star = row.entry.star()
            lang = self.starframe.settings.lang
            if lang is not None and lang != star.language:
                try:
                    star = self.starframe.catalog.find(star.id, star.edition, lang)
                except StarNotFound as error:
                    parts.append(Text(f"{error} Shown as written.\n", style="italic"))
            parts.append(star_document(star, row.source))
        except EXPECTED as error:
            parts.append(Text(f"Could not load this Star: {plain_words(error)}"))
        if row.entry.problems:
            raw = row.entry.checked.raw if row.entry.checked else None
            parts.append(problem_list(row.entry.problems, raw))
        self.app.call_from_thread(self._show_text, Group(*parts))

    def _show_text(self, content: RenderableType) -> None:
        self.query_one("#browse-doc", Static).update(content)
        self.query_one("#browse-view", VerticalScroll).scroll_home(animate=False)

    def _poll(self) -> None:
        if self.starframe.stars.changed():
            self.action_reload()

    def action_reload(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="browse-reload")
    def _reload(self) -> None:
        self.starframe.reload_catalog()
        self.app.call_from_thread(self._after_reload)

    def _after_reload(self) -> None:
        self._reloads += 1
        listing = self.query_one("#browse-list", OptionList)
        index = listing.highlighted
        keep = self._rows[index].key if index is not None and index < len(self._rows) else None
        self._fill(keep)
        self.query_one("#browse-status", Static).update(self._status())
