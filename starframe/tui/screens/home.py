"""Home: what a worker came to do, what the database holds, and which Stars are broken.

The menu is ready at once; the database is opened in the background (it imports SQLAlchemy
and may migrate), and its line fills in when it answers, or says in plain words why not.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.catalog_rows import star_rows

MENU = (
    ("start", "n", "Start a reading"),
    ("drafts", "c", "Continue a draft"),
    ("people", "f", "Find a person"),
    ("browse", "b", "Browse Stars"),
    ("practice", "p", "Practice"),
)


class HomeScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "open('start')",
            "New reading",
            id="home.start",
            tooltip="Start a reading: pick a Star, the person, the worker and the date.",
        ),
        Binding(
            "c",
            "open('drafts')",
            "Continue",
            id="home.drafts",
            tooltip="Continue a draft reading where it was left.",
        ),
        Binding(
            "f",
            "open('people')",
            "Find person",
            id="home.people",
            tooltip="Find a person by code or name, see their history, or add them.",
        ),
        Binding(
            "b",
            "open('browse')",
            "Browse Stars",
            id="home.browse",
            tooltip="Read any installed Star's journey and ladders; see broken ones and why.",
        ),
        Binding(
            "p",
            "open('practice')",
            "Practice",
            show=False,  # the menu shows it with its key; the footer fits four at 80 columns
            id="home.practice",
            tooltip="Score a practice case and see how close you came, alone or in a session.",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            menu = OptionList(
                *(Option(f"{key}  {label}", id=action) for action, key, label in MENU),
                id="home-menu",
            )
            menu.border_title = "What would you like to do?"
            yield menu
            yield Static("Opening the database…", id="home-db", markup=False)
            yield Static(self._stars_text(), id="home-stars", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-menu", OptionList).focus()
        self.refresh_database()

    def on_screen_resume(self) -> None:
        self.query_one("#home-stars", Static).update(self._stars_text())
        if self.starframe.store_access.where is not None:
            self.refresh_database()

    def _stars_text(self) -> str:
        rows = star_rows(self.starframe.catalog)
        ready = sum(1 for row in rows if row.state == "ok")
        lines = [f"Stars: {ready} ready, {len(rows) - ready} with problems"]
        if not rows:
            lines = ["No Stars are installed: install a Star plugin, or use --stars-dir."]
        for row in rows:
            if row.state != "ok":
                lines.append(f" {row.sign} {row.state}: {row.title} ({row.source}): {row.reason}")
        return "\n".join(lines)

    @work(thread=True, exclusive=True, group="home-db")
    def refresh_database(self) -> None:
        access = self.starframe.store_access
        try:
            counts = access.counts()
        except EXPECTED as error:
            text = f"Database not available: {plain_words(error)}"
        else:
            drafts = f"{counts.drafts} draft{'' if counts.drafts == 1 else 's'}"
            text = (
                f"Database {access.where}: {counts.people} people, "
                f"{counts.readings} readings ({drafts})"
            )
            try:
                refusal = access.cannot_write()
            except EXPECTED as error:
                refusal = plain_words(error)
            if refusal is not None:
                text += f"\n✗ Read-only: nothing can be saved. {refusal[0].upper()}{refusal[1:]}"
        self.app.call_from_thread(self._show_database, text)

    def _show_database(self, text: str) -> None:
        self.query_one("#home-db", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_open(event.option.id)

    def action_open(self, where: str) -> None:
        """Push the chosen screen; each is imported on first use to keep start-up quick."""
        if where == "start":
            from starframe.tui.screens.start import StartScreen

            self.app.push_screen(StartScreen())
        elif where == "drafts":
            from starframe.tui.screens.drafts import DraftsScreen

            self.app.push_screen(DraftsScreen())
        elif where == "people":
            from starframe.tui.screens.people import PeopleScreen

            self.app.push_screen(PeopleScreen())
        elif where == "browse":
            from starframe.tui.screens.browse import BrowseScreen

            self.app.push_screen(BrowseScreen())
        elif where == "practice":
            from starframe.tui.screens.practice_start import PracticeStartScreen

            self.app.push_screen(PracticeStartScreen())
