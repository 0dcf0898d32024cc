"""Feedback on a submitted practice case: the verdict first, then every scale to learn from.

The summary stays in view; the scales scroll below it, each with the trainee's score and the
reference, their stages, the distance and the reference rationale. A certificate recorded by
this submission is named with its refresher date; practice alone never certifies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.feedback_text import scale_blocks, summary

if TYPE_CHECKING:
    from starframe.practice.attempt import PracticeAttempt
    from starframe.practice.sessions import Submitted


class FeedbackScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter",
            "app.pop_screen",
            "Done",
            id="feedback.done",
            tooltip="Back to the cases, to choose another.",
        ),
        Binding(
            "d",
            "download_sheet",
            "Download PDF",
            id="feedback.download",
            tooltip="Your feedback sheet for this session as a PDF, downloaded by the browser.",
        ),
    ]

    def __init__(self, attempt: PracticeAttempt, submitted: Submitted) -> None:
        super().__init__()
        self.attempt = attempt
        self.submitted = submitted

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        self.title = f"Feedback: {attempt.case.title}"
        self.sub_title = attempt.trainee
        yield Header()
        head = summary(self.submitted.feedback)
        head.append_text(self._certificate())
        yield Static(head, id="feedback-summary")
        with VerticalScroll(id="feedback-scales") as scales:
            scales.border_title = "Scale by scale  ↑/↓"
            yield Static(scale_blocks(self.submitted.feedback), id="feedback-text")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#feedback-scales").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The sheet is offered where the app can hand a file over: in a browser tab (a
        terminal has `starframe practice sheet`, which asks where to write it)."""
        if action == "download_sheet" and not self.starframe.offers_downloads:
            return False
        return super().check_action(action, parameters)

    def action_download_sheet(self) -> None:
        if self.attempt.code is None:
            self.notify(
                "Practice alone has no feedback sheet: it is printed for a trainer's session.",
                severity="warning",
            )
            return
        self.notify("Preparing your feedback sheet…")
        self._prepare_sheet(self.attempt.code)

    @work(thread=True, exclusive=True, group="feedback-sheet")
    def _prepare_sheet(self, code: str) -> None:
        from starframe.practice.trainees import stored_trainee
        from starframe.render.practice_sheet import render_sheet

        try:
            results = self.starframe.store_access.practice_results(
                code, self.starframe.case_catalog()
            )
            name = stored_trainee(results.trainees, self.attempt.trainee) or self.attempt.trainee
            pdf = render_sheet(results, name)
        except EXPECTED as error:
            self.app.call_from_thread(
                self.notify, f"Could not prepare the sheet: {plain_words(error)}", severity="error"
            )
            return
        self.app.call_from_thread(self._deliver, code, pdf)

    def _deliver(self, code: str, pdf: bytes) -> None:
        import io

        self.app.deliver_binary(
            io.BytesIO(pdf), save_filename=f"feedback-{code}.pdf", mime_type="application/pdf"
        )
        self.notify("Your feedback sheet is downloading.")

    def _certificate(self) -> Text:
        certificate = self.submitted.certificate
        if self.attempt.code is None:
            return Text("\nPractice alone: no certificate (a trainer's session gives one).")
        if certificate is None:
            return Text()
        from starframe.practice.certificates import refresher_months

        try:
            due = f"refresher due {certificate.due_on(refresher_months()).isoformat()}"
        except ValueError as exc:
            due = f"no refresher date, as {exc}"
        return Text(
            f"\n★ Certificate recorded: {certificate.trainee} passed the {self.attempt.star.name} "
            f"{certificate.edition} on {certificate.passed_on.isoformat()}; {due}.",
            style="bold",
        )
