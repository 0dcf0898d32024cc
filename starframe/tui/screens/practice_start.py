"""Practice: the trainee's name, then a case to score, alone or in a trainer's session.

With no session code every case on offer is listed, and scoring one is practice alone. A
trainer's code (typed in any case, with or without its hyphen) lists that session's cases
instead, with those this trainee has answered marked done. Cases and sessions are read in the
background, so the form is ready at once. A trainer follows a session's results from here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from starframe.practice.sessions import TRAINEE_LENGTH, normalise_code
from starframe.practice.trainees import trainee_name
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.case_rows import CaseRow, catalog_rows, session_rows
from starframe.tui.widgets.form import field_row

if TYPE_CHECKING:
    from starframe.practice.sessions import SessionResults

CODE_CHARS = 6
"""A session code without its hyphen, e.g. K7P2QX."""


class PracticeStartScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "follow",
            "Follow as trainer",
            id="practice.follow",
            tooltip="See a session's results live, as trainees submit: for the trainer.",
        ),
        Binding(
            "ctrl+n",
            "new_session",
            "New session",
            id="practice.new",
            tooltip="Open a session on some cases and give its code to the trainees.",
        ),
        Binding("escape", "app.pop_screen", "Back", id="practice.back", tooltip="Back home."),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, CaseRow] = {}
        self._session: SessionResults | None = None
        self._all: list[CaseRow] | None = None

    def compose(self) -> ComposeResult:
        self.title = "Practice"
        yield Header()
        with Vertical(id="practice-form", classes="form tight") as form:
            form.border_title = "Practice"
            yield field_row(
                "Your name",
                Input(
                    placeholder="as your trainer knows you",
                    id="practice-name",
                    max_length=TRAINEE_LENGTH,
                    compact=True,
                ),
            )
            yield field_row(
                "Session code",
                Input(
                    placeholder="from your trainer; leave empty to practise alone",
                    id="practice-code",
                    compact=True,
                ),
            )
        cases = OptionList(id="practice-cases")
        cases.border_title = "Cases"
        yield cases
        yield Static("Loading the practice cases…", id="practice-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#practice-name", Input).focus()
        self._load_cases()

    def on_screen_resume(self) -> None:
        """Back from a case: its done mark, from the store."""
        if self._session is not None:
            self._load_session(self._session.session.code)

    # Loading

    @work(thread=True, exclusive=True, group="practice-cases")
    def _load_cases(self) -> None:
        try:
            rows = catalog_rows(self.starframe.case_catalog())
        except EXPECTED as error:
            self.app.call_from_thread(
                self._status, f"Could not read the cases: {plain_words(error)}"
            )
            return
        self.app.call_from_thread(self._show_all, rows)

    @work(thread=True, exclusive=True, group="practice-session")
    def _load_session(self, code: str) -> None:
        from starframe.practice.cases import CaseNotFound

        try:
            results = self.starframe.store_access.practice_results(
                code, self.starframe.case_catalog()
            )
        except EXPECTED as error:
            self.app.call_from_thread(self._refused, code, plain_words(error))
            return
        except CaseNotFound as error:
            self.app.call_from_thread(self._refused, code, str(error))
            return
        self.app.call_from_thread(self._show_session, results)

    def _show_all(self, rows: list[CaseRow]) -> None:
        self._all = rows
        if self._session is None and not self._code():
            self._fill(rows, "Cases")
            ready = sum(row.selectable for row in rows)
            self._status(
                f"{ready} case(s) to practise alone. Type your name, then Enter on a case; "
                "or type your trainer's session code."
                if rows
                else "No practice cases are installed: install a Star plugin with cases, "
                "or use --cases-dir."
            )

    def _show_session(self, results: SessionResults) -> None:
        if normalise_code(self._code()) != results.session.code:
            return
        self._session = results
        self._refill_session()
        if results.session.closed_at is not None:
            self._status(
                f"Session {results.session.code} is closed: the trainer no longer takes answers."
            )
        else:
            self._status(
                f"Session {results.session.code}: {len(results.cases)} case(s). "
                "Enter on a case scores it; your first answers to each are final."
            )

    def _refill_session(self) -> None:
        assert self._session is not None
        rows = session_rows(self._session, self._trainee())
        self._fill(rows, f"Cases of session {self._session.session.code}")

    def _refused(self, code: str, reason: str) -> None:
        """Why session `code` cannot be opened, unless another code was typed meanwhile."""
        if normalise_code(self._code()) == code:
            self._no_session(reason)

    def _no_session(self, reason: str) -> None:
        self._session = None
        self._rows = {}
        cases = self.query_one("#practice-cases", OptionList)
        cases.clear_options()
        cases.border_title = "Cases"
        self._status(reason)

    def _fill(self, rows: list[CaseRow], title: str) -> None:
        cases = self.query_one("#practice-cases", OptionList)
        keep = cases.highlighted_option.id if cases.highlighted_option else None
        self._rows = {row.key: row for row in rows}
        cases.set_options(
            Option(row.prompt(), id=row.key, disabled=not row.selectable) for row in rows
        )
        cases.border_title = title
        if keep not in self._rows or not self._rows[keep].selectable:
            keep = next((row.key for row in rows if row.selectable), None)
        if keep is not None:
            cases.highlighted = cases.get_option_index(keep)

    # Typing

    def _trainee(self) -> str:
        return trainee_name(self.query_one("#practice-name", Input).value)

    def _code(self) -> str:
        return self.query_one("#practice-code", Input).value.strip()

    def _status(self, message: str) -> None:
        self.query_one("#practice-status", Static).update(message)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "practice-name" and self._session is not None:
            self._refill_session()
        elif event.input.id == "practice-code":
            self._code_changed()

    def _code_changed(self) -> None:
        """Empty: every case, to practise alone. A whole code: that session's cases. Between
        the two, no list, so a case is never scored in a session other than the one typed."""
        code = normalise_code(self._code())
        if self._session is not None and self._session.session.code == code:
            return
        self._session = None
        typed = code.replace("-", "")
        if not typed:
            if self._all is not None:
                self._show_all(self._all)
        elif len(typed) == CODE_CHARS:
            self._open_code()
        else:
            self._no_session(f"A session code has {CODE_CHARS} letters and digits, e.g. K7P-2QX.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "practice-name":
            self.query_one("#practice-code", Input).focus()
            return
        if self._code():
            self._open_code()
        self.query_one("#practice-cases", OptionList).focus()

    def _open_code(self) -> None:
        code = normalise_code(self._code())
        if self._session is None or self._session.session.code != code:
            self._status(f"Opening session {code}…")
            self._load_session(code)

    # Choosing

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        row = self._rows.get(event.option.id or "")
        if row is not None:
            self._choose(row)

    def _choose(self, row: CaseRow) -> None:
        from starframe.practice.attempt import PracticeAttempt
        from starframe.tui.dialogs.message import MessageDialog
        from starframe.tui.screens.practice_scoring import PracticeScoringScreen

        name = self._trainee()
        if not name:
            self._status(f"Type your name first (1 to {TRAINEE_LENGTH} characters).")
            self.query_one("#practice-name", Input).focus()
            return
        if self._code() and self._session is None:
            self._status(
                "Type the whole session code and press Enter, or clear it to practise alone."
            )
            return
        if row.state == "done":
            self.app.push_screen(
                MessageDialog(
                    "Already answered",
                    f"{name} has already answered {row.title}: the first answers stand. "
                    "Choose another case.",
                )
            )
            return
        assert row.case is not None
        star = self.starframe.case_catalog().star_of(row.case)
        code = self._session.session.code if self._session else None
        attempt = PracticeAttempt(name, row.case, star, code)
        self.app.push_screen(PracticeScoringScreen(attempt, self.starframe.wording(star)))

    # Elsewhere

    def action_follow(self) -> None:
        from starframe.tui.screens.practice_trainer import TrainerScreen

        code = self._code()
        self.app.push_screen(TrainerScreen(normalise_code(code) if code else None))

    def action_new_session(self) -> None:
        from starframe.tui.screens.practice_new import NewSessionScreen

        self.app.push_screen(NewSessionScreen())
