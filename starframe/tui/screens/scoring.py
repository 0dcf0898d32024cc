"""Score a reading, scale by scale, in any order and over as many sittings as needed.

Left, the scales with their state; right, the current scale's summary, prompts and whole
ladder grouped by stage. A number key scores at once (0 is 10), as does Enter on the ladder's
highlighted point; each change is saved before the screen shows it (see `session.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static

from starframe.readings import editing
from starframe.tui.dialogs.disagreement import Answer
from starframe.tui.failures import EXPECTED
from starframe.tui.plain import plain
from starframe.tui.screens.scale_by_scale import ScaleByScaleScreen
from starframe.tui.session import ReadingSession
from starframe.tui.widgets.ladder import LadderView
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.scale_list import ScaleList
from starframe.tui.widgets.scale_state import scale_state, tally_text

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.tui.screens.together import TogetherScreen

CHANGES = {"score", "digit", "not_applicable", "disagree", "note", "clear"}


class ScoringScreen(ScaleByScaleScreen):
    """The keys shared with practice come from `ScaleByScaleScreen`; these are a reading's own."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "disagree",
            "Disagree",
            # `n` and `d` are named under the ladder instead of in the footer, so that the
            # footer fits 80 columns with Finish and Home in it.
            show=False,
            id="score.disagree",
            tooltip="Record the person's own score where it differs from the worker's.",
        ),
        Binding(
            "n", "note", "Note", show=False, id="score.note", tooltip="Write a note on this scale."
        ),
        Binding(
            "g",
            "guidance",
            "Guidance",
            show=False,  # named under the ladder, as n and d are
            id="score.guidance",
            tooltip="This scale's whole summary, guidance, prompts and note, in place of the "
            "ladder (g again brings the ladder back).",
        ),
        Binding("s", "chart", "Star", id="score.chart", tooltip="See the star chart so far."),
        Binding(
            "t",
            "together",
            "Together",
            id="score.together",
            tooltip="The star and this scale's ladder, big: for turning the screen to the person.",
        ),
        Binding(
            "f",
            "finish",
            "Finish",
            id="score.finish",
            tooltip="Check every scale is done, add the action plan, complete the reading.",
        ),
        Binding(
            "escape",
            "leave",
            "Home",
            id="score.home",
            tooltip="Back home; the draft is saved and can be continued any time.",
        ),
    ]

    SCORED = "Saved"
    LAST_STEP = "f finishes"

    def __init__(self, session: ReadingSession) -> None:
        super().__init__()
        self.session = session
        self.scale_id = self.first_to_do()
        self._read_only = self._cannot_write()

    def _cannot_write(self) -> str | None:
        """Why the draft cannot be saved (asked once: the store opened to load it)."""
        if self.session.locked:
            return None
        try:
            reason = self.session.access.cannot_write()
        except EXPECTED:
            return None  # the first save reports what is wrong with the database
        return None if reason is None else reason[0].upper() + reason[1:]

    @property
    def star(self) -> Star:
        return self.session.star

    @property
    def marks(self) -> Reading:
        return self.session.reading

    def compose(self) -> ComposeResult:
        reading, star = self.session.reading, self.session.star
        self.title = f"{star.name} {star.edition}"
        self.sub_title = f"{reading.person} · {reading.date.isoformat()} · {reading.mode}"
        yield Header()
        with Horizontal(id="scoring"):
            scales = ScaleList(id="scale-list")
            scales.border_title = "Scales  ←/→"
            yield scales
            with Vertical(id="scale-panel"):
                with VerticalScroll(id="scale-head") as head:
                    head.border_subtitle = "↑/↓ scroll · g Ladder"  # its border shows with g
                    yield Static(id="scale-about")
                yield Line(id="scale-where")
                ladder = LadderView(id="ladder")
                ladder.border_title = "Ladder  ↑/↓ Enter"
                ladder.border_subtitle = "g Guidance · n Note · d Disagree"
                yield ladder
        yield Line(id="score-status")
        yield Footer()

    def on_mount(self) -> None:
        self.show_scales()
        self.query_one(LadderView).focus()
        if self.session.locked:
            self.status("Complete: scores locked.")
        elif self._read_only is not None:
            self.status(f"Read-only: nothing can be saved. {self._read_only}")
        else:
            self.status("Draft saved.")

    # Showing

    def show_scale(self) -> None:
        super().show_scale()
        self._show_about()
        self.refresh_bindings()  # `d` depends on the scale's score

    def _show_about(self) -> None:
        star, reading = self.session.star, self.session.reading
        scale = star.scale(self.scale_id)
        number = [s.id for s in star.scales].index(scale.id) + 1
        head = Text()
        head.append(f"{number}/{len(star.scales)} {scale.name}\n", style="bold")
        head.append(scale.summary)
        if scale.guidance:
            head.append(f"\nGuidance: {scale.guidance}", style="italic")
        parts = [head, *(Text(f"  ? {prompt}", style="italic") for prompt in scale.prompts)]
        note = reading.notes.get(scale.id)
        if note:
            parts.append(Text("✎ ").append_text(plain(note)))
        self.query_one("#scale-about", Static).update(Group(*parts))

    def status(self, message: str) -> None:
        ids = [scale.id for scale in self.session.star.scales]
        summary = tally_text(self.session.reading, ids)
        self.query_one("#score-status", Line).text = f"{message} {summary}."

    def _changed(self, points: set[int], *, note: bool = False) -> None:
        """Redraw what a saved change touches: the scale's line, two ladder rows, the state."""
        self.redraw(points)
        if note:
            self._show_about()
        self.refresh_bindings()
        self.status("Saved.")

    # Changing the reading

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """A locked reading, a read-only database, a disagreement outside a collaborative
        reading or on an unscored scale: each key that cannot act says why."""
        if action == "note" and self._locked() is not None:
            # A note there opens to be read; with none, there is nothing to read or write.
            if self.session.reading.notes.get(self.scale_id):
                return None
            return f"{self._locked()} This scale has no note."
        if action in CHANGES:
            locked = self._locked()
            if locked is not None:
                return locked
        if action == "disagree":
            return editing.disagreement_refusal(self.session.reading, self.scale_id)
        return super().why_not(action, parameters)

    def _locked(self) -> str | None:
        """Why nothing on the reading can change now: complete, or a read-only database."""
        if self.session.locked:
            return "Complete: scores locked."
        if self._read_only is not None:
            return f"Read-only: nothing can be saved. {self._read_only}"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGES and self.why_not(action, parameters) is not None:
            return None
        return super().check_action(action, parameters)

    def tell(self, message: str) -> None:
        self.query_one("#score-status", Line).text = message

    def _apply(self, doing: str, change: Callable[[], None]) -> bool:
        """Run a session change; on refusal show the store's words and keep the old state."""
        try:
            change()
        except EXPECTED as error:
            self.starframe.report(doing, error)
            return False
        return True

    def action_score(self, point: int) -> None:
        before = self.points_marked()
        first = scale_state(self.session.reading, self.scale_id) == "to do"
        if self._apply("save the score", lambda: self.session.score(self.scale_id, point)):
            self._changed(before | self.points_marked())
            self.query_one(LadderView).move_to(point)
            self.after_score(first=first)

    def action_not_applicable(self) -> None:
        before = self.points_marked()
        if self._apply(
            "mark the scale not applicable",
            lambda: self.session.toggle_not_applicable(self.scale_id),
        ):
            self._changed(before)

    def action_clear(self) -> None:
        before = self.points_marked()
        if self._apply("clear the score", lambda: self.session.clear(self.scale_id)):
            self._changed(before)

    def action_disagree(self) -> None:
        from starframe.tui.dialogs.disagreement import DisagreementDialog

        reading, scale = self.session.reading, self.session.star.scale(self.scale_id)
        worker = reading.scores.get(scale.id)
        assert isinstance(worker, int)
        dialog = DisagreementDialog(
            scale.name, worker, reading.person_scores.get(scale.id), self.session.star.points
        )
        self.app.push_screen(dialog, self._disagreed)

    def _disagreed(self, answer: Answer) -> None:
        if answer is None:
            return
        before = self.points_marked()
        person = None if answer == "remove" else answer
        if self._apply(
            "record the disagreement", lambda: self.session.disagree(self.scale_id, person)
        ):
            self._changed(before | self.points_marked())

    def action_note(self) -> None:
        from starframe.tui.dialogs.note import NoteDialog

        scale = self.session.star.scale(self.scale_id)
        text = self.session.reading.notes.get(scale.id, "")
        self.app.push_screen(NoteDialog(scale.name, text, locked=self._locked()), self._noted)

    def _noted(self, text: str | None) -> None:
        if text is not None and self._apply(
            "save the note", lambda: self.session.note(self.scale_id, text)
        ):
            self._changed(set(), note=True)

    def action_guidance(self) -> None:
        """At 80×24 the head shows a few lines of a scale's prompts; this gives it the ladder's
        room, to scroll with ↑/↓, and back."""
        opened = not self.has_class("-guidance")
        self.set_class(opened, "-guidance")
        target = self.query_one("#scale-head") if opened else self.query_one(LadderView)
        self.call_after_refresh(target.focus)

    # Elsewhere

    def action_chart(self) -> None:
        from starframe.tui.screens.chart import ChartScreen

        self.app.push_screen(ChartScreen(self.session.reading, self.session.star))

    def action_together(self) -> None:
        from starframe.tui.screens.together import TogetherScreen

        together = TogetherScreen(self.session, self.scale_id, self._read_only)
        self.app.push_screen(together, lambda _none: self._back_from_together(together))

    def _back_from_together(self, together: TogetherScreen) -> None:
        """Back on the scale the person was looking at, with what was scored there."""
        self.scale_id = together.scale_id
        self.show_scales()
        if self.session.locked:
            self.status("Complete: scores locked.")
        elif self._read_only is not None:
            self.status(f"Read-only: nothing can be saved. {self._read_only}")
        else:
            self.status("Saved.")

    def action_finish(self) -> None:
        from starframe.tui.screens.finish import FinishScreen

        self.app.push_screen(FinishScreen(self.session))

    def action_leave(self) -> None:
        self.app.pop_screen()
        if not self.session.locked:
            self.notify("Draft saved. Continue it from Home › Continue a draft.")

    def on_screen_resume(self) -> None:
        """Back from finishing: a completed reading is shown locked."""
        self._show_about()
        self.refresh_bindings()
        if self.session.locked:
            self.status("Complete: scores locked.")
