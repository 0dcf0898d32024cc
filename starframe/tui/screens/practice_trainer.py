"""Follow a practice session as its trainer: results appear as trainees submit.

Trainees submit from their own terminals to the same database, so this screen asks the store
again every two seconds, off the UI thread, and redraws only when an answer arrived (answers
are final, so who answered which case tells whether anything changed). `r` asks at once.
Before a code is typed the screen lists the sessions still open, so a trainer who opened one
earlier (or from the command line) need not look its code up; `c` closes the session shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from starframe.practice.sessions import normalise_code
from starframe.store.errors import NotFound
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.form import field_row
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.results_text import heading, session_results

if TYPE_CHECKING:
    from starframe.practice.sessions import SessionResults, SessionSummary

POLL_SECONDS = 2.0

Answered = tuple[bool, tuple[tuple[str, tuple[str, ...]], ...]]
"""Whether the session is closed, and per case who has answered: what a redraw depends on."""


def answered(results: SessionResults) -> Answered:
    return (
        results.session.closed_at is not None,
        tuple((result.case.id, tuple(result.feedback)) for result in results.cases),
    )


class TrainerScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "refresh_results",
            "Refresh",
            id="trainer.refresh",
            tooltip="Read the results again now (they refresh every 2 seconds anyway).",
        ),
        Binding(
            "c",
            "close_session",
            "Close session",
            id="trainer.close",
            tooltip="Stop the session taking answers (asks first); its results stay.",
        ),
        Binding(
            "escape",
            "app.pop_screen",
            "Back",
            id="trainer.back",
            tooltip="Back to practice; the session stays open for the trainees.",
        ),
    ]

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.code = code
        self._shown: Answered | None = None

    def compose(self) -> ComposeResult:
        self.title = "Follow a session"
        yield Header()
        with Vertical(classes="form tight") as form:
            form.border_title = "Follow a session as its trainer"
            yield field_row(
                "Session code",
                Input(self.code or "", placeholder="e.g. K7P-2QX", id="trainer-code", compact=True),
            )
        with VerticalScroll(id="trainer-results"):
            yield Static(id="trainer-heading")
            yield Static(id="trainer-cases")
        yield Line(id="trainer-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(POLL_SECONDS, self._poll)
        if self.code:
            self.query_one("#trainer-results").focus()
            self.action_refresh_results()
        else:
            self.query_one("#trainer-code", Input).focus()
            self._status("Type the session's code and press Enter.")
            self._list_open()

    @work(thread=True, exclusive=True, group="trainer-open")
    def _list_open(self) -> None:
        try:
            found = self.starframe.store_access.open_practice_sessions()
        except EXPECTED as error:
            self.app.call_from_thread(self._status, plain_words(error))
            return
        self.app.call_from_thread(self._show_open, found)

    def _show_open(self, found: list[SessionSummary]) -> None:
        if self.code:
            return
        if not found:
            text = (
                "No session is open. Open one with Ctrl+N on the practice screen."
                if self.starframe.opens_practice_sessions
                # A served trainer's page opens none: sessions come from the trainer's machine.
                else "No session is open. Open one on the trainer's machine with `starframe "
                "practice session new --case CASE` (or Ctrl+N in `starframe practice`), then "
                "type its code here."
            )
        else:
            text = "Open sessions, newest first:\n" + "\n".join(
                f"  {item.session.code}  opened {item.session.created_at:%d %b %Y}  "
                f"{', '.join(c.case_id for c in item.session.cases)}  "
                f"({item.trainees} trainee(s) so far)"
                for item in found
            )
        self.query_one("#trainer-cases", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        self.code = normalise_code(typed)
        self._shown = None
        self.refresh_bindings()
        self.query_one("#trainer-results").focus()
        self._status(f"Opening session {self.code}…")
        self.action_refresh_results()

    def _status(self, message: str) -> None:
        self.query_one("#trainer-status", Line).text = message

    def _poll(self) -> None:
        if self.code and self.is_current:
            self._load(self.code)

    def action_refresh_results(self) -> None:
        if self.code:
            self._load(self.code)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """`c` with no session shown, or on a session closed already, says why it does nothing."""
        if action != "close_session":
            return super().why_not(action, parameters)
        if not self.code or self._shown is None:
            return "Open a session first: type its code and press Enter."
        if self._shown[0]:
            return f"Session {self.code} is closed already: no more answers are taken."
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_session" and self.why_not(action, parameters) is not None:
            return None  # shown dimmed; pressed, the status line says why (`tell`)
        return super().check_action(action, parameters)

    def tell(self, message: str) -> None:
        self._status(message)

    def action_close_session(self) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        code = self.code
        reason = self.why_not("close_session", ())
        if code is None or reason is not None:
            self.tell(reason or "")
            return

        def chosen(yes: bool | None) -> None:
            if yes:
                self._close(code)

        self.app.push_screen(
            ConfirmDialog(
                f"Close session {code}?",
                "Trainees can no longer submit answers to it; everything already submitted "
                "stays, and `starframe practice session reopen` opens it again.",
                "Close it",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="trainer-close")
    def _close(self, code: str) -> None:
        try:
            self.starframe.store_access.close_practice_session(code)
        except EXPECTED as error:
            self.app.call_from_thread(self._status, plain_words(error))
            return
        self.app.call_from_thread(self._after_close, code)

    def _after_close(self, code: str) -> None:
        self._shown = None
        self.refresh_bindings()
        self._load(code)

    @work(thread=True, exclusive=True, group="trainer-results")
    def _load(self, code: str) -> None:
        from starframe.practice.cases import CaseNotFound

        try:
            results = self.starframe.store_access.practice_results(
                code, self.starframe.case_catalog()
            )
        except NotFound:
            # The store's words are for a trainee ("the code your trainer gave you").
            self.app.call_from_thread(self._unknown, code)
            return
        except EXPECTED as error:
            self.app.call_from_thread(self._failed, code, plain_words(error))
            return
        except CaseNotFound as error:
            self.app.call_from_thread(self._failed, code, str(error))
            return
        self.app.call_from_thread(self._show, results)

    def _unknown(self, code: str) -> None:
        """No session has the code: say so in a trainer's words and list those still open."""
        if code != self.code:
            return
        self._failed(code, f"There is no practice session {code}: check the code typed.")
        self.code = None
        self._list_open()

    def _failed(self, code: str, reason: str) -> None:
        if code == self.code:
            self._shown = None
            self.refresh_bindings()
            self.query_one("#trainer-heading", Static).update("")
            self.query_one("#trainer-cases", Static).update("")
            self._status(reason)

    def _show(self, results: SessionResults) -> None:
        if results.session.code != self.code:
            return
        now = answered(results)
        if now != self._shown:
            self._shown = now
            self.refresh_bindings()
            self.query_one("#trainer-heading", Static).update(heading(results))
            self.query_one("#trainer-cases", Static).update(session_results(results))
        closed = results.session.closed_at is not None
        self._status(
            "Closed: no more answers are taken."
            if closed
            else f"Live: new answers appear within {POLL_SECONDS:g} seconds (r reads them now)."
        )
