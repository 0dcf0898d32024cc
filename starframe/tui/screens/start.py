"""Start a reading: the Star, the person, the worker, the date, the mode.

Only Stars that load are offered, newest edition first. A person or worker code that is not
recorded yet opens a dialog to add them, so a first visit needs no trip to another screen.
The new draft is stored before scoring begins, so even an unscored reading survives a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static

from starframe.catalog import edition_order
from starframe.readings.models import MODES, Person, Reading, Worker
from starframe.store.errors import NotFound
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.form import field_row

StarKey = tuple[str, str]


class StartScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "start",
            "Start scoring",
            id="start.start",
            tooltip="Store the new draft reading and start scoring it.",
        ),
        Binding("escape", "app.pop_screen", "Back", id="start.back", tooltip="Back home."),
    ]

    def __init__(self, person: str = "") -> None:
        super().__init__()
        self._person = person

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start", classes="form") as form:
            form.border_title = "Start a reading"
            stars = self._star_options()
            yield field_row(
                "Star",
                Select(stars, id="start-star", allow_blank=not stars, compact=True),
            )
            yield field_row(
                "Person",
                Input(
                    self._person, placeholder="code, e.g. P-0042", id="start-person", compact=True
                ),
            )
            yield field_row(
                "Worker", Input(placeholder="your worker code", id="start-worker", compact=True)
            )
            yield field_row(
                "Date",
                Input(self.starframe.settings.today().isoformat(), id="start-date", compact=True),
            )
            yield field_row(
                "Mode",
                Select(
                    ((mode, mode) for mode in MODES),
                    id="start-mode",
                    allow_blank=False,
                    compact=True,
                ),
            )
            yield field_row(
                "Looking back",
                Checkbox(
                    "retrospective (scored later, about this date)", id="start-retro", compact=True
                ),
            )
            yield Static("", id="start-error", classes="form-error", markup=False)
            yield Button("Start scoring (ctrl+s)", id="start-go", variant="primary")
        yield Footer()

    def _star_options(self) -> list[tuple[str, StarKey]]:
        """Every Star that loads, grouped by name, newest edition first (the default)."""
        found = [e.summary for e in self.starframe.catalog.ok_entries() if e.summary]
        found.sort(key=lambda s: edition_order(s.edition), reverse=True)
        found.sort(key=lambda s: s.name)
        return [(f"{s.name} {s.edition}", (s.id, s.edition)) for s in found]

    def on_mount(self) -> None:
        field = "#start-worker" if self._person else "#start-person"
        self.query_one(field, Input).focus()
        self._suggest()

    @work(thread=True, exclusive=True, group="start-suggest")
    def _suggest(self) -> None:
        """Complete codes as they are typed, once the people and workers are loaded."""
        access = self.starframe.store_access
        try:
            people = [row.code for row in access.people()]
            workers = [worker.code for worker in access.workers()]
        except EXPECTED:
            return
        self.app.call_from_thread(self._set_suggestions, people, workers)

    def _set_suggestions(self, people: list[str], workers: list[str]) -> None:
        self.query_one("#start-person", Input).suggester = SuggestFromList(people)
        worker = self.query_one("#start-worker", Input)
        worker.suggester = SuggestFromList(workers)
        if len(workers) == 1 and not worker.value:
            worker.value = workers[0]

    def _text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _error(self, message: str) -> None:
        self.query_one("#start-error", Static).update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "start-date":
            self.action_start()
        else:
            self.focus_next()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Check the person and worker exist (offering to add them), then store the draft."""
        star = self.query_one("#start-star", Select).value
        if not isinstance(star, tuple):
            self._error("No Star is installed: install a Star plugin, or use --stars-dir.")
            return
        access = self.starframe.store_access
        person, worker = self._text("start-person"), self._text("start-worker")
        if not person or not worker:
            self._error("Give the person's code and your worker code.")
            return
        try:
            date = dt.date.fromisoformat(self._text("start-date"))
        except ValueError:
            self._error("Date: write the date the reading is about as YYYY-MM-DD.")
            return
        try:
            if not self._known(access.person, person, self._ask_person):
                return
            if not self._known(access.worker, worker, self._ask_worker):
                return
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        mode = self.query_one("#start-mode", Select).value
        draft = {
            "star": star[0],
            "edition": star[1],
            "person": person,
            "worker": worker,
            "date": date,
            "mode": mode,
            "retrospective": self.query_one("#start-retro", Checkbox).value,
            "status": "draft",
        }
        try:
            stored = access.start(Reading.model_validate(draft))
            found = access.star_of(stored.reading)
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        from starframe.tui.screens.scoring import ScoringScreen
        from starframe.tui.session import ReadingSession

        session = ReadingSession(
            access, stored.reading, stored.revision, self.starframe.wording(found)
        )
        self.app.switch_screen(ScoringScreen(session))

    @staticmethod
    def _known(lookup: Callable[[str], object], code: str, ask: Callable[[str], None]) -> bool:
        """True when `code` is recorded; otherwise opens the dialog that adds it."""
        try:
            lookup(code)
        except NotFound:
            ask(code)
            return False
        return True

    def _ask_person(self, code: str) -> None:
        from starframe.tui.dialogs.add_person import AddPersonDialog

        dialog = AddPersonDialog(code, self.starframe.settings.today())
        self.app.push_screen(dialog, self._added_person)

    def _added_person(self, person: Person | None) -> None:
        if person is None:
            return
        try:
            self.starframe.store_access.add_person(person)
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        self.query_one("#start-person", Input).value = person.code
        self.action_start()

    def _ask_worker(self, code: str) -> None:
        from starframe.tui.dialogs.add_worker import AddWorkerDialog

        self.app.push_screen(AddWorkerDialog(code), self._added_worker)

    def _added_worker(self, worker: Worker | None) -> None:
        if worker is None:
            return
        try:
            self.starframe.store_access.add_worker(worker)
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        self.query_one("#start-worker", Input).value = worker.code
        self.action_start()
