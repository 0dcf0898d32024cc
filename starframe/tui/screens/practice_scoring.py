"""Score a practice case: the vignette beside the ladder of the current scale.

The keys are a reading's (see `ScaleByScaleScreen`), so practice trains the same habit. The
answers stay in memory until the trainee submits (see `attempt.py`): nothing is stored as a
reading, and leaving without submitting leaves nothing behind. Where the terminal is too
narrow for vignette and ladder side by side, `v` switches between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Markdown, Static

from starframe.tui.failures import EXPECTED
from starframe.tui.screens.scale_by_scale import ScaleByScaleScreen
from starframe.tui.widgets.ladder import LadderView
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.scale_list import ScaleList
from starframe.tui.widgets.scale_state import tally_text

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.practice.attempt import PracticeAttempt
    from starframe.practice.sessions import Submitted

REFUSED: tuple[type[Exception], ...] = (*EXPECTED, ValueError)
"""What a submission can be refused with: the store's errors, and answers that do not fit."""
SIDE_BY_SIDE = 110
"""Columns from which the vignette and the ladder both fit beside the scale list."""


class PracticeScoringScreen(ScaleByScaleScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "switch",
            "Vignette/ladder",
            id="practice.switch",
            tooltip="Switch between the vignette and the ladder (to read or to score).",
        ),
        Binding(
            "f",
            "submit",
            "Submit",
            id="practice.submit",
            tooltip="Submit your answers and see the reference scores: answers are final.",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            id="practice.leave",
            tooltip="Back to the cases; answers not submitted are not kept.",
        ),
    ]

    SCORED = "Kept"
    LAST_STEP = "f submits"

    def __init__(self, attempt: PracticeAttempt, wording: Star) -> None:
        super().__init__()
        self.HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SIDE_BY_SIDE, "-wide")]
        self.attempt = attempt
        self._wording = wording
        self.scale_id = self.first_to_do()

    @property
    def star(self) -> Star:
        return self._wording

    @property
    def marks(self) -> PracticeAttempt:
        return self.attempt

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        self.title = attempt.case.title
        where = f"session {attempt.code}" if attempt.code else "practice"
        self.sub_title = f"{where} · {attempt.trainee}"
        yield Header()
        with Horizontal(id="practice-scoring"):
            scales = ScaleList(id="scale-list")
            scales.border_title = "Scales  ←/→"
            yield scales
            with VerticalScroll(id="vignette") as vignette:
                vignette.border_title = "Vignette  v"
                yield Markdown(attempt.case.vignette, id="vignette-text")
            with Vertical(id="practice-panel"):
                with VerticalScroll(id="practice-head"):
                    yield Static(id="practice-about")
                yield Line(id="scale-where")
                ladder = LadderView(id="ladder")
                ladder.border_title = "Ladder  ↑/↓ Enter"
                yield ladder
        yield Line(id="practice-score-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_scales()
        self.query_one("#vignette").focus()
        self.status("v shows the ladder.")

    # Showing

    def show_scale(self) -> None:
        super().show_scale()
        scale = self.star.scale(self.scale_id)
        number = [s.id for s in self.star.scales].index(scale.id) + 1
        about = Text()
        about.append(f"{number}/{len(self.star.scales)} {scale.name}\n", style="bold")
        about.append(scale.summary)
        if scale.guidance:
            about.append(f"\nGuidance: {scale.guidance}", style="italic")
        self.query_one("#practice-about", Static).update(about)

    def status(self, message: str) -> None:
        ids = [scale.id for scale in self.star.scales]
        self.query_one(
            "#practice-score-status", Line
        ).text = f"{message} {tally_text(self.attempt, ids)}."

    def tell(self, message: str) -> None:
        """Why a key did nothing, in the status line under the ladder (not a passing toast)."""
        self.query_one("#practice-score-status", Line).text = message

    def _changed(self, before: set[int]) -> None:
        self.redraw(before | self.points_marked())
        self.status("Kept until you submit (f).")

    # Answering

    def action_score(self, point: int) -> None:
        before = self.points_marked()
        first = self.scale_id not in self.attempt.scores
        self.attempt.score(self.scale_id, point)
        self._changed(before)
        self.query_one(LadderView).move_to(point)
        self.after_score(first=first)

    def action_not_applicable(self) -> None:
        before = self.points_marked()
        self.attempt.toggle_not_applicable(self.scale_id)
        self._changed(before)

    def action_clear(self) -> None:
        before = self.points_marked()
        self.attempt.clear(self.scale_id)
        self._changed(before)

    def action_switch(self) -> None:
        """Narrow: show the other of vignette and ladder. Wide: move the keys to the other."""
        to_ladder = not self.has_class("-ladder")
        self.set_class(to_ladder, "-ladder")
        target = self.query_one(LadderView) if to_ladder else self.query_one("#vignette")
        self.call_after_refresh(target.focus)

    # Submitting

    def action_submit(self) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        unscored = self.attempt.unscored()
        if unscored:
            names = ", ".join(scale.name for scale in unscored)
            question = (
                f"{len(unscored)} scale(s) not scored: {names}. They count as misses. "
                "Submit anyway? Your answers are final once submitted."
            )
        else:
            question = (
                "Submit your answers and see the reference scores? Your answers are final "
                "once submitted."
            )
        self.app.push_screen(ConfirmDialog("Submit", question, "Submit"), self._submit)

    def _submit(self, yes: bool | None) -> None:
        from starframe.practice.sessions import SessionClosed
        from starframe.store.errors import AlreadyExists
        from starframe.tui.dialogs.message import MessageDialog

        if not yes:
            return
        attempt = self.attempt
        try:
            submitted = self.starframe.store_access.submit_practice(
                attempt.code, attempt.trainee, attempt.case, attempt.star, attempt.scores
            )
        except SessionClosed as error:
            self.app.push_screen(MessageDialog("The session is closed", str(error)))
            return
        except AlreadyExists as error:
            self.app.push_screen(MessageDialog("Already answered", str(error)))
            return
        except REFUSED as error:
            self.starframe.report("submit the answers", error)
            return
        self._show_feedback(submitted)

    def _show_feedback(self, submitted: Submitted) -> None:
        from starframe.tui.screens.practice_feedback import FeedbackScreen

        self.app.switch_screen(FeedbackScreen(self.attempt, submitted))

    def action_leave(self) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        if not self.attempt.scores:
            self.app.pop_screen()
            return
        question = "Leave this case? Your answers have not been submitted and are not kept."
        self.app.push_screen(ConfirmDialog("Leave", question, "Leave"), self._left)

    def _left(self, yes: bool | None) -> None:
        if yes:
            self.app.pop_screen()
