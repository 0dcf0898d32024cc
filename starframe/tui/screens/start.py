"""Start a reading: the Star, the person, the worker, the date, the mode.

Only Stars that load are offered, newest edition first. A person or worker code that is not
recorded yet opens a dialog to add them, so a first visit needs no trip to another screen.
The new draft is stored before scoring begins, so even an unscored reading survives a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, TypeVar

from pydantic import ValidationError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static

from starframe.catalog import edition_order
from starframe.readings.models import MODES, Person, Reading, Worker
from starframe.readings.starting import start_problems, suggested_worker
from starframe.store.errors import NotFound
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.form import TickBox, field_row

if TYPE_CHECKING:
    from starframe.readings.stored import StoredReading

StarKey = tuple[str, str]
T = TypeVar("T", Person, Worker)


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
        self._new_person: Person | None = None
        self._new_worker: Worker | None = None
        """Typed into the add dialogs, stored only with the draft."""
        self._another = False
        """Set once the person chose to start another draft beside one kept for the day."""
        self._people: set[str] = set()
        self._workers: list[str] = []
        self._offered = ""
        """The worker code this form filled in (replaced when another person is typed)."""

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
                TickBox("retrospective (scored later, about this date)", id="start-retro"),
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
            earlier = access.readings_of(self._person) if self._person else []
        except EXPECTED:
            return
        offered = suggested_worker(earlier, workers)
        self.app.call_from_thread(self._set_suggestions, people, workers, offered)

    def _set_suggestions(self, people: list[str], workers: list[str], offered: str | None) -> None:
        """Codes to complete, and the worker filled in where one is likely
        (`readings.starting.suggested_worker`)."""
        self._people, self._workers = set(people), workers
        self.query_one("#start-person", Input).suggester = SuggestFromList(people)
        self.query_one("#start-worker", Input).suggester = SuggestFromList(workers)
        self._offer_worker(self._text("start-person"), offered)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A recorded person typed: offer the worker of their latest reading."""
        code = event.value.strip()
        if event.input.id == "start-person" and code in self._people:
            self._suggest_for(code)

    @work(thread=True, exclusive=True, group="start-suggest-worker")
    def _suggest_for(self, person: str) -> None:
        try:
            earlier = self.starframe.store_access.readings_of(person)
        except EXPECTED:
            return
        offered = suggested_worker(earlier, self._workers)
        self.app.call_from_thread(self._offer_worker, person, offered)

    def _offer_worker(self, person: str, offered: str | None) -> None:
        """Fill the worker in, unless one was typed (one this form filled in is replaced)."""
        worker = self.query_one("#start-worker", Input)
        if person != self._text("start-person"):
            return  # another person has been typed since
        if worker.value and worker.value != self._offered:
            return  # typed by the worker
        worker.value = self._offered = offered or ""

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
        """Check the whole form, ask for a person or worker not recorded yet (kept until the
        draft is stored), offer a draft already kept for the same day, then store the draft
        with anyone new, in one transaction: a refused form leaves nothing behind."""
        reading = self._reading()
        if reading is None:
            return
        access = self.starframe.store_access
        try:
            refusal = access.cannot_write()
            if refusal is not None:
                self._error(f"Nothing can be saved: {refusal}")
                return
            person, worker = (
                self._pending(access.person, reading.person, self._new_person),
                (self._pending(access.worker, reading.worker, self._new_worker)),
            )
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        consent = person.consent_date if isinstance(person, Person) else None
        problems = start_problems(reading, consent=consent, today=self.starframe.settings.today())
        if problems:
            self._error(" ".join(problems))
            return
        if person is None:
            self._ask_person(reading.person)
            return
        if worker is None:
            self._ask_worker(reading.worker)
            return
        self._error("")
        if self._new_person is None and not self._another:
            try:
                kept = access.open_draft(reading)
            except EXPECTED as error:
                self._error(plain_words(error))
                return
            if kept is not None:
                self._offer(kept)
                return
        self._store(reading)

    def _reading(self) -> Reading | None:
        """The draft the form describes, or None (with the reason shown) when it cannot be."""
        star = self.query_one("#start-star", Select).value
        if not isinstance(star, tuple):
            self._error("No Star is installed: install a Star plugin, or use --stars-dir.")
            return None
        person, worker = self._text("start-person"), self._text("start-worker")
        if not person or not worker:
            self._error("Give the person's code and your worker code.")
            return None
        try:
            date = dt.date.fromisoformat(self._text("start-date"))
        except ValueError:
            self._error("Date: write the date the reading is about as YYYY-MM-DD.")
            return None
        draft = {
            "star": star[0],
            "edition": star[1],
            "person": person,
            "worker": worker,
            "date": date,
            "mode": self.query_one("#start-mode", Select).value,
            "retrospective": self.query_one("#start-retro", Checkbox).value,
            "status": "draft",
        }
        try:
            return Reading.model_validate(draft)
        except ValidationError as error:
            self._error(plain_words(error))
            return None

    @staticmethod
    def _pending(lookup: Callable[[str], T], code: str, new: T | None) -> T | None:
        """The one recorded under `code`, else the one typed into its dialog for `code`
        (not stored yet), else None: the dialog is still to be asked."""
        try:
            return lookup(code)
        except NotFound:
            return new if new is not None and getattr(new, "code", None) == code else None

    def _store(self, reading: Reading) -> None:
        access = self.starframe.store_access
        try:
            stored = access.start(reading, person=self._new_person, worker=self._new_worker)
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        self._new_person = self._new_worker = None
        self._score(stored)

    def _score(self, stored: StoredReading) -> None:
        from starframe.tui.screens.scoring import ScoringScreen
        from starframe.tui.session import ReadingSession

        access = self.starframe.store_access
        try:
            found = access.star_of(stored.reading)
        except EXPECTED as error:
            self._error(plain_words(error))
            return
        session = ReadingSession(
            access, stored.reading, stored.revision, self.starframe.wording(found)
        )
        self.app.switch_screen(ScoringScreen(session))

    def _offer(self, kept: StoredReading) -> None:
        """A draft for the same person, Star and date is kept already: continue it, or (on
        purpose) start another."""
        from starframe.tui.dialogs.confirm import ConfirmDialog

        reading = kept.reading
        question = (
            f"{reading.person} already has a draft reading of {reading.star} {reading.edition} "
            f"on {reading.date}, by {reading.worker} ({len(reading.scores)} scale(s) done). "
            "Continue that draft instead of starting another?"
        )
        dialog = ConfirmDialog(
            "A draft is kept for this day",
            question,
            "Continue it",
            "Start another",
            cancellable=True,
        )
        self.app.push_screen(dialog, partial(self._offer_answered, kept))

    def _offer_answered(self, kept: StoredReading, yes: bool | None) -> None:
        if yes:
            self._score(kept)
        elif yes is False:
            self._another = True
            self.action_start()

    def _ask_person(self, code: str) -> None:
        from starframe.tui.dialogs.add_person import AddPersonDialog

        dialog = AddPersonDialog(code, self.starframe.settings.today())
        self.app.push_screen(dialog, self._added_person)

    def _added_person(self, person: Person | None) -> None:
        if person is None:
            return
        self._new_person = person
        self.query_one("#start-person", Input).value = person.code
        self.action_start()

    def _ask_worker(self, code: str) -> None:
        from starframe.tui.dialogs.add_worker import AddWorkerDialog

        self.app.push_screen(AddWorkerDialog(code), self._added_worker)

    def _added_worker(self, worker: Worker | None) -> None:
        if worker is None:
            return
        self._new_worker = worker
        self.query_one("#start-worker", Input).value = worker.code
        self.action_start()
