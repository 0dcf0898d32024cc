"""Find a person: type part of a code or name and the list narrows with every key.

Everyone is read once, in the background, as plain rows (code, name, readings, latest
date); matching is then done in memory, so even thousands of people narrow instantly.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from starframe.readings.models import Person
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.plain import plain
from starframe.tui.screens.base import StarScreen
from starframe.tui.store_access import PersonRow

SHOWN = 200
"""Matches listed at most; the count says how many there are."""


class PeopleScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+n",
            "add",
            "Add person",
            id="people.add",
            tooltip="Add a person with the code typed in the search box.",
        ),
        Binding(
            "down",
            "to_list",
            "To the list",
            show=False,
            id="people.list",
            tooltip="Move from the search box to the list of people.",
        ),
        Binding("escape", "app.pop_screen", "Back", id="people.back", tooltip="Back home."),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._people: list[PersonRow] | None = None
        self.shown_query: str | None = None
        """The search the list currently shows the matches of."""

    def compose(self) -> ComposeResult:
        yield Header()
        search = Input(placeholder="Type a code or a name", id="people-search")
        search.border_title = "Find a person"
        yield search
        yield OptionList(id="people-list")
        yield Static("Loading people…", id="people-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people-search", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="people")
    def _load(self) -> None:
        try:
            people = self.starframe.store_access.people()
        except EXPECTED as error:
            message = f"Could not load people: {plain_words(error)}"
            self.app.call_from_thread(self._status, message)
            return
        self.app.call_from_thread(self._loaded, people)

    def _loaded(self, people: list[PersonRow]) -> None:
        self._people = people
        self._filter(self.query_one("#people-search", Input).value)

    def _status(self, text: str) -> None:
        self.query_one("#people-status", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        if self._people is None:
            return
        words = query.casefold().split()
        found = [row for row in self._people if row.matches(words)]
        listing = self.query_one("#people-list", OptionList)
        listing.set_options(Option(self._prompt(row), id=row.code) for row in found[:SHOWN])
        self.shown_query = query
        if found:
            listing.highlighted = 0
            shown = f" (first {SHOWN} shown)" if len(found) > SHOWN else ""
            self._status(
                f"{len(found)} of {len(self._people)} people match{shown}. "
                "Enter opens their history."
            )
        else:
            self._status(
                f"No one matches `{query}`. Ctrl+N adds a person with that code."
                if query
                else "No people yet. Ctrl+N adds one."
            )

    @staticmethod
    def _prompt(row: PersonRow) -> Text:
        text = Text(row.code, style="bold")
        if row.display_name:
            text.append("  ")
            text.append(plain(row.display_name))
        latest = f", latest {row.latest}" if row.latest else ""
        text.append(f"  ({row.readings} reading(s){latest})")
        return text

    def action_to_list(self) -> None:
        self.query_one("#people-list", OptionList).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        listing = self.query_one("#people-list", OptionList)
        option = listing.highlighted_option
        if option is not None and option.id is not None:
            self._open(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open(event.option.id)

    def _open(self, code: str) -> None:
        from starframe.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(code))

    def action_add(self) -> None:
        from starframe.tui.dialogs.add_person import AddPersonDialog

        code = self.query_one("#people-search", Input).value.strip()
        self.app.push_screen(AddPersonDialog(code, self.starframe.settings.today()), self._added)

    def _added(self, person: Person | None) -> None:
        if person is None:
            return
        try:
            self.starframe.store_access.add_person(person)
        except EXPECTED as error:
            self.starframe.report("add the person", error)
            return
        self._people = None
        self.query_one("#people-search", Input).value = person.code
        self._load()
        self._open(person.code)
